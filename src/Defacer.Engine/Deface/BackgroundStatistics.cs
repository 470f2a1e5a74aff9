using System;
using System.Collections.Generic;

namespace Defacer.Engine.Deface
{
    /// <summary>
    /// Robust level and spread of the air around the head, for noise fills. The head/air threshold is Otsu's on the
    /// intensity histogram (clipped at the 99.5th percentile so a few bright vessels do not pull it up); the
    /// background is every finite voxel below it; level = median, spread = 1.4826 x MAD (the standard deviation of a
    /// normal distribution with that MAD), so the brightest air voxels and ghosting barely move them.
    /// </summary>
    public sealed class BackgroundStatistics
    {
        private const int Bins = 256;

        private BackgroundStatistics(double median, double spread, double threshold, double minimum, long count)
        {
            Median = median;
            Spread = spread;
            Threshold = threshold;
            Minimum = minimum;
            Count = count;
        }

        /// <summary>Median of the background.</summary>
        public double Median { get; }

        /// <summary>Robust standard deviation (1.4826 x MAD) of the background.</summary>
        public double Spread { get; }

        /// <summary>The head/air threshold: noise is clamped below it so that fills never look like tissue.</summary>
        public double Threshold { get; }

        /// <summary>The smallest finite value sampled: noise is clamped above it.</summary>
        public double Minimum { get; }

        /// <summary>How many voxels counted as background.</summary>
        public long Count { get; }

        /// <summary>At most this many voxels are looked at (an even stride through the volume): the statistics of a
        /// million background samples are as good as those of all of them, and sorting stays cheap.</summary>
        public const int MaxSamples = 1 << 20;

        /// <summary>Computes the statistics of a volume's values.</summary>
        public static BackgroundStatistics Compute(float[] values)
        {
            int stride = Math.Max(1, (int)((values.LongLength + MaxSamples - 1) / MaxSamples));
            var finite = new List<float>(values.Length / stride + 1);
            for (int i = 0; i < values.Length; i += stride)
            {
                float v = values[i];
                if (!float.IsNaN(v) && !float.IsInfinity(v))
                {
                    finite.Add(v);
                }
            }
            if (finite.Count == 0)
            {
                return new BackgroundStatistics(0, 0, 0, 0, 0);
            }
            var sorted = finite.ToArray();
            Array.Sort(sorted);
            double min = sorted[0];
            double hi = sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(0.995 * (sorted.Length - 1)))];
            if (!(hi > min))
            {
                return new BackgroundStatistics(min, 0, min, min, sorted.Length);
            }

            double threshold = Otsu(sorted, min, hi);
            int n = UpperBound(sorted, threshold);
            if (n == 0)
            {
                return new BackgroundStatistics(min, 0, threshold, min, 0);
            }
            double median = MedianOfSorted(sorted, 0, n);
            var deviations = new double[n];
            for (int i = 0; i < n; i++)
            {
                deviations[i] = Math.Abs(sorted[i] - median);
            }
            Array.Sort(deviations);
            double mad = n % 2 == 1 ? deviations[n / 2] : 0.5 * (deviations[n / 2 - 1] + deviations[n / 2]);
            return new BackgroundStatistics(median, 1.4826 * mad, threshold, min, n);
        }

        private static double Otsu(float[] sorted, double lo, double hi)
        {
            var hist = new long[Bins];
            double width = (hi - lo) / Bins;
            foreach (var v in sorted)
            {
                int b = (int)((Math.Min(v, hi) - lo) / width);
                hist[b >= Bins ? Bins - 1 : b]++;
            }
            long total = sorted.Length;
            double sumAll = 0;
            for (int i = 0; i < Bins; i++)
            {
                sumAll += i * (double)hist[i];
            }
            double sumB = 0, best = -1;
            long wB = 0;
            int bestBin = 0;
            for (int i = 0; i < Bins; i++)
            {
                wB += hist[i];
                if (wB == 0)
                {
                    continue;
                }
                long wF = total - wB;
                if (wF == 0)
                {
                    break;
                }
                sumB += i * (double)hist[i];
                double mB = sumB / wB, mF = (sumAll - sumB) / wF;
                double between = (double)wB * wF * (mB - mF) * (mB - mF);
                if (between > best)
                {
                    best = between;
                    bestBin = i;
                }
            }
            return lo + (bestBin + 1) * width;
        }

        private static int UpperBound(float[] sorted, double value)
        {
            int lo = 0, hi = sorted.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >> 1;
                if (sorted[mid] < value) lo = mid + 1; else hi = mid;
            }
            return lo;
        }

        private static double MedianOfSorted(float[] sorted, int start, int count) =>
            count % 2 == 1 ? sorted[start + count / 2] : 0.5 * ((double)sorted[start + count / 2 - 1] + sorted[start + count / 2]);
    }
}
