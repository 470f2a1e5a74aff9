using System;
using System.Linq;
using Defacer.Engine.Quality;
using Defacer.Engine.Volumes;
using Xunit;

namespace Defacer.Engine.Tests.Quality
{
    public class ImageQualityMeasuresTests
    {
        private const int N = 48;

        // Voxel (i, j, k) at distance r (voxels) from the grid centre.
        private static double R(int i, int j, int k)
        {
            double c = (N - 1) / 2.0;
            return Math.Sqrt((i - c) * (i - c) + (j - c) * (j - c) + (k - c) * (k - c));
        }

        private static double Gaussian(Random rnd)
        {
            // Box-Muller with a fixed seed: deterministic noise.
            double u1 = 1.0 - rnd.NextDouble(), u2 = rnd.NextDouble();
            return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }

        private static (Volume3D V, Mask3D Brain, Mask3D Head) Phantom(Func<int, int, int, double> brainValue, double airSigma, int seed = 1)
        {
            var v = new Volume3D(N, N, N, Affine.Identity);
            var brain = Mask3D.Like(v);
            var head = Mask3D.Like(v);
            var rnd = new Random(seed);
            for (int k = 0; k < N; k++)
            for (int j = 0; j < N; j++)
            for (int i = 0; i < N; i++)
            {
                double r = R(i, j, k);
                if (r < 12)
                {
                    v[i, j, k] = (float)brainValue(i, j, k);
                    brain[i, j, k] = true;
                    head[i, j, k] = true;
                }
                else if (r < 18)
                {
                    v[i, j, k] = 60; // scalp and skull
                    head[i, j, k] = true;
                }
                else
                {
                    v[i, j, k] = (float)(airSigma * Gaussian(rnd));
                }
            }
            return (v, brain, head);
        }

        [Fact]
        public void ComputePair_OnFloatDataWithNaN_EqualsTwoSeparateComputations()
        {
            // Non-integer values (the FBER medians then come from sorted values, not counts), NaN voxels, a face-like
            // region zeroed or changed in the copy, a head mask that differs there, and brain voxels changed too.
            var (v, brain, head) = Phantom((i, j, k) => 80 + 40 * Math.Sin(i * 0.7) + 0.37 * j, 4.3, seed: 5);
            v[3, 3, 3] = float.NaN;
            v[24, 24, 24] = float.NaN;
            var defaced = new Volume3D(N, N, N, (float[])v.Data.Clone(), v.Affine);
            var headDefaced = head.Clone();
            for (int k = 0; k < N; k++)
            for (int j = 30; j < N; j++)
            for (int i = 0; i < N; i++)
            {
                if (k < 20)
                {
                    defaced[i, j, k] = (i + k) % 5 == 0 ? 2.5f : 0;
                    headDefaced[i, j, k] = false;
                }
            }
            defaced[24, 24, 24] = 7; // a NaN brain voxel made finite
            foreach (bool brainUnchanged in new[] { true, false })
            {
                var before = ImageQualityMeasures.Compute(v, brain, head, null);
                var after = ImageQualityMeasures.Compute(defaced, brain, headDefaced, brainUnchanged ? before.Tissue : null);
                var (pairBefore, pairAfter) = ImageQualityMeasures.ComputePair(v, defaced, brain, head, headDefaced, brainUnchanged);
                Assert.Equal(before.ToList(), pairBefore.ToList());
                Assert.Equal(after.ToList(), pairAfter.ToList());
                Assert.Equal((before.BrainMean, before.AirStd, before.GrayMean, before.WhiteMean), (pairBefore.BrainMean, pairBefore.AirStd, pairBefore.GrayMean, pairBefore.WhiteMean));
                Assert.Equal((after.BrainMean, after.AirStd, after.GrayMean, after.WhiteMean), (pairAfter.BrainMean, pairAfter.AirStd, pairAfter.GrayMean, pairAfter.WhiteMean));
            }
        }

        [Fact]
        public void Snr_IsDietrichsMeanOverAirNoise()
        {
            var (v, brain, head) = Phantom((i, j, k) => 100, 5);
            var m = ImageQualityMeasures.Compute(v, brain, head);
            Assert.InRange(m.AirStd, 4.9, 5.1);
            Assert.InRange(m.Snr, 0.98 * 0.65514 * 20, 1.02 * 0.65514 * 20);
        }

