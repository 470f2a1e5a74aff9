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
    }
}
