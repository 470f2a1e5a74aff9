using System;

namespace Defacer.Engine.Rendering
{
    /// <summary>
    /// Histogram-based robust statistics of an image: percentiles and Otsu's threshold. Fixed bin counts over the
    /// data range keep every statistic a few passes over the voxels, independent of the intensity scale, with no
    /// sorting and no copies.
    /// </summary>
    public static class IntensityStatistics
    {
        private const int Bins = 4096;

        /// <summary>
        /// The <paramref name="percent"/> percentile (0-100) of the values, from a 4096-bin histogram refined by a
        /// second 4096-bin histogram inside the chosen bin, so accurate to range / 4096^2 even with extreme outliers.
        /// With <paramref name="ignoreZeros"/> exact zeros (padding, removed voxels) are left out.
        /// </summary>
        public static double Percentile(float[] data, double percent, bool ignoreZeros = false)
        {
            return Percentiles(data, new[] { percent }, ignoreZeros)[0];
        }

        /// <summary>Several percentiles from one histogram (see <see cref="Percentile"/>).</summary>
        public static double[] Percentiles(float[] data, double[] percents, bool ignoreZeros = false)
        {
            return Percentiles(data, percents, new Selection(null, true, ignoreZeros, false));
        }

        /// <summary>
        /// Percentiles of the voxels inside (<paramref name="inside"/> true) or outside a mask, optionally of the
        /// absolute values, without copying them out.
        /// </summary>
        public static double[] Percentiles(float[] data, byte[] mask, bool inside, double[] percents, bool absolute = false)
        {
            if (mask == null)
            {
                throw new ArgumentNullException(nameof(mask));
            }
            if (mask.Length != data.Length)
            {
                throw new ArgumentException($"Mask length {mask.Length} differs from data length {data.Length}.", nameof(mask));
            }
            return Percentiles(data, percents, new Selection(mask, inside, false, absolute));
        }

        /// <summary>
        /// Percentiles of the voxels inside and of the voxels outside a mask, equal to two calls of
        /// <see cref="Percentiles(float[], byte[], bool, double[], bool)"/> but from one set of passes over the data
        /// (the two selections split the voxels, so each pass feeds both histograms).
        /// </summary>
        public static (double[] Inside, double[] Outside) PercentilesInsideAndOutside(float[] data, byte[] mask, double[] percents, bool absolute = false)
        {
            if (data == null) throw new ArgumentNullException(nameof(data));
            if (mask == null) throw new ArgumentNullException(nameof(mask));
            if (mask.Length != data.Length)
            {
                throw new ArgumentException($"Mask length {mask.Length} differs from data length {data.Length}.", nameof(mask));
            }
            // Integer data: one counting pass feeds both sides.
            var insideCounts = new IntegerValueCounts();
            var outsideCounts = new IntegerValueCounts();
            bool integers = true;
            for (int i = 0; i < data.Length && integers; i++)
            {
                float v = data[i];
                if (absolute) v = Math.Abs(v);
                if (!(v - v == 0)) continue; // NaN or infinite
                integers = mask[i] != 0 ? insideCounts.Add(v) : outsideCounts.Add(v);
            }
            if (integers)
            {
                var (inValues, inCounts) = insideCounts.Distinct();
                var (outValues, outCounts) = outsideCounts.Distinct();
                return (PercentilesOfCounts(inValues, inCounts, percents), PercentilesOfCounts(outValues, outCounts, percents));
            }

            // Side 0 = inside, 1 = outside; the same arithmetic as Percentiles, per side (locals, not arrays, in the
            // voxel loops: they run over every voxel and array updates there cost twice the time).
            float min0 = float.PositiveInfinity, max0 = float.NegativeInfinity, min1 = float.PositiveInfinity, max1 = float.NegativeInfinity;
            long count0 = 0, count1 = 0;
            for (int i = 0; i < data.Length; i++)
            {
                float v = data[i];
                if (absolute) v = Math.Abs(v);
                if (!(v - v == 0)) continue; // NaN or infinite
                if (mask[i] != 0)
                {
                    if (v < min0) min0 = v;
                    if (v > max0) max0 = v;
                    count0++;
                }
                else
                {
                    if (v < min1) min1 = v;
                    if (v > max1) max1 = v;
                    count1++;
                }
            }
            var min = new[] { min0, min1 };
            var max = new[] { max0, max1 };
            var count = new[] { count0, count1 };
            var result = new[] { new double[percents.Length], new double[percents.Length] };
            var width = new double[2];
            var needs = new bool[2];
            for (int s = 0; s < 2; s++)
            {
                width[s] = (max[s] - (double)min[s]) / Bins;
                for (int p = 0; p < percents.Length; p++)
                {
                    if (count[s] == 0) result[s][p] = double.NaN;
                    else if (max[s] <= min[s] || percents[p] <= 0) result[s][p] = min[s];
                    else if (percents[p] >= 100) result[s][p] = max[s];
                    else needs[s] = true;
                }
            }
            if (needs[0] || needs[1])
            {
                var coarse = Histograms(data, mask, absolute, needs, min, width, new[] { -1, -1 });
                for (int p = 0; p < percents.Length; p++)
                {
                    var parent = new[] { -1, -1 };
                    var below = new long[2];
                    var target = new double[2];
                    var active = new bool[2];
                    for (int s = 0; s < 2; s++)
                    {
                        if (!needs[s] || percents[p] <= 0 || percents[p] >= 100)
                        {
                            continue;
                        }
                        active[s] = true;
                        target[s] = percents[p] / 100.0 * count[s];
                        parent[s] = FindBin(coarse[s], target[s], out below[s]);
                    }
                    if (!active[0] && !active[1])
                    {
                        continue;
                    }
                    var fine = Histograms(data, mask, absolute, active, min, width, parent);
                    for (int s = 0; s < 2; s++)
                    {
                        if (!active[s]) continue;
                        int b = parent[s];
                        int fb = FindBin(fine[s], target[s] - below[s], out long fineBelow);
                        double frac = fine[s][fb] > 0 ? (target[s] - below[s] - fineBelow) / fine[s][fb] : 0.5;
                        result[s][p] = min[s] + b * width[s] + (fb + Math.Max(0, Math.Min(1, frac))) * (width[s] / Bins);
                    }
                }
            }
            return (result[0], result[1]);
        }

