using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Defacer.Engine.Rendering;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Quality
{
    /// <summary>
    /// MRIQC-style image quality measures of one image, computed the same way before and after defacing so their
    /// change shows what defacing does to downstream QC (Esteban et al. 2017, MRIQC's definitions):
    /// <list type="bullet">
    /// <item><see cref="Snr"/>: Dietrich SNR (MRIQC <c>snrd</c>), 0.655 x mean(brain) / std(air); the factor undoes
    /// the Rayleigh shrinkage of the noise in magnitude images.</item>
    /// <item><see cref="Cnr"/>: |mean(GM) - mean(WM)| / sqrt(var(air) + var(GM) + var(WM)), with tissue classes from
    /// <see cref="TissueClasses"/> inside the brain mask.</item>
    /// <item><see cref="Efc"/>: entropy focus criterion over the whole image, normalised so 1 = all voxels equal
    /// (maximum ghosting/blur) and 0 = all energy in one voxel.</item>
    /// <item><see cref="Fber"/>: median(|x|^2) over the head / median(|x|^2) over the air; NaN when the air is
    /// (almost) exactly zero, where it is undefined.</item>
    /// <item><see cref="BrainVolumeMm3"/> and <see cref="HeadVolumeMm3"/>: mask volumes.</item>
    /// </list>
    /// Air is every voxel outside the head mask, including zero padding: that is what MRIQC sees, and why zeroing a
    /// face changes SNR and FBER.
    /// </summary>
    public sealed class ImageQualityMeasures
    {
        /// <summary>Dietrich's factor 1 / sqrt(2 / (4 - pi)).</summary>
        public const double DietrichFactor = 0.6551363775620336;

        // Integer magnitudes below this have their logarithm cached (int16 and uint16 data).
        private const int LogTableSize = 65536;

        public double Snr { get; private set; }

        public double Cnr { get; private set; }

        public double Efc { get; private set; }

        public double Fber { get; private set; }

        public double BrainVolumeMm3 { get; private set; }

        public double HeadVolumeMm3 { get; private set; }

        /// <summary>Mean intensity inside the brain mask.</summary>
        public double BrainMean { get; private set; }

        /// <summary>Standard deviation of the air (outside the head mask).</summary>
        public double AirStd { get; private set; }

        public double GrayMean { get; private set; }

        public double WhiteMean { get; private set; }

        /// <summary>The tissue classes the CNR was computed with.</summary>
        internal TissueClasses? Tissue { get; private set; }

        /// <summary>The measures by name, in a fixed order (for tables and reports).</summary>
        public IReadOnlyList<KeyValuePair<string, double>> ToList() => new[]
        {
            new KeyValuePair<string, double>("SNR", Snr),
            new KeyValuePair<string, double>("CNR", Cnr),
            new KeyValuePair<string, double>("EFC", Efc),
            new KeyValuePair<string, double>("FBER", Fber),
            new KeyValuePair<string, double>("BrainVolumeMm3", BrainVolumeMm3),
            new KeyValuePair<string, double>("HeadVolumeMm3", HeadVolumeMm3),
        };

        /// <summary>
        /// Computes the measures. <paramref name="headMask"/> null builds one from the image (<see cref="HeadMask.Build"/>);
        /// the brain mask usually comes from the original image so before and after compare the same voxels.
        /// </summary>
        /// <exception cref="ArgumentException">A mask's grid differs from the image's.</exception>
        public static ImageQualityMeasures Compute(Volume3D volume, Mask3D brainMask, Mask3D? headMask = null) => Compute(volume, brainMask, headMask, null);

        /// <summary>
        /// As <see cref="Compute(Volume3D, Mask3D, Mask3D)"/>, with the tissue classes given when they are known to be
        /// those of this image's brain voxels (the defaced image when no brain voxel changed: the fit reads only them).
        /// </summary>
        internal static ImageQualityMeasures Compute(Volume3D volume, Mask3D brainMask, Mask3D? headMask, TissueClasses? tissueClasses)
        {
            if (volume == null) throw new ArgumentNullException(nameof(volume));
            if (brainMask == null) throw new ArgumentNullException(nameof(brainMask));
            CheckGrid(volume, brainMask, "brain");
            headMask ??= HeadMask.Build(volume);
            CheckGrid(volume, headMask, "head");

            var d = volume.Data;
            var brain = brainMask.Data;
            var head = headMask.Data;
            var sums = new Sums(tissueClasses ?? TissueClasses.Fit(d, brain), NewLogTable());
            for (int i = 0; i < d.Length; i++)
            {
                sums.Add(d[i], brain[i] != 0, head[i] != 0);
            }
            return sums.Finish(d, head, brainMask, headMask);
        }

        /// <summary>
        /// The measures of an original and of its defaced copy on the same grid, in one pass over both: where a voxel and
        /// its head-mask value are the same in both images (all but the removed region) its terms are computed once and
        /// added to both images' sums. Each image's sums see the same values in the same order as in
        /// <see cref="Compute(Volume3D, Mask3D, Mask3D, TissueClasses)"/>, so the results are those of two separate calls.
        /// The defaced image's tissue classes are the original's when <paramref name="brainUnchanged"/> (the fit reads
        /// only brain voxels), else fitted on it.
        /// </summary>
        internal static (ImageQualityMeasures Original, ImageQualityMeasures Defaced) ComputePair(Volume3D original, Volume3D defaced, Mask3D brainMask,
            Mask3D originalHead, Mask3D defacedHead, bool brainUnchanged)
        {
            CheckGrid(original, brainMask, "brain");
            CheckGrid(original, originalHead, "head");
            CheckGrid(defaced, brainMask, "brain");
            CheckGrid(defaced, defacedHead, "head");
            var a = original.Data;
            var b = defaced.Data;
            var brain = brainMask.Data;
            var headA = originalHead.Data;
            var headB = defacedHead.Data;
            var tissueA = TissueClasses.Fit(a, brain);
            var tissueB = brainUnchanged ? tissueA : TissueClasses.Fit(b, brain);
            var logs = NewLogTable();
            var sumsA = new Sums(tissueA, logs);
            var sumsB = new Sums(tissueB, logs);
            for (int i = 0; i < a.Length; i++)
            {
                float va = a[i];
                bool inBrain = brain[i] != 0, inHeadA = headA[i] != 0, inHeadB = headB[i] != 0;
                if (va == b[i] && inHeadA == inHeadB)
                {
                    Sums.AddToBoth(sumsA, sumsB, va, inBrain, inHeadA);
                }
                else
                {
                    sumsA.Add(va, inBrain, inHeadA);
                    sumsB.Add(b[i], inBrain, inHeadB);
                }
            }
            return (sumsA.Finish(a, headA, brainMask, originalHead), sumsB.Finish(b, headB, brainMask, defacedHead));
        }

        // A cache of Math.Log for integer magnitudes below LogTableSize (int16 and uint16 data), filled on first use
        // (NaN: not yet computed); the two images of a pair share one (the same values).
        private static double[] NewLogTable()
        {
            var t = new double[LogTableSize];
            for (int i = 0; i < t.Length; i++)
            {
                t[i] = double.NaN;
            }
            return t;
        }

        // One image's running sums: brain, air, gray, white (count, sum, sum of squares), the EFC terms, and the FBER
        // medians' value counts. Voxels are added in index order; zero voxels outside the brain (the air of most images,
        // and whatever defacing cleared: 40-50% of a head) change no sum (adding 0 leaves each as it is) and only count.
        private sealed class Sums
        {
            private readonly TissueClasses _tissue;
            private readonly double[] _logTable;
            private readonly double _low, _high;
            // Index (v < low, v < high) -> class, as TissueClasses.Classify decides it.
            private readonly int[] _classOf = new int[4];
            private readonly double[] _classN = new double[3];
            private readonly double[] _classS = new double[3];
            private readonly double[] _classQ = new double[3];
            private double _bN, _bS, _aN, _aS, _aQ;
            private double _sum, _energy, _xlnx;
            // Neighbouring voxels often share a value: reuse the last logarithm of a value the table does not hold.
            private double _lastX = 1, _lastLog;
            // The FBER medians of |x| inside and outside the head: counted in the same pass for integer images (as
            // PercentilesInsideAndOutside would count them), which saves two more passes over the voxels.
            private readonly IntegerValueCounts _headCounts = new IntegerValueCounts();
            private readonly IntegerValueCounts _airCounts = new IntegerValueCounts();
            private bool _countable = true;
            private long _airZeros, _headZeros;

            public Sums(TissueClasses tissue, double[] logTable)
            {
                _tissue = tissue;
                _logTable = logTable;
                _low = tissue.LowThreshold;
                _high = tissue.HighThreshold;
                for (int k = 0; k < 4; k++)
                {
                    _classOf[k] = tissue.ClassOf((k & 2) != 0, (k & 1) != 0);
                }
            }

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            private void AddZeroOutsideBrain(bool inHead)
            {
                if (inHead)
                {
                    _headZeros++;
                }
                else
                {
                    _airZeros++;
                }
            }

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public void Add(float value, bool inBrain, bool inHead)
            {
                if (value == 0 && !inBrain)
                {
                    AddZeroOutsideBrain(inHead);
                    return;
                }
                double x = value;
                double ax = Math.Abs(x);
                _sum += ax;
                _energy += ax * ax;
                if (ax > 0)
                {
                    _xlnx += ax * Log(ax);
                }
                AddClassesAndCounts(value, x, inBrain, inHead);
            }

            // One voxel with the same value and head-mask value in both images: its magnitude terms computed once.
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static void AddToBoth(Sums a, Sums b, float value, bool inBrain, bool inHead)
            {
                if (value == 0 && !inBrain)
                {
                    a.AddZeroOutsideBrain(inHead);
                    b.AddZeroOutsideBrain(inHead);
                    return;
                }
                double x = value;
                double ax = Math.Abs(x);
                double ax2 = ax * ax;
                a._sum += ax;
                a._energy += ax2;
                b._sum += ax;
                b._energy += ax2;
                if (ax > 0)
                {
                    double term = ax * a.Log(ax);
                    a._xlnx += term;
                    b._xlnx += term;
                }
                a.AddClassesAndCounts(value, x, inBrain, inHead);
                b.AddClassesAndCounts(value, x, inBrain, inHead);
            }

            // Integer values take their logarithm from the table every time (a table read costs less than a mispredicted
            // "same value as last time" test on noisy voxels); others reuse the last one when they repeat. Either way it
            // is Math.Log(ax).
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            private double Log(double ax)
            {
                if (ax < LogTableSize && (int)ax == ax)
                {
                    double log = _logTable[(int)ax];
                    if (double.IsNaN(log))
                    {
                        log = _logTable[(int)ax] = Math.Log(ax);
                    }
                    return log;
                }
                if (ax != _lastX)
                {
                    _lastX = ax;
                    _lastLog = Math.Log(ax);
                }
                return _lastLog;
            }

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            private void AddClassesAndCounts(float v, double x, bool inBrain, bool inHead)
            {
                if (inBrain)
                {
                    _bN++;
                    _bS += x;
                    // Tissue.Classify without branches (gray and white alternate unpredictably inside the brain): the
                    // class from the two comparisons, and each class's sums kept apart (class 0 unused).
                    int c = _classOf[((v < _low ? 1 : 0) << 1) | (v < _high ? 1 : 0)];
                    _classN[c]++;
                    _classS[c] += x;
                    _classQ[c] += x * x;
                }
                if (!inHead)
                {
                    _aN++;
                    _aS += x;
                    _aQ += x * x;
                }
                if (_countable)
                {
                    float av = Math.Abs(v);
                    if (av - av == 0) // finite, as the percentiles select
                    {
                        _countable = inHead ? _headCounts.Add(av) : _airCounts.Add(av);
                    }
                }
            }

            public ImageQualityMeasures Finish(float[] d, byte[] head, Mask3D brainMask, Mask3D headMask)
            {
                double aN = _aN + _airZeros;
                double gN = _classN[1], gS = _classS[1], gQ = _classQ[1];
                double wN = _classN[2], wS = _classS[2], wQ = _classQ[2];
                bool countable = _countable && _headCounts.Add(0, _headZeros) && _airCounts.Add(0, _airZeros);

                var r = new ImageQualityMeasures();
                r.BrainMean = _bN > 0 ? _bS / _bN : double.NaN;
                r.AirStd = Std(aN, _aS, _aQ);
                r.Snr = r.AirStd > 0 ? DietrichFactor * r.BrainMean / r.AirStd : double.NaN;
                r.GrayMean = gN > 0 ? gS / gN : double.NaN;
                r.WhiteMean = wN > 0 ? wS / wN : double.NaN;
                double gVar = Var(gN, gS, gQ), wVar = Var(wN, wS, wQ), aVar = r.AirStd * r.AirStd;
                double denominator = Math.Sqrt(aVar + gVar + wVar);
                r.Cnr = denominator > 0 ? Math.Abs(r.GrayMean - r.WhiteMean) / denominator : double.NaN;

                // EFC = (1/Emax) sum (x/cc) ln(x/cc), cc = sqrt(sum x^2), Emax = n (1/sqrt n) ln(1/sqrt n).
                double n = d.Length;
                double cc = Math.Sqrt(_energy);
                double emax = n * (1 / Math.Sqrt(n)) * Math.Log(1 / Math.Sqrt(n));
                r.Efc = cc > 0 && n > 1 ? ((_xlnx - Math.Log(cc) * _sum) / cc) / emax : double.NaN;

                var median = new[] { 50.0 };
                var (inside, outside) = countable
                    ? (IntensityStatistics.Percentiles(_headCounts, median), IntensityStatistics.Percentiles(_airCounts, median))
                    : IntensityStatistics.PercentilesInsideAndOutside(d, head, median, absolute: true);
                double fg = inside[0], bg = outside[0];
                r.Fber = bg * bg >= 1e-3 ? fg * fg / (bg * bg) : double.NaN;

                r.Tissue = _tissue;
                r.BrainVolumeMm3 = brainMask.VolumeMm3();
                r.HeadVolumeMm3 = headMask.VolumeMm3();
                return r;
            }
        }

        private static double Var(double n, double s, double q)
        {
            if (n < 2) return n > 0 ? 0 : double.NaN;
            double mean = s / n;
            // Sample variance (n - 1), as numpy's std with ddof=1 would give; clamp rounding below zero.
            return Math.Max(0, (q - n * mean * mean) / (n - 1));
        }

        private static double Std(double n, double s, double q) => Math.Sqrt(Var(n, s, q));

        private static void CheckGrid(Volume3D v, Mask3D m, string what)
        {
            if (m.Nx != v.Nx || m.Ny != v.Ny || m.Nz != v.Nz)
            {
                throw new ArgumentException($"The {what} mask grid {m.Nx}x{m.Ny}x{m.Nz} differs from the image grid {v.Nx}x{v.Ny}x{v.Nz}.");
            }
        }
    }
}
