using System;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Registration
{
    /// <summary>
    /// Finds a stable landmark to start a head registration from: the centre of mass of the top of the head
    /// (the head-mask voxels within <c>capDepthMm</c> of its highest point along world S). The centre of mass of the
    /// whole field of view would drift down a long neck or into the shoulders; the top of the head does not.
    /// The head mask is an Otsu threshold of a smoothed, coarse image, which ignores noise and intensity scale.
    /// </summary>
    public static class HeadLocator
    {
        /// <summary>World position (mm) of the centre of the head cap of <paramref name="image"/>.</summary>
        /// <param name="image">A coarse, smoothed head image (any orientation).</param>
        /// <param name="capDepthMm">How far below the top of the head the cap reaches.</param>
        public static (double X, double Y, double Z) CapCentre(Volume3D image, double capDepthMm)
        {
            double threshold = OtsuThreshold(image.Data);
            var a = image.Affine;
            double top = double.NegativeInfinity;
            int nx = image.Nx, ny = image.Ny, nz = image.Nz;
            var data = image.Data;
            for (int z = 0, i = 0; z < nz; z++)
            {
                for (int y = 0; y < ny; y++)
                {
                    for (int x = 0; x < nx; x++, i++)
                    {
                        if (data[i] > threshold)
                        {
                            double wz = a[2, 0] * x + a[2, 1] * y + a[2, 2] * z + a[2, 3];
                            if (wz > top)
                            {
                                top = wz;
                            }
                        }
                    }
                }
            }
            if (double.IsNegativeInfinity(top))
            {
                var c = a.Apply((nx - 1) / 2.0, (ny - 1) / 2.0, (nz - 1) / 2.0);
                return c;
            }
            double sx = 0, sy = 0, sz = 0, sw = 0;
            for (int z = 0, i = 0; z < nz; z++)
            {
                for (int y = 0; y < ny; y++)
                {
                    for (int x = 0; x < nx; x++, i++)
                    {
                        if (data[i] > threshold)
                        {
                            var w = a.Apply(x, y, z);
                            if (w.Z >= top - capDepthMm)
                            {
                                sx += w.X;
                                sy += w.Y;
                                sz += w.Z;
                                sw += 1;
                            }
                        }
                    }
                }
            }
            return (sx / sw, sy / sw, sz / sw);
        }

        /// <summary>Otsu's threshold over 256 bins between the minimum and the 99.9th percentile.</summary>
        public static double OtsuThreshold(float[] values)
        {
            double lo = double.PositiveInfinity, max = double.NegativeInfinity;
            foreach (var v in values)
            {
                if (v < lo) lo = v;
                if (v > max) max = v;
            }
            double hi = Percentile(values, lo, max, 0.999);
            if (!(hi > lo))
            {
                return lo;
            }
            const int bins = 256;
            var hist = new double[bins];
            double scale = bins / (hi - lo);
            foreach (var v in values)
            {
                int b = (int)((v - lo) * scale);
                hist[b < 0 ? 0 : (b >= bins ? bins - 1 : b)]++;
            }
            double total = values.Length, sumAll = 0;
            for (int b = 0; b < bins; b++)
            {
                sumAll += b * hist[b];
            }
            double w0 = 0, sum0 = 0, best = -1;
            int bestBin = 0;
            for (int b = 0; b < bins - 1; b++)
            {
                w0 += hist[b];
                sum0 += b * hist[b];
                double w1 = total - w0;
                if (w0 == 0 || w1 == 0)
                {
                    continue;
                }
                double m0 = sum0 / w0, m1 = (sumAll - sum0) / w1;
                double between = w0 * w1 * (m0 - m1) * (m0 - m1);
                if (between > best)
                {
                    best = between;
                    bestBin = b;
                }
            }
            return lo + (bestBin + 1) / scale;
        }

        // Percentile from a fine histogram (4096 bins): a sort of millions of voxels costs far more and the
        // threshold does not need more precision than this.
        private static double Percentile(float[] values, double min, double max, double fraction)
        {
            if (!(max > min))
            {
                return min;
            }
            const int bins = 4096;
            var hist = new long[bins];
            double scale = (bins - 1) / (max - min);
            foreach (var v in values)
            {
                hist[(int)((v - min) * scale)]++;
            }
            long target = (long)(fraction * values.Length), seen = 0;
            for (int b = 0; b < bins; b++)
            {
                seen += hist[b];
                if (seen > target)
                {
                    return min + (b + 1) / scale;
                }
            }
            return max;
        }
    }
}
