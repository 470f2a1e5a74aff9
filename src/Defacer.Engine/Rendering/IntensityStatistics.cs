using System;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Rendering
{
    /// <summary>
    /// Histogram-based robust statistics of an image: percentiles and Otsu's threshold. A fixed number of bins over
    /// the data range keeps it one pass per statistic and independent of the image's intensity scale.
    /// </summary>
    public static class IntensityStatistics
    {
        private const int Bins = 4096;

        /// <summary>
        /// The <paramref name="percent"/> percentile (0-100) of the values, from a 4096-bin histogram, so accurate to
        /// 1/4096 of the range. With <paramref name="ignoreZeros"/> exact zeros (padding, removed voxels) are left out.
        /// </summary>
        public static double Percentile(float[] data, double percent, bool ignoreZeros = false)
        {
            return Percentiles(data, new[] { percent }, ignoreZeros)[0];
        }

        /// <summary>Several percentiles from one histogram (see <see cref="Percentile"/>).</summary>
        public static double[] Percentiles(float[] data, double[] percents, bool ignoreZeros = false)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }
            MinMax(data, ignoreZeros, out float min, out float max, out long count);
            var result = new double[percents.Length];
            if (count == 0)
            {
                return result;
            }
            if (max <= min)
            {
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = min;
                }
                return result;
            }
            var hist = Histogram(data, min, max, Bins, ignoreZeros);
            double width = (max - (double)min) / Bins;
            for (int p = 0; p < percents.Length; p++)
            {
                double target = Math.Max(0, Math.Min(100, percents[p])) / 100.0 * count;
                long cumulative = 0;
                int b = 0;
                for (; b < Bins; b++)
                {
                    if (cumulative + hist[b] >= target)
                    {
                        break;
                    }
                    cumulative += hist[b];
                }
                b = Math.Min(b, Bins - 1);
                // Interpolate inside the bin so percentiles move smoothly with the data.
                double frac = hist[b] > 0 ? (target - cumulative) / hist[b] : 0.5;
                result[p] = min + (b + Math.Max(0, Math.Min(1, frac))) * width;
            }
            return result;
        }

        /// <summary>
        /// Otsu's threshold (maximum between-class variance) of the values in [<paramref name="low"/>, <paramref name="high"/>]
        /// (values outside are clipped to the ends), from a 256-bin histogram.
        /// </summary>
        public static double Otsu(float[] data, double low, double high, bool ignoreZeros = false)
        {
            return Otsu(data, null, low, high, ignoreZeros);
        }

        /// <summary>Otsu's threshold over the voxels selected by <paramref name="mask"/> (null: all).</summary>
        public static double Otsu(float[] data, byte[]? mask, double low, double high, bool ignoreZeros = false)
        {
            const int bins = 256;
            if (!(high > low))
            {
                return low;
            }
            var hist = new long[bins];
            double scale = bins / (high - low);
            for (int i = 0; i < data.Length; i++)
            {
                if (mask != null && mask[i] == 0)
                {
                    continue;
                }
                float v = data[i];
                if ((ignoreZeros && v == 0) || float.IsNaN(v))
                {
                    continue;
                }
                int b = (int)((v - low) * scale);
                hist[b < 0 ? 0 : b >= bins ? bins - 1 : b]++;
            }
            long total = 0;
            double sumAll = 0;
            for (int b = 0; b < bins; b++)
            {
                total += hist[b];
                sumAll += b * (double)hist[b];
            }
            if (total == 0)
            {
                return low;
            }
            long w0 = 0;
            double sum0 = 0, best = -1;
            int bestBin = 0;
            for (int b = 0; b < bins - 1; b++)
            {
                w0 += hist[b];
                sum0 += b * (double)hist[b];
                long w1 = total - w0;
                if (w0 == 0 || w1 == 0)
                {
                    continue;
                }
                double m0 = sum0 / w0, m1 = (sumAll - sum0) / w1;
                double between = (double)w0 * w1 * (m0 - m1) * (m0 - m1);
                if (between > best)
                {
                    best = between;
                    bestBin = b;
                }
            }
            // The threshold is the upper edge of the last bin of the lower class.
            return low + (bestBin + 1) / scale;
        }

        private static void MinMax(float[] data, bool ignoreZeros, out float min, out float max, out long count)
        {
            min = float.PositiveInfinity;
            max = float.NegativeInfinity;
            count = 0;
            foreach (var v in data)
            {
                if ((ignoreZeros && v == 0) || float.IsNaN(v) || float.IsInfinity(v))
                {
                    continue;
                }
                if (v < min) min = v;
                if (v > max) max = v;
                count++;
            }
        }

        private static long[] Histogram(float[] data, float min, float max, int bins, bool ignoreZeros)
        {
            var hist = new long[bins];
            double scale = bins / (max - (double)min);
            foreach (var v in data)
            {
                if ((ignoreZeros && v == 0) || float.IsNaN(v) || float.IsInfinity(v))
                {
                    continue;
                }
                int b = (int)((v - min) * scale);
                hist[b >= bins ? bins - 1 : b < 0 ? 0 : b]++;
            }
            return hist;
        }
    }
}
