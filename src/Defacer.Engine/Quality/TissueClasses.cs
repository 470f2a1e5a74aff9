using System;
using Defacer.Engine.Rendering;

namespace Defacer.Engine.Quality
{
    /// <summary>
    /// Three intensity classes inside the brain (CSF-, gray- and white-matter-like) by three-class Otsu: the two
    /// thresholds that maximise the between-class variance of a 256-bin histogram. Contrast-agnostic: gray matter is
    /// the middle class; white matter is the larger of the two outer classes (it outnumbers the CSF inside a brain
    /// mask in T1w, T2w and FLAIR alike).
    /// </summary>
    public sealed class TissueClasses
    {
        private TissueClasses(double low, double high, bool whiteIsBright)
        {
            LowThreshold = low;
            HighThreshold = high;
            WhiteIsBright = whiteIsBright;
        }

        /// <summary>Upper bound of the darkest class.</summary>
        public double LowThreshold { get; }

        /// <summary>Lower bound of the brightest class.</summary>
        public double HighThreshold { get; }

        /// <summary>True when white matter is the bright class (T1w-like), false when it is the dark one (T2w-like).</summary>
        public bool WhiteIsBright { get; }

        /// <summary>Class of a value: 0 = CSF-like, 1 = gray, 2 = white.</summary>
        public int Classify(float v) => ClassOf(v < LowThreshold, v < HighThreshold);

        /// <summary>Class of a value from its two comparisons: below <see cref="LowThreshold"/>, below <see cref="HighThreshold"/>.</summary>
        internal int ClassOf(bool belowLow, bool belowHigh)
        {
            int c = belowLow ? 0 : belowHigh ? 1 : 2;
            if (c == 1)
            {
                return 1;
            }
            bool bright = c == 2;
            return bright == WhiteIsBright ? 2 : 0;
        }

        /// <summary>Finds the classes of the values selected by <paramref name="mask"/>.</summary>
        public static TissueClasses Fit(float[] data, byte[] mask)
        {
            // Integer images: the masked values counted once serve the percentiles and the histogram below.
            var counts = IntensityStatistics.CountIntegerValues(data, mask);
            var percents = new[] { 0.5, 99.5 };
            var p = counts != null ? IntensityStatistics.Percentiles(counts, percents) : IntensityStatistics.Percentiles(data, mask, true, percents);
            double lo = p[0], hi = p[1];
            if (double.IsNaN(lo))
            {
                return new TissueClasses(double.NaN, double.NaN, true);
            }
            if (!(hi > lo))
            {
                return new TissueClasses(lo, hi, true);
            }
            const int bins = 256;
            var hist = new double[bins];
            double scale = bins / (hi - lo);
            if (counts != null)
            {
                // Per distinct value, the bin the voxel loop would compute, weighted by its count (whole numbers,
                // exact in a double, so the histogram is the same).
                var (values, n) = counts.Distinct();
                for (int j = 0; j < values.Length; j++)
                {
                    int b = (int)((values[j] - lo) * scale);
                    hist[b < 0 ? 0 : b >= bins ? bins - 1 : b] += n[j];
                }
            }
            for (int i = 0; i < data.Length && counts == null; i++)
            {
                if (mask[i] == 0)
                {
                    continue;
                }
                float v = data[i];
                if (float.IsNaN(v) || float.IsInfinity(v))
                {
                    continue;
                }
                int b = (int)((v - lo) * scale);
                hist[b < 0 ? 0 : b >= bins ? bins - 1 : b]++;
            }
            // Prefix sums of counts and first moments make each class's weight and mean O(1).
            var w = new double[bins + 1];
            var m = new double[bins + 1];
            for (int b = 0; b < bins; b++)
            {
                w[b + 1] = w[b] + hist[b];
                m[b + 1] = m[b] + hist[b] * (b + 0.5);
            }
            double total = w[bins], mean = m[bins] / total;
            double best = -1;
            int t1Best = 1, t2Best = 2;
            for (int t1 = 1; t1 < bins - 1; t1++)
            {
                for (int t2 = t1 + 1; t2 < bins; t2++)
                {
                    double w0 = w[t1], w1 = w[t2] - w[t1], w2 = total - w[t2];
                    if (w0 == 0 || w1 == 0 || w2 == 0)
                    {
                        continue;
                    }
                    double m0 = m[t1] / w0, m1 = (m[t2] - m[t1]) / w1, m2 = (m[bins] - m[t2]) / w2;
                    double between = w0 * (m0 - mean) * (m0 - mean) + w1 * (m1 - mean) * (m1 - mean) + w2 * (m2 - mean) * (m2 - mean);
                    if (between > best)
                    {
                        best = between;
                        t1Best = t1;
                        t2Best = t2;
                    }
                }
            }
            double low = lo + t1Best / scale, high = lo + t2Best / scale;
            double darkCount = w[t1Best], brightCount = total - w[t2Best];
            return new TissueClasses(low, high, brightCount >= darkCount);
        }
    }
}
