using System.Diagnostics;
using System.Linq;
using Defacer.Engine.Nifti;
using Defacer.Engine.Quality;
using Defacer.Engine.Volumes;
using Xunit;
using Xunit.Abstractions;

namespace Defacer.Engine.Tests.Quality
{
    public class ImageQualityRealHeadTests
    {
        private readonly ITestOutputHelper _out;

        public ImageQualityRealHeadTests(ITestOutputHelper output)
        {
            _out = output;
        }

        [Theory]
        [InlineData("adult39-t1w-2mm-psr-fullface-ixi012")]
        [InlineData("adult24-t1w-2mm-psr-fullface-ixi015")]
        public void MeasuresOfARealHead_BeforeAndAfterRemovingTheFace(string name)
        {
            var v = NiftiReader.Read(TestData.Head(name + ".nii.gz")).ToVolume();
            var labels = NiftiReader.Read(TestData.Head(name + "_dlmuse-labels.nii.gz")).ToVolume();
            var brain = Mask3D.Like(v);
            for (int i = 0; i < brain.Length; i++)
            {
                brain.Data[i] = labels.Data[i] > 0 ? (byte)1 : (byte)0;
            }
            var sw = Stopwatch.StartNew();
            var before = ImageQualityMeasures.Compute(v, brain);
            _out.WriteLine($"measures {sw.Elapsed.TotalMilliseconds:F0} ms");

            // Plausible values for a T1w head: white brighter than gray, SNR and CNR well above 1, EFC inside (0, 1).
            Assert.True(before.WhiteMean > before.GrayMean, $"WM {before.WhiteMean} GM {before.GrayMean}");
            Assert.InRange(before.Snr, 5, 500);
            Assert.InRange(before.Cnr, 0.5, 50);
            Assert.InRange(before.Efc, 0.2, 0.9);
            Assert.InRange(before.BrainVolumeMm3, 1.0e6, 1.9e6);

            var face = FacePresenceDetector.Detect(v);
            var a = v.Affine;
            for (int k = 0; k < v.Nz; k++)
            for (int j = 0; j < v.Ny; j++)
            for (int i = 0; i < v.Nx; i++)
            {
                var w = a.Apply(i, j, k);
                if (w.Y > face.ForeheadY - 20 && w.Z < face.VertexZ - 80 && !brain[i, j, k])
                {
                    v[i, j, k] = 0;
                }
            }
            var after = ImageQualityMeasures.Compute(v, brain);
            var changes = QualityMeasureChange.Compare(before, after);
            foreach (var c in changes)
            {
                _out.WriteLine(c.ToString());
            }
            Assert.Equal(0, changes.First(c => c.Name == "BrainVolumeMm3").Delta);
            Assert.True(after.HeadVolumeMm3 < before.HeadVolumeMm3, "the face left the head mask");
        }

        [Theory]
        [InlineData("adult39-t1w-2mm-psr-fullface-ixi012", false)]
        [InlineData("adult-t1w-1p6mm-ras-fullface-neck", false)]
        [InlineData("adult24-t1w-2mm-psr-fullface-ixi015", true)]
        public void ComputePair_GivesExactlyTheFiguresOfTwoSeparateComputations(string name, bool cutIntoTheBrain)
        {
            // The checker computes the original's and the defaced image's measures in one pass over both; every figure
            // must be the one two separate computations give, to the last bit (also when brain voxels changed, where the
            // defaced image gets its own tissue fit, and with face voxels set to another value than 0).
            var original = NiftiReader.Read(TestData.Head(name + ".nii.gz")).ToVolume();
            var brain = Defacer.Engine.Segmentation.BrainExtractor.Compute(original);
            var defaced = new Volume3D(original.Nx, original.Ny, original.Nz, (float[])original.Data.Clone(), original.Affine);
            var face = FacePresenceDetector.Detect(original);
            var a = original.Affine;
            for (int k = 0; k < original.Nz; k++)
            for (int j = 0; j < original.Ny; j++)
            for (int i = 0; i < original.Nx; i++)
            {
                var w = a.Apply(i, j, k);
                bool faceVoxel = w.Y > face.ForeheadY - 20 && w.Z < face.VertexZ - 80 && !brain[i, j, k];
                bool slab = cutIntoTheBrain && w.Y > face.ForeheadY - 40 && w.Z < face.VertexZ - 40;
                if (faceVoxel || slab)
                {
                    defaced[i, j, k] = (i + j) % 7 == 0 ? 3 : 0; // mostly zeroed, some voxels set to a small value
                }
            }
            double threshold = Defacer.Engine.Rendering.SurfaceThreshold.Estimate(original);
            var head = HeadMask.Build(original, threshold);
            var headDefaced = HeadMask.Build(defaced, threshold);
            var before = ImageQualityMeasures.Compute(original, brain, head);
            bool brainUnchanged = Enumerable.Range(0, brain.Length).All(i => brain.Data[i] == 0 || original.Data[i] == defaced.Data[i]);
            Assert.Equal(!cutIntoTheBrain, brainUnchanged);
            var after = ImageQualityMeasures.Compute(defaced, brain, headDefaced, brainUnchanged ? before.Tissue : null);

            var (pairBefore, pairAfter) = ImageQualityMeasures.ComputePair(original, defaced, brain, head, headDefaced, brainUnchanged);

            Assert.Equal(before.ToList(), pairBefore.ToList());
            Assert.Equal(after.ToList(), pairAfter.ToList());
            Assert.Equal(new[] { before.BrainMean, before.AirStd, before.GrayMean, before.WhiteMean }, new[] { pairBefore.BrainMean, pairBefore.AirStd, pairBefore.GrayMean, pairBefore.WhiteMean });
            Assert.Equal(new[] { after.BrainMean, after.AirStd, after.GrayMean, after.WhiteMean }, new[] { pairAfter.BrainMean, pairAfter.AirStd, pairAfter.GrayMean, pairAfter.WhiteMean });
            Assert.NotEqual(before.ToList(), after.ToList());
        }
    }
}
