using System.Linq;
using Defacer.Engine.Deface;
using Defacer.Engine.Nifti;
using Defacer.Engine.Volumes;
using Xunit;

namespace Defacer.Engine.Tests.Deface
{
    public class FaceMaskTemplateTests
    {
        [Fact]
        public void DetectsKeepMasksAndInvertedMasksAlike()
        {
            var template = NiftiReader.Read(TestData.Template("MNI152_T1_2mm.nii.gz")).ToVolume();
            var keep = NiftiReader.Read(TestData.Template("mydeface_mniMask.nii.gz")).ToVolume();
            // mydeface's keep-mask is 0 all around the head too, so fewer than half its voxels are 1:
            // a rule based on volume alone would call it a face mask.
            Assert.True(keep.Data.Count(v => v >= 0.5f) * 2 < keep.Length);
            var a = new FaceMaskTemplate(template, keep);
            Assert.Equal(FaceMaskConvention.KeepIsOne, a.Convention);

            var inverted = new Volume3D(keep.Nx, keep.Ny, keep.Nz, keep.Data.Select(v => 1f - v).ToArray(), keep.Affine);
            var b = new FaceMaskTemplate(template, inverted);
            Assert.Equal(FaceMaskConvention.FaceIsOne, b.Convention);
            Assert.Equal(a.FaceRegion.Data, b.FaceRegion.Data);
            Assert.Equal(a.KeepMask.Data, b.KeepMask.Data);

            // An explicit convention is obeyed.
            var c = new FaceMaskTemplate(template, keep, convention: FaceMaskConvention.KeepIsOne);
            Assert.Equal(a.FaceRegion.Data, c.FaceRegion.Data);
        }

        [Fact]
        public void PydeafaceMaskIsAKeepMask()
        {
            // pydeface multiplies the image by facemask.nii.gz, so 1 = keep; the face is its minority.
            var mask = NiftiReader.Read(TestData.Template("pydeface_facemask.nii.gz")).ToVolume();
            double ones = mask.Data.Count(v => v >= 0.5f) / (double)mask.Length;
            Assert.InRange(ones, 0.8, 0.95);
        }

        [Fact]
        public void FaceRegionExtendsBelowAndInFrontOfTheMaskGrid()
        {
            var set = FaceMaskRuns.Pair(FaceMaskRuns.Mni);
            var t = FaceMaskTemplate.Load(set);
            var keep = t.KeepMask;
            var region = t.FaceRegion;
            // Longer along S (extruded 100 mm down) and along A (40 mm forward) than the mask grid.
            Assert.Equal(keep.Nx, region.Nx);
            Assert.Equal(keep.Ny + 20, region.Ny);
            Assert.Equal(keep.Nz + 50, region.Nz);
            Assert.True(region.Count() > 0);
            // Nothing behind the template brain's lowest part is removed below the grid (the brainstem stays).
            var lowest = region.Affine.Apply(0, 0, 0);
            Assert.True(lowest.Z < keep.Affine.Apply(0, 0, 0).Z - 99);
        }
    }
}
