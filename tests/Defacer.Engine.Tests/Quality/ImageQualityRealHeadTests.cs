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
    }
}
