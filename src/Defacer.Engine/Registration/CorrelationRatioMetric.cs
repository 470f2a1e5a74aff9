using System;
using Defacer.Engine.Numerics;
using System.Collections.Generic;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Registration
{
    /// <summary>
    /// Symmetric correlation ratio cost (Roche et al. 1998; FLIRT's default metric is the one-sided form), evaluated
    /// on a fixed set of sample points of the fixed image. One term is the fraction of the moving variance not
    /// explained by the fixed intensity bin, <c>Σ_b n_b Var(moving | fixed bin b) / (N Var(moving))</c>; the other
    /// swaps the roles. 0 = each intensity predicts the other perfectly, 1 = no relation. It only asks that intensities
    /// be functions of tissue, so a T1 template can register to T2, PD or FLAIR; averaging both directions covers the
    /// case where only one direction is a function (two tissues that look alike in one contrast and not in the other).
    /// Fixed bins are computed once; moving values are spread over their two nearest bins in proportion, so the cost
    /// stays a continuous function of the parameters, which suits a pattern search.
    /// </summary>
    internal sealed class CorrelationRatioMetric
    {
        private readonly double[] _x, _y, _z;
        private readonly int[] _bin;
        private readonly int _bins;
        private readonly Volume3D _moving;
        private readonly Affine _movingInverse;
        private readonly float[] _fixedValue;
        private readonly double[] _n, _s, _q;
        private readonly double[] _n2, _s2, _q2;
        private readonly double _movingLow, _movingScale;

        private CorrelationRatioMetric(double[] x, double[] y, double[] z, float[] fixedValue, int[] bin, int bins, Volume3D moving)
        {
            _fixedValue = fixedValue;
            _n2 = new double[bins + 1];
            _s2 = new double[bins + 1];
            _q2 = new double[bins + 1];
            var (lo, hi) = Range(moving.Data);
            _movingLow = lo;
            _movingScale = bins / (hi - lo);
            _x = x;
            _y = y;
            _z = z;
            _bin = bin;
            _bins = bins;
            _moving = moving;
            _movingInverse = moving.Affine.Inverse();
            _n = new double[bins];
            _s = new double[bins];
            _q = new double[bins];
        }

        /// <summary>Number of sample points.</summary>
        public int SampleCount => _x.Length;

        /// <summary>Minimum fraction of the samples that must land inside the moving image for a valid cost.</summary>
        public double MinimumOverlap { get; set; } = 0.5;

        /// <summary>Number of cost evaluations so far.</summary>
        public int Evaluations { get; private set; }

        /// <summary>
        /// Draws up to <paramref name="count"/> sample points (seeded) among the voxels of <paramref name="fixedLevel"/>
        /// that map inside <paramref name="movingLevel"/> under <paramref name="fixedToMoving"/>, each jittered within
        /// its voxel so the samples do not sit on a lattice, and bins their fixed intensities.
        /// </summary>
        public static CorrelationRatioMetric Create(Volume3D fixedLevel, Volume3D movingLevel, Affine fixedToMoving, int count, int bins, ulong seed)
        {
            var v2v = Resampler.VoxelToVoxel(fixedLevel.Affine, fixedToMoving, movingLevel.Affine);
            var candidates = new List<int>();
            int nx = fixedLevel.Nx, ny = fixedLevel.Ny, nz = fixedLevel.Nz;
            double mx = movingLevel.Nx - 0.5, my = movingLevel.Ny - 0.5, mz = movingLevel.Nz - 0.5;
            for (int z = 0, i = 0; z < nz; z++)
            {
                for (int y = 0; y < ny; y++)
                {
                    for (int x = 0; x < nx; x++, i++)
                    {
                        var p = v2v.Apply(x, y, z);
                        if (p.X >= -0.5 && p.Y >= -0.5 && p.Z >= -0.5 && p.X <= mx && p.Y <= my && p.Z <= mz)
                        {
                            candidates.Add(i);
                        }
                    }
                }
            }
            if (candidates.Count < 100)
            {
                // The initial placement leaves almost no overlap: fall back to the whole fixed image.
                candidates.Clear();
                for (int i = 0; i < fixedLevel.Length; i++)
                {
                    candidates.Add(i);
                }
            }
            var rng = new SplitMix64(seed);
            int n = Math.Min(count, candidates.Count);
            // Partial Fisher-Yates: the first n entries become a uniform random subset.
            for (int i = 0; i < n; i++)
            {
                int j = i + rng.NextInt(candidates.Count - i);
                int t = candidates[i];
                candidates[i] = candidates[j];
                candidates[j] = t;
            }
            var xs = new double[n];
            var ys = new double[n];
            var zs = new double[n];
            var values = new float[n];
            var a = fixedLevel.Affine;
            for (int s = 0; s < n; s++)
            {
                int idx = candidates[s];
                int x = idx % nx, y = (idx / nx) % ny, z = idx / (nx * ny);
                double fx = x + rng.NextDouble() - 0.5, fy = y + rng.NextDouble() - 0.5, fz = z + rng.NextDouble() - 0.5;
                values[s] = Resampler.SampleLinear(fixedLevel.Data, nx, ny, nz, fx, fy, fz, 0f);
                var w = a.Apply(fx, fy, fz);
                xs[s] = w.X;
                ys[s] = w.Y;
                zs[s] = w.Z;
            }
            var binOf = BinIntensities(values, bins);
            return new CorrelationRatioMetric(xs, ys, zs, values, binOf, bins, movingLevel);
        }

        /// <summary>The cost (0 best, 1 worst) of the transform mapping fixed world to moving world.</summary>
        public double Cost(Affine fixedToMoving)
        {
            Evaluations++;
            var m = _movingInverse.Multiply(fixedToMoving);
            double m00 = m[0, 0], m01 = m[0, 1], m02 = m[0, 2], m03 = m[0, 3];
            double m10 = m[1, 0], m11 = m[1, 1], m12 = m[1, 2], m13 = m[1, 3];
            double m20 = m[2, 0], m21 = m[2, 1], m22 = m[2, 2], m23 = m[2, 3];
            Array.Clear(_n, 0, _bins);
            Array.Clear(_s, 0, _bins);
            Array.Clear(_q, 0, _bins);
            Array.Clear(_n2, 0, _n2.Length);
            Array.Clear(_s2, 0, _s2.Length);
            Array.Clear(_q2, 0, _q2.Length);
            double fs = 0, fq = 0;
            var src = _moving.Data;
            int nx = _moving.Nx, ny = _moving.Ny, nz = _moving.Nz;
            int valid = 0;
            for (int i = 0; i < _x.Length; i++)
            {
                double x = _x[i], y = _y[i], z = _z[i];
                double px = m00 * x + m01 * y + m02 * z + m03;
                double py = m10 * x + m11 * y + m12 * z + m13;
                double pz = m20 * x + m21 * y + m22 * z + m23;
                float v = Resampler.SampleLinear(src, nx, ny, nz, px, py, pz, float.NaN);
                if (float.IsNaN(v))
                {
                    continue;
                }
                int b = _bin[i];
                _n[b] += 1;
                _s[b] += v;
                _q[b] += (double)v * v;
                valid++;

                // Reverse direction: soft-bin the moving value, accumulate the fixed value.
                double f = _fixedValue[i];
                fs += f;
                fq += f * f;
                double u = (v - _movingLow) * _movingScale;
                if (u < 0) u = 0; else if (u > _bins - 1) u = _bins - 1;
                int b0 = (int)u;
                double w1 = u - b0, w0 = 1 - w1;
                _n2[b0] += w0;
                _s2[b0] += w0 * f;
                _q2[b0] += w0 * f * f;
                _n2[b0 + 1] += w1;
                _s2[b0 + 1] += w1 * f;
                _q2[b0 + 1] += w1 * f * f;
            }
            if (valid < MinimumOverlap * _x.Length || valid < 2)
            {
                return 1.0;
            }
            double sn = 0, ss = 0, sq = 0, within = 0;
            for (int b = 0; b < _bins; b++)
            {
                if (_n[b] == 0)
                {
                    continue;
                }
                sn += _n[b];
                ss += _s[b];
                sq += _q[b];
                within += _q[b] - _s[b] * _s[b] / _n[b];
            }
            double total = sq - ss * ss / sn;
            double within2 = 0;
            for (int b = 0; b <= _bins; b++)
            {
                if (_n2[b] > 0)
                {
                    within2 += _q2[b] - _s2[b] * _s2[b] / _n2[b];
                }
            }
            double total2 = fq - fs * fs / valid;
            if (total <= 1e-12 * Math.Max(1.0, sq) || total2 <= 1e-12 * Math.Max(1.0, fq))
            {
                // A flat image explains nothing.
                return 1.0;
            }
            double forward = Math.Max(0.0, Math.Min(1.0, within / total));
            double backward = Math.Max(0.0, Math.Min(1.0, within2 / total2));
            return 0.5 * (forward + backward);
        }

        // Minimum and 99.5th percentile (from a 4096-bin histogram) of the moving image.
        private static (double Low, double High) Range(float[] data)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            foreach (var v in data)
            {
                if (v < min) min = v;
                if (v > max) max = v;
            }
            if (!(max > min))
            {
                return (min, min + 1);
            }
            const int bins = 4096;
            var hist = new long[bins];
            double scale = (bins - 1) / (max - min);
            foreach (var v in data)
            {
                hist[(int)((v - min) * scale)]++;
            }
            long target = (long)(0.995 * data.Length), seen = 0;
            for (int b = 0; b < bins; b++)
            {
                seen += hist[b];
                if (seen > target)
                {
                    double hi = min + (b + 1) / scale;
                    return (min, hi > min ? hi : min + 1);
                }
            }
            return (min, max);
        }

        // Linear bins between the minimum and the 99.5th percentile, so a few bright outliers (vessels, fat)
        // do not squeeze the tissue classes into one bin.
        private static int[] BinIntensities(float[] values, int bins)
        {
            var sorted = (float[])values.Clone();
            Array.Sort(sorted);
            double lo = sorted.Length > 0 ? sorted[0] : 0;
            double hi = sorted.Length > 0 ? sorted[Math.Min(sorted.Length - 1, (int)(0.995 * sorted.Length))] : 1;
            if (hi <= lo)
            {
                hi = lo + 1;
            }
            var bin = new int[values.Length];
            double scale = bins / (hi - lo);
            for (int i = 0; i < values.Length; i++)
            {
                int b = (int)((values[i] - lo) * scale);
                bin[i] = b < 0 ? 0 : (b >= bins ? bins - 1 : b);
            }
            return bin;
        }
    }
}