        // Histogram() for both sides of a mask at once (side 0 inside, 1 outside); sides not wanted stay empty.
        private static long[][] Histograms(float[] data, byte[] mask, bool absolute, bool[] wanted, float[] min, double[] width, int[] parent)
        {
            long[] h0 = new long[Bins], h1 = new long[Bins];
            float min0 = min[0], min1 = min[1];
            int parent0 = parent[0], parent1 = parent[1];
            double lo0 = min0 + (double)Math.Max(parent0, 0) * width[0], lo1 = min1 + (double)Math.Max(parent1, 0) * width[1];
            double scale0 = 1.0 / width[0], scale1 = 1.0 / width[1];
            double fineScale0 = Bins / width[0], fineScale1 = Bins / width[1];
            bool want0 = wanted[0], want1 = wanted[1];
            for (int i = 0; i < data.Length; i++)
            {
                bool inside = mask[i] != 0;
                if (inside ? !want0 : !want1) continue;
                float v = data[i];
                if (absolute) v = Math.Abs(v);
                if (!(v - v == 0)) continue; // NaN or infinite
                if (inside)
                {
                    int b = CoarseBin(v, min0, scale0);
                    if (parent0 >= 0)
                    {
                        if (b != parent0) continue;
                        b = (int)((v - lo0) * fineScale0);
                        b = b < 0 ? 0 : b >= Bins ? Bins - 1 : b;
                    }
                    h0[b]++;
                }
                else
                {
                    int b = CoarseBin(v, min1, scale1);
                    if (parent1 >= 0)
                    {
                        if (b != parent1) continue;
                        b = (int)((v - lo1) * fineScale1);
                        b = b < 0 ? 0 : b >= Bins ? Bins - 1 : b;
                    }
                    h1[b]++;
                }
            }
            return new[] { h0, h1 };
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
            // Integer data: count the values in one pass and bin each distinct value once (the same bins).
            var counts = new IntegerValueCounts();
            bool integers = true;
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
                if (!counts.Add(v))
                {
                    integers = false;
                    break;
                }
            }
            if (integers)
            {
                var (values, valueCounts) = counts.Distinct();
                for (int j = 0; j < values.Length; j++)
                {
                    int b = (int)((values[j] - low) * scale);
                    hist[b < 0 ? 0 : b >= bins ? bins - 1 : b] += valueCounts[j];
                }
            }
            for (int i = 0; i < data.Length && !integers; i++)
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
            return OtsuOfHistogram(hist, low, scale);
        }

