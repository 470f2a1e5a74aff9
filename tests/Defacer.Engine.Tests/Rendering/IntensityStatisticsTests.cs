using System;
using Defacer.Engine.Rendering;
using Xunit;

namespace Defacer.Engine.Tests.Rendering
{
    /// <summary>
    /// The histogram percentiles: the fused inside/outside form must give exactly what two separate calls give (the
    /// quality measures rely on it), and the refined percentile must be close to the exact order statistic.
    /// </summary>
    public class IntensityStatisticsTests
    {
        // Noise-like data with negatives, exact zeros, a far outlier, NaN and infinities, and a random mask.
        private static (float[] Data, byte[] Mask) Sample(int seed)
        {
            var rng = new Random(seed);
            var data = new float[50_000];
            var mask = new byte[data.Length];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (float)(rng.NextDouble() * 200 - 50);
                if (i % 17 == 0) data[i] = 0;
                mask[i] = (byte)(rng.NextDouble() < 0.3 ? 1 : 0);
            }
            data[11] = 1e7f;
            data[12] = float.NaN;
            data[13] = float.PositiveInfinity;
            data[14] = float.NegativeInfinity;
            return (data, mask);
        }

        [Theory]
        [InlineData(1, false)]
        [InlineData(2, true)]
        public void InsideAndOutside_EqualsTwoSeparateCalls(int seed, bool absolute)
        {
            var (data, mask) = Sample(seed);
            var percents = new[] { 0.0, 0.5, 25, 50, 99.5, 100 };
            var (inside, outside) = IntensityStatistics.PercentilesInsideAndOutside(data, mask, percents, absolute);
            Assert.Equal(IntensityStatistics.Percentiles(data, mask, true, percents, absolute), inside);
            Assert.Equal(IntensityStatistics.Percentiles(data, mask, false, percents, absolute), outside);
        }

        [Fact]
        public void InsideAndOutside_EmptySide_IsNaN()
        {
            var data = new float[] { 1, 2, 3 };
            var (inside, outside) = IntensityStatistics.PercentilesInsideAndOutside(data, new byte[3], new[] { 50.0 });
            Assert.True(double.IsNaN(inside[0]));
            Assert.Equal(2, outside[0], 3);
        }

        [Fact]
        public void Percentiles_AreCloseToTheOrderStatistics_DespiteAnOutlier()
        {
            var (data, _) = Sample(3);
            var finite = Array.FindAll(data, v => !float.IsNaN(v) && !float.IsInfinity(v));
            Array.Sort(finite);
            var p = IntensityStatistics.Percentiles(data, new[] { 10.0, 50, 90 });
            Assert.Equal(finite[(int)(0.10 * finite.Length)], p[0], 0);
            Assert.Equal(finite[(int)(0.50 * finite.Length)], p[1], 0);
            Assert.Equal(finite[(int)(0.90 * finite.Length)], p[2], 0);
        }

        [Fact]
        public void IntegerData_CountedPath_AgreesWithTheVoxelPath()
        {
            // Integer data take the counting path; the same data shifted by half a unit are not integers and take the
            // voxel-by-voxel passes. The shift moves every bin edge with the data, so each statistic must move by
            // exactly 0.5 (up to rounding far below a fine bin).
            var rng = new Random(5);
            var ints = new float[40_000];
            var mask = new byte[ints.Length];
            for (int i = 0; i < ints.Length; i++)
            {
                ints[i] = rng.Next(-300, 701);
                if (i % 13 == 0) ints[i] = 0;
                mask[i] = (byte)(rng.NextDouble() < 0.4 ? 1 : 0);
            }
            var halves = Array.ConvertAll(ints, v => v + 0.5f);
            var percents = new[] { 0.0, 0.5, 2, 25, 50, 98, 99.5, 100 };
            AssertShifted(IntensityStatistics.Percentiles(halves, percents), IntensityStatistics.Percentiles(ints, percents));
            AssertShifted(IntensityStatistics.Percentiles(halves, mask, true, percents), IntensityStatistics.Percentiles(ints, mask, true, percents));
            var (hIn, hOut) = IntensityStatistics.PercentilesInsideAndOutside(halves, mask, percents);
            var (iIn, iOut) = IntensityStatistics.PercentilesInsideAndOutside(ints, mask, percents);
            AssertShifted(hIn, iIn);
            AssertShifted(hOut, iOut);
            Assert.Equal(IntensityStatistics.Otsu(halves, mask, -99.5, 600.5) - 0.5, IntensityStatistics.Otsu(ints, mask, -100, 600), 9);
        }

        private static void AssertShifted(double[] shifted, double[] actual)
        {
            Assert.Equal(shifted.Length, actual.Length);
            for (int i = 0; i < actual.Length; i++)
            {
                Assert.Equal(shifted[i] - 0.5, actual[i], 9);
            }
        }
    }
}
