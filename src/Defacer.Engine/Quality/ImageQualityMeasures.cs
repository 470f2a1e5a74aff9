using System;
using System.Collections.Generic;
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
            var tissue = tissueClasses ?? TissueClasses.Fit(d, brain);

            // One pass of sums: brain, air, gray, white (count, sum, sum of squares), and the EFC terms.
            double bN = 0, bS = 0, aN = 0, aS = 0, aQ = 0;
            double gN = 0, gS = 0, gQ = 0, wN = 0, wS = 0, wQ = 0;
            double sum = 0, energy = 0, xlnx = 0;
            // Neighbouring voxels often share a value (integer data): reuse the last logarithm; integer values (most
            // images are stored as integers) take theirs from a table filled on first use, the same Math.Log value.
            double lastX = 1, lastLog = 0;
            // The FBER medians of |x| inside and outside the head: counted in this same pass for integer images (as
            // PercentilesInsideAndOutside would count them), which saves it two more passes over the voxels.
            var headCounts = new IntegerValueCounts();
            var airCounts = new IntegerValueCounts();
            bool countable = true;
            var logTable = new double[LogTableSize];
            for (int i = 0; i < logTable.Length; i++)
            {
                logTable[i] = double.NaN;
            }
            // Zero voxels outside the brain (the air of most images, and whatever defacing cleared: 40-50% of a head)
            // change no sum (adding 0 leaves each as it is) and only count: air voxels, and zeros among the values.
            long airZeros = 0, headZeros = 0;
            double low = tissue.LowThreshold, high = tissue.HighThreshold;
            // Index (v < low, v < high) -> class, as TissueClasses.Classify decides it.
            var classOf = new int[4];
            for (int k = 0; k < 4; k++)
            {
                classOf[k] = tissue.ClassOf((k & 2) != 0, (k & 1) != 0);
            }
            var classN = new double[3];
            var classS = new double[3];
            var classQ = new double[3];
            for (int i = 0; i < d.Length; i++)
            {
                if (d[i] == 0 && brain[i] == 0)
                {
                    if (head[i] == 0)
                    {
                        airZeros++;
                    }
                    else
                    {
                        headZeros++;
                    }
                    continue;
                }
                double x = d[i];
                double ax = Math.Abs(x);
                sum += ax;
                energy += ax * ax;
                if (ax > 0)
                {
                    // Integer values take their logarithm from the table every time (a table read costs less than a
                    // mispredicted "same value as last time" test on noisy voxels); others reuse the last one when
                    // they repeat. Either way it is Math.Log(ax).
                    double log;
                    if (ax < LogTableSize && (int)ax == ax)
                    {
                        log = logTable[(int)ax];
                        if (double.IsNaN(log))
                        {
                            log = logTable[(int)ax] = Math.Log(ax);
                        }
                    }
                    else
                    {
                        if (ax != lastX)
                        {
                            lastX = ax;
                            lastLog = Math.Log(ax);
                        }
                        log = lastLog;
                    }
                    xlnx += ax * log;
                }
                if (brain[i] != 0)
                {
                    bN++;
                    bS += x;
                    // Tissue.Classify without branches (gray and white alternate unpredictably inside the brain):
                    // the class from the two comparisons, and each class's sums kept apart (class 0 unused).
                    float v = d[i];
                    int c = classOf[((v < low ? 1 : 0) << 1) | (v < high ? 1 : 0)];
                    classN[c]++;
                    classS[c] += x;
                    classQ[c] += x * x;
                }
                if (head[i] == 0)
                {
                    aN++;
                    aS += x;
                    aQ += x * x;
                }
                if (countable)
                {
                    float av = Math.Abs(d[i]);
                    if (av - av == 0) // finite, as the percentiles select
                    {
                        countable = head[i] != 0 ? headCounts.Add(av) : airCounts.Add(av);
                    }
                }
            }

            aN += airZeros;
            gN = classN[1]; gS = classS[1]; gQ = classQ[1];
            wN = classN[2]; wS = classS[2]; wQ = classQ[2];
            if (countable)
            {
                countable = headCounts.Add(0, headZeros) && airCounts.Add(0, airZeros);
            }

            var r = new ImageQualityMeasures();
            r.BrainMean = bN > 0 ? bS / bN : double.NaN;
            r.AirStd = Std(aN, aS, aQ);
            r.Snr = r.AirStd > 0 ? DietrichFactor * r.BrainMean / r.AirStd : double.NaN;
            r.GrayMean = gN > 0 ? gS / gN : double.NaN;
            r.WhiteMean = wN > 0 ? wS / wN : double.NaN;
            double gVar = Var(gN, gS, gQ), wVar = Var(wN, wS, wQ), aVar = r.AirStd * r.AirStd;
            double denominator = Math.Sqrt(aVar + gVar + wVar);
            r.Cnr = denominator > 0 ? Math.Abs(r.GrayMean - r.WhiteMean) / denominator : double.NaN;

            // EFC = (1/Emax) sum (x/cc) ln(x/cc), cc = sqrt(sum x^2), Emax = n (1/sqrt n) ln(1/sqrt n).
            double n = d.Length;
            double cc = Math.Sqrt(energy);
            double emax = n * (1 / Math.Sqrt(n)) * Math.Log(1 / Math.Sqrt(n));
            r.Efc = cc > 0 && n > 1 ? ((xlnx - Math.Log(cc) * sum) / cc) / emax : double.NaN;

            var median = new[] { 50.0 };
            var (inside, outside) = countable
                ? (IntensityStatistics.Percentiles(headCounts, median), IntensityStatistics.Percentiles(airCounts, median))
                : IntensityStatistics.PercentilesInsideAndOutside(d, head, median, absolute: true);
            double fg = inside[0], bg = outside[0];
            r.Fber = bg * bg >= 1e-3 ? fg * fg / (bg * bg) : double.NaN;

            r.Tissue = tissue;
            r.BrainVolumeMm3 = brainMask.VolumeMm3();
            r.HeadVolumeMm3 = headMask.VolumeMm3();
            return r;
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