        // Otsu's split of a histogram whose bin b starts at low + b / scale.
        private static double OtsuOfHistogram(long[] hist, double low, double scale)
        {
            int bins = hist.Length;
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

        // Which voxels a statistic looks at, and whether it uses their absolute values. Implemented as structs so the
        // generic passes below are compiled once per kind of selection, with the test inlined into the voxel loop.
        private interface ISelection
        {
            // True when voxel i is selected, with its (finite) value in v.
            bool Take(float[] data, int i, out float v);
        }

        // Every finite voxel, optionally leaving out exact zeros.
        private readonly struct AllVoxels : ISelection
        {
            private readonly bool _ignoreZeros;

            public AllVoxels(bool ignoreZeros)
            {
                _ignoreZeros = ignoreZeros;
            }

            public bool Take(float[] data, int i, out float v)
            {
                v = data[i];
                // v - v is 0 for finite values and NaN for infinities and NaN.
                return v - v == 0 && !(_ignoreZeros && v == 0);
            }
        }

        // The finite voxels inside (or outside) a mask, optionally as absolute values.
        private readonly struct MaskedVoxels : ISelection
        {
            private readonly byte[] _mask;
            private readonly bool _inside;
            private readonly bool _absolute;

            public MaskedVoxels(byte[] mask, bool inside, bool absolute)
            {
                _mask = mask;
                _inside = inside;
                _absolute = absolute;
            }

            public bool Take(float[] data, int i, out float v)
            {
                v = data[i];
                if ((_mask[i] != 0) != _inside)
                {
                    return false;
                }
                if (_absolute)
                {
                    v = Math.Abs(v);
                }
                return v - v == 0;
            }
        }

        private static double[] Percentiles(float[] data, double[] percents, Selection sel) =>
            sel.Mask == null
                ? Percentiles(data, percents, new AllVoxels(sel.IgnoreZeros))
                : Percentiles(data, percents, new MaskedVoxels(sel.Mask, sel.Inside, sel.Absolute));

        // The options of a selection as given by the public methods.
        private readonly struct Selection
        {
            public Selection(byte[]? mask, bool inside, bool ignoreZeros, bool absolute)
            {
                Mask = mask;
                Inside = inside;
                IgnoreZeros = ignoreZeros;
                Absolute = absolute;
            }

            public byte[]? Mask { get; }

            public bool Inside { get; }

            public bool IgnoreZeros { get; }

            public bool Absolute { get; }
        }

        private static double[] Percentiles<TSel>(float[] data, double[] percents, TSel sel) where TSel : struct, ISelection
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }
            var integers = CountIntegers(data, sel);
            if (integers != null)
            {
                var (values, counts) = integers.Distinct();
                return PercentilesOfCounts(values, counts, percents);
            }
            float min = float.PositiveInfinity, max = float.NegativeInfinity;
            long count = 0;
            for (int i = 0; i < data.Length; i++)
            {
                if (!sel.Take(data, i, out float v)) continue;
                if (v < min) min = v;
                if (v > max) max = v;
                count++;
            }
            var result = new double[percents.Length];
            if (count == 0)
            {
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = double.NaN;
                }
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
            long[]? hist = null;
            double width = (max - (double)min) / Bins;
            // First the coarse bin of every percentile, then one pass refines them all inside their bins with a
            // second histogram, so one extreme outlier stretching the range does not cost precision.
            var parents = new int[percents.Length];
            var below = new long[percents.Length];
            var targets = new double[percents.Length];
            for (int p = 0; p < percents.Length; p++)
            {
                parents[p] = -1;
                // The ends need no histogram.
                if (percents[p] <= 0)
                {
                    result[p] = min;
                    continue;
                }
                if (percents[p] >= 100)
                {
                    result[p] = max;
                    continue;
                }
                hist ??= Histogram(data, sel, min, width, -1);
                targets[p] = percents[p] / 100.0 * count;
                parents[p] = FindBin(hist, targets[p], out below[p]);
            }
            if (hist == null)
            {
                return result;
            }
            var fine = FineHistograms(data, sel, min, width, parents);
            for (int p = 0; p < percents.Length; p++)
            {
                if (parents[p] < 0)
                {
                    continue;
                }
                int b = parents[p];
                int fb = FindBin(fine[p], targets[p] - below[p], out long fineBelow);
                double frac = fine[p][fb] > 0 ? (targets[p] - below[p] - fineBelow) / fine[p][fb] : 0.5;
                result[p] = min + b * width + (fb + Math.Max(0, Math.Min(1, frac))) * (width / Bins);
            }
            return result;
        }

        /// <summary>
        /// The values of <paramref name="data"/> (inside <paramref name="mask"/> when given) counted in one pass, for
        /// several statistics of the same voxels; null when a value other than NaN is not an integer in the counted
        /// range (then use the voxel forms). NaN voxels are left out, as every statistic here leaves them out.
        /// </summary>
        internal static IntegerValueCounts? CountIntegerValues(float[] data, byte[]? mask = null)
        {
            if (data == null) throw new ArgumentNullException(nameof(data));
            var counts = new IntegerValueCounts();
            // Zeros (the air of many images: long runs) are tallied in a local: incrementing one table entry voxel
            // after voxel waits on its own previous store.
            long zeros = 0;
            for (int i = 0; i < data.Length; i++)
            {
                if (mask != null && mask[i] == 0)
                {
                    continue;
                }
                float v = data[i];
                if (v == 0)
                {
                    zeros++;
                }
                else if (!float.IsNaN(v) && !counts.Add(v))
                {
                    return null;
                }
            }
            counts.Add(0, zeros);
            return counts;
        }

        /// <summary>
        /// <see cref="Percentiles(float[], double[], bool)"/> (or the masked form, for counts taken inside a mask) from
        /// counted values: the same result.
        /// </summary>
        internal static double[] Percentiles(IntegerValueCounts counts, double[] percents, bool ignoreZeros = false)
        {
            var (values, n) = counts.Distinct(ignoreZeros);
            return PercentilesOfCounts(values, n, percents);
        }

        /// <summary><see cref="Otsu(float[], double, double, bool)"/> from counted values: the same result.</summary>
        internal static double Otsu(IntegerValueCounts counts, double low, double high, bool ignoreZeros = false)
        {
            const int bins = 256;
            if (!(high > low))
            {
                return low;
            }
            var hist = new long[bins];
            double scale = bins / (high - low);
            var (values, n) = counts.Distinct(ignoreZeros);
            for (int j = 0; j < values.Length; j++)
            {
                int b = (int)((values[j] - low) * scale);
                hist[b < 0 ? 0 : b >= bins ? bins - 1 : b] += n[j];
            }
            return OtsuOfHistogram(hist, low, scale);
        }

        // The selected values' counts in one pass, or null as soon as one is not an integer in the counted range.
        private static IntegerValueCounts? CountIntegers<TSel>(float[] data, TSel sel) where TSel : struct, ISelection
        {
            var counts = new IntegerValueCounts();
            for (int i = 0; i < data.Length; i++)
            {
                if (sel.Take(data, i, out float v) && !counts.Add(v))
                {
                    return null;
                }
            }
            return counts;
        }

        // Percentiles<TSel> from distinct ascending values and their counts: the same steps and the same arithmetic
        // per value as the passes over the voxels (which see each value `count` times), hence the same results.
        private static double[] PercentilesOfCounts(float[] values, long[] counts, double[] percents)
        {
            var result = new double[percents.Length];
            long count = 0;
            foreach (var c in counts)
            {
                count += c;
            }
            if (count == 0)
            {
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = double.NaN;
                }
                return result;
            }
            float min = values[0], max = values[values.Length - 1];
            if (max <= min)
            {
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = min;
                }
                return result;
            }
            double width = (max - (double)min) / Bins;
            double scale = 1.0 / width, fineScale = Bins / width;
            long[]? hist = null;
            for (int p = 0; p < percents.Length; p++)
            {
                if (percents[p] <= 0)
                {
                    result[p] = min;
                    continue;
                }
                if (percents[p] >= 100)
                {
                    result[p] = max;
                    continue;
                }
                if (hist == null)
                {
                    hist = new long[Bins];
                    for (int j = 0; j < values.Length; j++)
                    {
                        hist[CoarseBin(values[j], min, scale)] += counts[j];
                    }
                }
                double target = percents[p] / 100.0 * count;
                int b = FindBin(hist, target, out long below);
                double lo = min + (double)b * width;
                var fine = new long[Bins];
                for (int j = 0; j < values.Length; j++)
                {
                    float v = values[j];
                    if (CoarseBin(v, min, scale) != b)
                    {
                        continue;
                    }
                    int fb = (int)((v - lo) * fineScale);
                    fine[fb < 0 ? 0 : fb >= Bins ? Bins - 1 : fb] += counts[j];
                }
                int f = FindBin(fine, target - below, out long fineBelow);
                double frac = fine[f] > 0 ? (target - below - fineBelow) / fine[f] : 0.5;
                result[p] = min + b * width + (f + Math.Max(0, Math.Min(1, frac))) * (width / Bins);
            }
            return result;
        }

        // Coarse bin of a value: Bins bins of `width` from `min`, the maximum folded into the last bin.
        private static int CoarseBin(float v, float min, double scale)
        {
            int b = (int)((v - (double)min) * scale);
            return b < 0 ? 0 : b >= Bins ? Bins - 1 : b;
        }

        // With parent < 0: the coarse histogram. Otherwise: the values of coarse bin `parent` (decided by the very
        // same computation, so the counts agree) spread over Bins finer bins.
        private static long[] Histogram<TSel>(float[] data, TSel sel, float min, double width, int parent) where TSel : struct, ISelection
        {
            var hist = new long[Bins];
            double lo = min + (double)Math.Max(parent, 0) * width;
            double scale = 1.0 / width, fineScale = Bins / width;
            for (int i = 0; i < data.Length; i++)
            {
                if (!sel.Take(data, i, out float v))
                {
                    continue;
                }
                int b = CoarseBin(v, min, scale);
                if (parent >= 0)
                {
                    if (b != parent)
                    {
                        continue;
                    }
                    b = (int)((v - lo) * fineScale);
                    b = b < 0 ? 0 : b >= Bins ? Bins - 1 : b;
                }
                hist[b]++;
            }
            return hist;
        }

        // The fine histograms of several coarse bins (parents[p] < 0: none) in one pass; the same counts as
        // Histogram(..., parents[p]) for each.
        private static long[][] FineHistograms<TSel>(float[] data, TSel sel, float min, double width, int[] parents) where TSel : struct, ISelection
        {
            int n = parents.Length;
            var fine = new long[n][];
            var lo = new double[n];
            int wanted = 0;
            for (int p = 0; p < n; p++)
            {
                fine[p] = new long[Bins];
                lo[p] = min + (double)Math.Max(parents[p], 0) * width;
                if (parents[p] >= 0) wanted++;
            }
            if (wanted == 1)
            {
                int p = Array.FindIndex(parents, x => x >= 0);
                fine[p] = Histogram(data, sel, min, width, parents[p]);
                return fine;
            }
            double scale = 1.0 / width, fineScale = Bins / width;
            for (int i = 0; i < data.Length; i++)
            {
                if (!sel.Take(data, i, out float v))
                {
                    continue;
                }
                int b = CoarseBin(v, min, scale);
                for (int p = 0; p < n; p++)
                {
                    if (b != parents[p])
                    {
                        continue;
                    }
                    int fb = (int)((v - lo[p]) * fineScale);
                    fine[p][fb < 0 ? 0 : fb >= Bins ? Bins - 1 : fb]++;
                }
            }
            return fine;
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
            // Target beyond the count: the last non-empty bin.
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
    }
}
