using System;
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
            Assert.Equal(a.FaceRegion.Mask.Data, b.FaceRegion.Mask.Data);
            Assert.Equal(a.KeepMask.Data, b.KeepMask.Data);

            // An explicit convention is obeyed.
            var c = new FaceMaskTemplate(template, keep, convention: FaceMaskConvention.KeepIsOne);
            Assert.Equal(a.FaceRegion.Mask.Data, c.FaceRegion.Mask.Data);
        }

        [Fact]
        public void PydeafaceMaskIsAKeepMask()
        {
            // pydeface multiplies the image by facemask.nii.gz, so 1 = keep; the face is its minority.
            var mask = NiftiReader.Read(TestData.Template("pydeface_facemask.nii.gz")).ToVolume();
            double ones = mask.Data.Count(v => v >= 0.5f) / (double)mask.Length;
            Assert.InRange(ones, 0.8, 0.95);
        }

        [Theory]
        [InlineData(FaceMaskRuns.Mni, -34)]
        [InlineData(FaceMaskRuns.Avg, -22)]
        public void FaceRegionIsOpenBelowAndInFrontAndStopsInFrontOfTheBrainstem(string pair, double brainstemFrontY)
        {
            var t = FaceMaskTemplate.Load(FaceMaskRuns.Pair(pair));
            var region = t.FaceRegion;
            // Same grid as the keep-mask; the inferior (z index 0 of these LAS grids) and anterior sides continue.
            Assert.Equal(t.KeepMask.Nx, region.Mask.Nx);
            Assert.Equal(t.KeepMask.Nz, region.Mask.Nz);
            Assert.True(region.IsOpen(2, high: false));
            Assert.True(region.IsOpen(1, high: true));
            Assert.False(region.IsOpen(2, high: true));
            Assert.False(region.IsOpen(1, high: false));
            Assert.False(region.IsOpen(0, high: false) || region.IsOpen(0, high: true));
            // The plane is 10 mm in front of the front of the template brainstem (measured with nibabel on the
            // brain masks: lowest 10 mm of the brain within 20 mm of the midline).
            Assert.InRange(t.PosteriorLimitY, brainstemFrontY + 9, brainstemFrontY + 11);
            // The bottom slice is everything in front of the plane, in the face's columns, and nothing behind it.
            var m = region.Mask;
            int front = 0, behind = 0, midColumnFront = 0;
            for (int y = 0; y < m.Ny; y++)
            {
                for (int x = 0; x < m.Nx; x++)
                {
                    var p = m.Affine.Apply(x, y, 0);
                    bool set = m[x, y, 0];
                    if (p.Y < t.PosteriorLimitY && set) behind++;
                    if (p.Y >= t.PosteriorLimitY && set) front++;
                    if (p.Y >= t.PosteriorLimitY && Math.Abs(p.X) < 1 && !set) midColumnFront++;
                }
            }
            Assert.Equal(0, behind);
            Assert.True(front > 1000, $"only {front} bottom voxels in front of the plane");
            Assert.Equal(0, midColumnFront);
        }

        [Fact]
        public void OpenSidesRepeatTheirEdgeSliceWithoutEnd()
        {
            // 4 x 4 x 4 mask at 2 mm, RAS, with one voxel set in the bottom slice (z = 0) and one in the front slice.
            var affine = Affine.FromScaleAndOffset(2, 2, 2, 0, 0, 0);
            var mask = new Mask3D(4, 4, 4, affine);
            mask[1, 1, 0] = true;
            mask[2, 3, 2] = true;
            var open = new OpenEdgeMask(mask, (2, false), (1, true));
            // Target: the same world, 1 mm voxels, reaching 500 mm below and 300 mm in front of the mask's grid.
            var far = open.CarryInto(1, 1, 1, Affine.FromScaleAndOffset(1, 1, 1, 2, 2, -500), Affine.Identity);
            Assert.True(far[0, 0, 0], "500 mm below the bottom slice reads the bottom slice");
            var front = open.CarryInto(1, 1, 1, Affine.FromScaleAndOffset(1, 1, 1, 4, 300, 4), Affine.Identity);
            Assert.True(front[0, 0, 0], "300 mm in front reads the front slice");
            // Closed sides read 0 beyond the grid: above, behind, left and right.
            foreach (var (x, y, z) in new[] { (2.0, 2.0, 60.0), (2.0, -60.0, 0.0), (-60.0, 2.0, 0.0), (60.0, 2.0, 0.0) })
            {
                Assert.False(open.CarryInto(1, 1, 1, Affine.FromScaleAndOffset(1, 1, 1, x, y, z), Affine.Identity)[0, 0, 0], $"({x}, {y}, {z})");
            }
            // A transform is honoured: the target world shifted by 100 mm maps back onto the set voxel.
            var shifted = open.CarryInto(1, 1, 1, Affine.FromScaleAndOffset(1, 1, 1, 102, 2, -700), Affine.FromScaleAndOffset(1, 1, 1, -100, 0, 0));
            Assert.True(shifted[0, 0, 0]);
            // An LPS grid of the same mask: the sides are found by world direction, not by voxel index.
            var lps = Affine.FromRowMajor(new double[] { -2, 0, 0, 6, 0, -2, 0, 6, 0, 0, 2, 0, 0, 0, 0, 1 });
            var flipped = new Mask3D(4, 4, 4, lps);
            flipped[2, 2, 0] = true; // world (2, 2, 0): the same point as [1, 1, 0] above
            var openFlipped = new OpenEdgeMask(flipped, (2, false), (1, true));
            Assert.True(openFlipped.IsOpen(1, high: false));
            Assert.True(openFlipped.CarryInto(1, 1, 1, Affine.FromScaleAndOffset(1, 1, 1, 2, 2, -500), Affine.Identity)[0, 0, 0]);
        }
    }
}