        [Fact]
        public void Cnr_IsTheGrayWhiteDifferenceOverTheNoise()
        {
            // CSF 30 in the centre, white matter 200 in the upper half, gray 100 elsewhere; no noise in tissue.
            double c = (N - 1) / 2.0;
            var (v, brain, head) = Phantom((i, j, k) => R(i, j, k) < 4 ? 30 : k > c ? 200 : 100, 10);
            var m = ImageQualityMeasures.Compute(v, brain, head);
            Assert.Equal(100, m.GrayMean, 6);
            Assert.Equal(200, m.WhiteMean, 6);
            Assert.InRange(m.Cnr, 100 / (10 * 1.02), 100 / (10 * 0.98));
        }

        [Fact]
        public void TissueClasses_FindWhiteMatterDarkInT2LikeContrast()
        {
            double c = (N - 1) / 2.0;
            var (v, brain, _) = Phantom((i, j, k) => R(i, j, k) < 4 ? 300 : k > c ? 60 : 120, 0);
            var t = TissueClasses.Fit(v.Data, brain.Data);
            Assert.False(t.WhiteIsBright);
            Assert.Equal(2, t.Classify(60));
            Assert.Equal(1, t.Classify(120));
            Assert.Equal(0, t.Classify(300));
        }

        [Fact]
        public void Efc_IsOneForAUniformImageAndZeroForASingleVoxel()
        {
            var uniform = new Volume3D(10, 10, 10, Affine.Identity);
            for (int i = 0; i < uniform.Length; i++) uniform.Data[i] = 7;
            var all = new Mask3D(10, 10, 10, Enumerable.Repeat((byte)1, 1000).ToArray(), Affine.Identity);
            Assert.Equal(1.0, ImageQualityMeasures.Compute(uniform, all, all).Efc, 9);

            var single = new Volume3D(10, 10, 10, Affine.Identity);
            single[5, 5, 5] = 42;
            Assert.Equal(0.0, ImageQualityMeasures.Compute(single, all, all).Efc, 9);
        }

        [Fact]
        public void Fber_IsTheRatioOfMedianEnergies()
        {
            var (v, brain, head) = Phantom((i, j, k) => 100, 0);
            for (int i = 0; i < v.Length; i++)
            {
                v.Data[i] = head.Data[i] != 0 ? 100 : 2;
            }
            Assert.Equal(2500, ImageQualityMeasures.Compute(v, brain, head).Fber, 6);
            for (int i = 0; i < v.Length; i++)
            {
                if (head.Data[i] == 0) v.Data[i] = 0;
            }
            Assert.True(double.IsNaN(ImageQualityMeasures.Compute(v, brain, head).Fber), "undefined for an exactly zero background");
        }

        [Fact]
        public void Volumes_AreInCubicMillimetres()
        {
            var affine = Affine.FromScaleAndOffset(1, 1, 2, 0, 0, 0);
            var v = new Volume3D(10, 10, 10, affine);
            var brain = new Mask3D(10, 10, 10, affine);
            for (int i = 0; i < 250; i++) brain.Data[i] = 1;
            var head = brain.Clone();
            for (int i = 250; i < 400; i++) head.Data[i] = 1;
            var m = ImageQualityMeasures.Compute(v, brain, head);
            Assert.Equal(500, m.BrainVolumeMm3, 9);
            Assert.Equal(800, m.HeadVolumeMm3, 9);
        }

        [Fact]
        public void Compare_ReportsTheChangeOfEveryMeasure()
        {
            var (v, brain, head) = Phantom((i, j, k) => 100, 5);
            var before = ImageQualityMeasures.Compute(v, brain, head);
            // "Deface": zero half of the air, as a removed face region would be.
            for (int i = 0; i < v.Length / 2; i++)
            {
                if (head.Data[i] == 0) v.Data[i] = 0;
            }
            var after = ImageQualityMeasures.Compute(v, brain, head);
            var changes = QualityMeasureChange.Compare(before, after);
            Assert.Equal(new[] { "SNR", "CNR", "EFC", "FBER", "BrainVolumeMm3", "HeadVolumeMm3" }, changes.Select(c => c.Name));
            var snr = changes.First(c => c.Name == "SNR");
            Assert.True(snr.After > snr.Before * 1.2, snr.ToString()); // less air noise, higher SNR
            Assert.Equal(snr.After - snr.Before, snr.Delta, 9);
            Assert.Equal(0, changes.First(c => c.Name == "BrainVolumeMm3").PercentChange, 9);
        }

        [Fact]
        public void MaskOnAnotherGrid_ThrowsNamingIt()
        {
            var v = new Volume3D(4, 4, 4, Affine.Identity);
            var ex = Assert.Throws<ArgumentException>(() => ImageQualityMeasures.Compute(v, new Mask3D(4, 4, 5, Affine.Identity)));
            Assert.Contains("brain mask", ex.Message);
        }
    }
}
