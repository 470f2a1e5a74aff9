using Defacer.Engine.Nifti;
using Defacer.Engine.Quality;
using Xunit;
using Xunit.Abstractions;

namespace Defacer.Engine.Tests.Quality
{
    /// <summary>The detector on the real heads of ../shared/data/heads (MANIFEST.md says which have a face).</summary>
    public class FacePresenceRealHeadTests
    {
        private readonly ITestOutputHelper _out;

        public FacePresenceRealHeadTests(ITestOutputHelper output)
        {
            _out = output;
        }

        [Theory]
        [InlineData("adult-t1w-1mm-ras-fullface-otsu.nii.gz")]
        [InlineData("adult-t1w-1p6mm-ras-fullface-neck.nii.gz")]
        [InlineData("adult-t1w-2mm-ras-fullface-neck-xa30.nii.gz")]
        [InlineData("adult39-t1w-2mm-psr-fullface-ixi012.nii.gz")]
        [InlineData("adult24-t1w-2mm-psr-fullface-ixi015.nii.gz")]
        [InlineData("adult-t1w-0p88mm-ras-partialface-chris.nii.gz")]
        public void FullFaceHeads_HaveAFace(string file)
        {
            var r = FacePresenceDetector.Detect(NiftiReader.Read(TestData.Head(file)).ToVolume());
            foreach (var f in r.Features)
            {
                _out.WriteLine(f.ToString());
            }
            Assert.True(r.FacePresent, r.ToString());
            Assert.Equal(FeatureState.Present, r[FaceFeature.Eyes].State);
            Assert.Equal(FeatureState.Present, r[FaceFeature.Nose].State);
        }

        // The 6-year-old brain (300^3 voxels, like the infant) gives the same answer (-93 mm eyes) but doubles the
        // time, so it was checked by hand rather than on every CI run.
        [Theory]
        [InlineData("brainonly-adult-flair-1mm-oblique19.nii.gz")]
        [InlineData("brainonly-infant1mo-t1w-0p8mm-oblique.nii.gz")]
        [InlineData("brainonly-template-2p4mm-orient-ras.nii.gz")]
        [InlineData("brainonly-template-2p4mm-orient-pir.nii.gz")]
        [InlineData("elderly-flair-1p3x1p2x3mm-lps-oblique-alreadydefaced-miccai2017.nii.gz")]
        public void BrainOnlyAndDefacedHeads_HaveNoFace(string file)
        {
            var r = FacePresenceDetector.Detect(NiftiReader.Read(TestData.Head(file)).ToVolume());
            foreach (var f in r.Features)
            {
                _out.WriteLine(f.ToString());
            }
            Assert.False(r.FacePresent, r.ToString());
            Assert.DoesNotContain(r.Features, f => f.State == FeatureState.Present);
        }

        [Theory]
        [InlineData("adult-t1w-2mm-ras-fullface-neck-xa30.nii.gz")]
        [InlineData("adult39-t1w-2mm-psr-fullface-ixi012.nii.gz")]
        public void ZeroingTheAnteriorInferiorRegion_FlipsTheAnswer(string file)
        {
            var v = NiftiReader.Read(TestData.Head(file)).ToVolume();
            var before = FacePresenceDetector.Detect(v);
            Assert.True(before.FacePresent, before.ToString());
            // Everything in front of a coronal plane 20 mm behind the forehead, below 80 mm under the vertex
            // (roughly the brow line), the region a face-removal tool takes away.
            var a = v.Affine;
            for (int k = 0; k < v.Nz; k++)
            for (int j = 0; j < v.Ny; j++)
            for (int i = 0; i < v.Nx; i++)
            {
                var w = a.Apply(i, j, k);
                if (w.Y > before.ForeheadY - 20 && w.Z < before.VertexZ - 80)
                {
                    v[i, j, k] = 0;
                }
            }
            // With the original's landmarks (QC with an original): nothing remains.
            var after = FacePresenceDetector.Detect(v, reference: before);
            foreach (var f in after.Features)
            {
                _out.WriteLine(f.ToString());
            }
            Assert.False(after.FacePresent, after.ToString());
            Assert.DoesNotContain(after.Features, f => f.State == FeatureState.Present);

            // Audit without the original: the landmarks are re-measured on the cut image; no nose, mouth or chin.
            var audit = FacePresenceDetector.Detect(v);
            _out.WriteLine("audit: " + audit);
            foreach (var feature in new[] { FaceFeature.Nose, FaceFeature.Mouth, FaceFeature.Chin })
            {
                Assert.NotEqual(FeatureState.Present, audit[feature].State);
            }
        }
    
