using System;
using System.Collections.Generic;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Segmentation
{
    /// <summary>
    /// Histogram-based intensity statistics (percentiles, Otsu threshold). Histograms make them linear-time and
    /// independent of the intensity scale and datatype: a uint8 image and the same image times 13.9 give the same
    /// relative thresholds.
    /// </summary>
    public static class IntensityStatistics
    {
        private const int Bins = 1024;

        /// <summary>The <paramref name="fraction"/> quantile (0..1) of the voxels where <paramref name="mask"/> is set (all voxels when null), to 1/1024 of the range.</summary>
        public static double Percentile(Volume3D volume, Mask3D? mask, double fraction)
        {
            return Percentiles(volume, mask, new[] { fraction })[0];
        }

        /// <summary>Several quantiles at once.</summary>
        public static double[] Percentiles(Volume3D volume, Mask3D? mask, IReadOnlyList<double> fractions)
        {
            var (hist, lo, width, total) = Histogram(volume, mask);
            var result = new double[fractions.Count];
            for (int f = 0; f < fractions.Count; f++)
            {
                double target = fractions[f] * total;
                long cum = 0;
                int b = 0;
                for (; b < Bins; b++)
                {
                    cum += hist[b];
                    if (cum >= target && cum > 0)
                    {
                        break;
                    }
                }
                result[f] = lo + (Math.Min(b, Bins - 1) + 0.5) * width;
            }
            return result;
        }

        /// <summary>
        /// Otsu's threshold (maximum between-class variance) of the voxels in <paramref name="mask"/> (all when null) whose
        /// value lies in [<paramref name="min"/>, <paramref name="max"/>].
        /// </summary>
        public static double Otsu(Volume3D volume, Mask3D? mask, double min, double max)
        {
            var hist = new long[Bins];
            double width = (max - min) / Bins;
            if (!(width > 0))
            {
                return min;
            }
            var d = volume.Data;
            for (int i = 0; i < d.Length; i++)
            {
                if (mask != null && mask.Data[i] == 0)
                {
                    continue;
                }
                double v = d[i];
                if (v < min || v > max)
                {
                    continue;
                }
                int b = (int)((v - min) / width);
                hist[b >= Bins ? Bins - 1 : b]++;
            }
            long total = 0;
            double sumAll = 0;
            for (int b = 0; b < Bins; b++)
            {
                total += hist[b];
                sumAll += b * (double)hist[b];
            }
            double best = -1, wB = 0, sumB = 0;
            int bestBin = 0;
            for (int b = 0; b < Bins; b++)
            {
                wB += hist[b];
                if (wB == 0)
                {
                    continue;
                }
                double wF = total - wB;
                if (wF == 0)
                {
                    break;
                }
                sumB += b * (double)hist[b];
                double mB = sumB / wB, mF = (sumAll - sumB) / wF;
                double between = wB * wF * (mB - mF) * (mB - mF);
                if (between > best)
                {
                    best = between;
                    bestBin = b;
                }
            }
            return min + (bestBin + 1) * width;
        }

        private static (long[] Hist, double Lo, double Width, long Total) Histogram(Volume3D volume, Mask3D? mask)
        {
            var d = volume.Data;
            double lo = double.MaxValue, hi = double.MinValue;
            for (int i = 0; i < d.Length; i++)
            {
                if (mask != null && mask.Data[i] == 0)
                {
                    continue;
                }
                float v = d[i];
                if (float.IsNaN(v) || float.IsInfinity(v))
                {
                    continue;
                }
                if (v < lo) lo = v;
                if (v > hi) hi = v;
            }
            var hist = new long[Bins];
            if (lo > hi)
            {
                return (hist, 0, 1, 0);
            }
            double width = hi > lo ? (hi - lo) / Bins : 1;
            long total = 0;
            for (int i = 0; i < d.Length; i++)
            {
                if (mask != null && mask.Data[i] == 0)
                {
                    continue;
                }
                float v = d[i];
                if (float.IsNaN(v) || float.IsInfinity(v))
                {
                    continue;
                }
                int b = (int)((v - lo) / width);
                hist[b >= Bins ? Bins - 1 : b]++;
                total++;
            }
            return (hist, lo, width, total);
        }
    }
}
