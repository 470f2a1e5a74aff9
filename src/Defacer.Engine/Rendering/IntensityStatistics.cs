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
                int b = FindBin(hist, target, out long below);
                // Refine inside the bin with a second histogram, so one extreme outlier stretching the range
                // does not cost precision: the result is accurate to range / 4096^2.
                double lo = min + b * width, hi = lo + width;
                var fine = HistogramWithin(data, lo, hi, b == Bins - 1, ignoreZeros);
                int fb = FindBin(fine, target - below, out long fineBelow);
                double fineWidth = width / Bins;
                double frac = fine[fb] > 0 ? (target - below - fineBelow) / fine[fb] : 0.5;
                result[p] = lo + (fb + Math.Max(0, Math.Min(1, frac))) * fineWidth;
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

        // The bin holding the target-th value, and how many values lie in the bins before it.
        private static int FindBin(long[] hist, double target, out long below)
        {
            below = 0;
            for (int b = 0; b < hist.Length; b++)
            {
                if (below + hist[b] >= target && hist[b] > 0)
                {
                    return b;
                }
                below += hist[b];
            }
            // Target beyond the count (100th percentile): the last non-empty bin.
            below = 0;
            int last = 0;
            for (int b = 0; b < hist.Length; b++)
            {
                if (hist[b] > 0)
                {
                    last = b;
                }
            }
            for (int b = 0; b < last; b++)
            {
                below += hist[b];
            }
            return last;
        }

        // Histogram of the values in [lo, hi) (or [lo, hi] for the top bin), with the same binning rule as the
        // coarse pass so the counts agree.
        private static long[] HistogramWithin(float[] data, double lo, double hi, bool includeHigh, bool ignoreZeros)
        {
            var hist = new long[Bins];
            double scale = Bins / (hi - lo);
            foreach (var v in data)
            {
                if ((ignoreZeros && v == 0) || float.IsNaN(v) || float.IsInfinity(v) || v < lo || v > hi || (v == hi && !includeHigh))
                {
                    continue;
                }
                int b = (int)((v - lo) * scale);
                hist[b >= Bins ? Bins - 1 : b < 0 ? 0 : b]++;
            }
            return hist;
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
