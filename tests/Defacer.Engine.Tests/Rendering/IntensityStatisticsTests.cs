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
    }
}