        // Axial slabs whose field of view cuts the top of the head off (MANIFEST: partial-face PD and T2w) are flagged,
        // and whole heads, including a tight field of view that grazes the vertex, are not.
        [Theory]
        [InlineData("adult-pd-axial-2p4mm-oblique-partialface-chris.nii.gz", true)]
        [InlineData("adult-t2w-axial-1x1x2mm-las-partialface.nii.gz", true)]
        [InlineData("adult-t1w-1mm-ras-fullface-otsu.nii.gz", false)]
        [InlineData("adult-t1w-2mm-ras-fullface-neck-xa30.nii.gz", false)]
        [InlineData("adult39-t1w-2mm-psr-fullface-ixi012.nii.gz", false)]
        [InlineData("adult-t1w-0p88mm-ras-partialface-chris.nii.gz", false)]
        [InlineData("adult-flair-axial-5mm-lps-partialface.nii.gz", false)]
        public void TopOfHeadOutsideTheFieldOfView_IsFlagged(string file, bool cut)
        {
            var r = FacePresenceDetector.Detect(NiftiReader.Read(TestData.Head(file)).ToVolume());
            _out.WriteLine($"top-cut area {r.TopCutAreaMm2:0} mm2");
            Assert.Equal(cut, r.TopCut);
        }

        // The same head with its top 30 mm removed from the field of view (a copy of the grid without the upper slices)
        // is flagged; the flag depends on the world direction of the grid faces, not on the storage order (IXI is PSR).
        [Fact]
        public void CroppingTheTopOffAWholeHead_SetsTheFlag()
        {
            var v = NiftiReader.Read(TestData.Head("adult39-t1w-2mm-psr-fullface-ixi012.nii.gz")).ToVolume();
            var whole = FacePresenceDetector.Detect(v);
            Assert.False(whole.TopCut, $"whole head: {whole.TopCutAreaMm2:0} mm2");
            // Crop the grid: the voxel axis that points up loses its top 15 slices.
            var a = v.Affine;
            int upAxis = 0;
            for (int c = 1; c < 3; c++)
            {
                if (System.Math.Abs(a[2, c]) > System.Math.Abs(a[2, upAxis])) upAxis = c;
            }
            bool upIsHigh = a[2, upAxis] > 0;
            int drop = 15; // 2 mm voxels: 30 mm
            int[] n = { v.Nx, v.Ny, v.Nz };
            n[upAxis] -= drop;
            var data = new float[(long)n[0] * n[1] * n[2]];
            int[] off = { 0, 0, 0 };
            if (!upIsHigh) off[upAxis] = drop;
            for (int k = 0; k < n[2]; k++)
            for (int j = 0; j < n[1]; j++)
            for (int i = 0; i < n[0]; i++)
            {
                data[i + n[0] * (j + n[1] * k)] = v[i + off[0], j + off[1], k + off[2]];
            }
            var corner = a.Apply(off[0], off[1], off[2]); // the cropped grid's first voxel
            var cropAffine = Defacer.Engine.Volumes.Affine.FromRowMajor(new[]
            {
                a[0, 0], a[0, 1], a[0, 2], corner.X,
                a[1, 0], a[1, 1], a[1, 2], corner.Y,
                a[2, 0], a[2, 1], a[2, 2], corner.Z,
                0, 0, 0, 1,
            });
            var cropped = new Defacer.Engine.Volumes.Volume3D(n[0], n[1], n[2], data, cropAffine);
            var r = FacePresenceDetector.Detect(cropped);
            _out.WriteLine($"cropped: top-cut area {r.TopCutAreaMm2:0} mm2; {r}");
            Assert.True(r.TopCut);
        }
    }
}
