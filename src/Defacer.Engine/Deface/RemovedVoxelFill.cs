using System;
using Defacer.Engine.Numerics;
using System.Threading;

namespace Defacer.Engine.Deface
{
    /// <summary>
    /// Computes the physical values that replace removed voxels, one per removed voxel in increasing index order.
    /// Pure: the same volume, mask, mode, seed and FWHM give the same values.
    /// </summary>
    public static class RemovedVoxelFill
    {
        /// <summary>Default full width at half maximum of the blur fill, in mm: wide enough to erase a nose or lips
        /// (both about 20 mm across) while keeping the rough outline of the head.</summary>
        public const double DefaultBlurFwhmMm = 20.0;

        /// <summary>The fill values for <paramref name="removed"/> (linear indices, increasing) of one volume.</summary>
        /// <param name="fill">The fill mode.</param>
        /// <param name="values">The volume in NIfTI order (x fastest).</param>
        /// <param name="nx">Size along x.</param>
        /// <param name="ny">Size along y.</param>
        /// <param name="nz">Size along z.</param>
        /// <param name="spacingMm">Voxel sizes in mm.</param>
        /// <param name="removed">Linear indices of removed voxels.</param>
        /// <param name="seed">Seed for noise.</param>
        /// <param name="blurFwhmMm">FWHM of the blur in mm.</param>
        /// <param name="cancellationToken">Observed between passes.</param>
        public static double[] Compute(FaceFill fill, float[] values, int nx, int ny, int nz, (double X, double Y, double Z) spacingMm,
            int[] removed, ulong seed, double blurFwhmMm, CancellationToken cancellationToken)
        {
            var result = new double[removed.Length];
            switch (fill)
            {
                case FaceFill.Zero:
                    return result;
                case FaceFill.Noise:
                    {
                        var stats = BackgroundStatistics.Compute(values);
                        var rng = new SplitMix64(seed);
                        for (int i = 0; i < removed.Length; i++)
                        {
                            double v = stats.Median + stats.Spread * rng.NextGaussian();
                            result[i] = v < stats.Minimum ? stats.Minimum : v > stats.Threshold ? stats.Threshold : v;
                        }
                        return result;
                    }
                case FaceFill.Blur:
                    return GaussianAt(values, nx, ny, nz, spacingMm, removed, blurFwhmMm, cancellationToken);
                default:
                    throw new ArgumentOutOfRangeException(nameof(fill), fill, "Unknown fill mode.");
            }
        }

        /// <summary>
        /// A separable Gaussian of the volume, evaluated at the removed voxels. Only the bounding box of the removed
        /// region grown by the kernel radius is filtered, since nothing else is needed. The kernel is truncated at the
        /// volume's edges and renormalised, so edges do not darken; NaN and infinite values count as 0.
        /// </summary>
        private static double[] GaussianAt(float[] values, int nx, int ny, int nz, (double X, double Y, double Z) spacing,
            int[] removed, double fwhmMm, CancellationToken ct)
        {
            var result = new double[removed.Length];
            if (removed.Length == 0)
            {
                return result;
            }
            if (!(fwhmMm > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(fwhmMm), fwhmMm, "The blur FWHM must be positive (mm).");
            }
            double sigmaMm = fwhmMm / (2.0 * Math.Sqrt(2.0 * Math.Log(2.0)));
            var kx = Kernel(sigmaMm / spacing.X);
            var ky = Kernel(sigmaMm / spacing.Y);
            var kz = Kernel(sigmaMm / spacing.Z);
            int rx = kx.Length / 2, ry = ky.Length / 2, rz = kz.Length / 2;

            int x0 = nx, y0 = ny, z0 = nz, x1 = -1, y1 = -1, z1 = -1;
            foreach (var idx in removed)
            {
                int x = idx % nx, y = (idx / nx) % ny, z = idx / (nx * ny);
                if (x < x0) x0 = x; if (x > x1) x1 = x;
                if (y < y0) y0 = y; if (y > y1) y1 = y;
                if (z < z0) z0 = z; if (z > z1) z1 = z;
            }
            // The box that must be filtered (output) and the box that feeds it (input, grown by the radii).
            int ix0 = Math.Max(0, x0 - rx), ix1 = Math.Min(nx - 1, x1 + rx);
            int iy0 = Math.Max(0, y0 - ry), iy1 = Math.Min(ny - 1, y1 + ry);
            int iz0 = Math.Max(0, z0 - rz), iz1 = Math.Min(nz - 1, z1 + rz);
            int bx = ix1 - ix0 + 1, by = iy1 - iy0 + 1, bz = iz1 - iz0 + 1;

            var a = new double[(long)bx * by * bz];
            for (int z = 0; z < bz; z++)
            {
                for (int y = 0; y < by; y++)
                {
                    int src = ix0 + nx * (iy0 + y + ny * (iz0 + z));
                    int dst = bx * (y + by * z);
                    for (int x = 0; x < bx; x++)
                    {
                        float v = values[src + x];
                        a[dst + x] = float.IsNaN(v) || float.IsInfinity(v) ? 0 : v;
                    }
                }
            }
            var b = new double[a.Length];
            Pass(a, b, bx, by, bz, kx, 1, bx);
            ct.ThrowIfCancellationRequested();
            Pass(b, a, bx, by, bz, ky, bx, by);
            ct.ThrowIfCancellationRequested();
            Pass(a, b, bx, by, bz, kz, bx * by, bz);
            ct.ThrowIfCancellationRequested();

            for (int i = 0; i < removed.Length; i++)
            {
                int idx = removed[i];
                int x = idx % nx - ix0, y = (idx / nx) % ny - iy0, z = idx / (nx * ny) - iz0;
                result[i] = b[x + bx * (y + by * z)];
            }
            return result;
        }

        // One 1D pass along the axis whose stride is `stride` and length within the box is `len`, kernel truncated at the
        // box and renormalised. The box was grown by the radius, so for the voxels that reach the output this truncation
        // only happens at the volume's own edges; the margins themselves are filtered only to feed the next pass.
        private static void Pass(double[] src, double[] dst, int bx, int by, int bz, double[] k, int stride, int len)
        {
            int r = k.Length / 2;
            long total = (long)bx * by * bz;
            for (long start = 0; start < total; start++)
            {
                // Visit each line once: `start` must be the first element of a line along this axis.
                long along = (start / stride) % len;
                if (along != 0)
                {
                    continue;
                }
                for (int i = 0; i < len; i++)
                {
                    double sum = 0, wsum = 0;
                    int jlo = Math.Max(0, i - r), jhi = Math.Min(len - 1, i + r);
                    for (int j = jlo; j <= jhi; j++)
                    {
                        double w = k[j - i + r];
                        sum += w * src[start + (long)j * stride];
                        wsum += w;
                    }
                    dst[start + (long)i * stride] = wsum > 0 ? sum / wsum : 0;
                }
            }
        }

        private static double[] Kernel(double sigmaVoxels)
        {
            if (sigmaVoxels < 1e-3)
            {
                return new[] { 1.0 };
            }
            int r = (int)Math.Ceiling(3.0 * sigmaVoxels);
            var k = new double[2 * r + 1];
            for (int i = -r; i <= r; i++)
            {
                k[i + r] = Math.Exp(-0.5 * i * i / (sigmaVoxels * sigmaVoxels));
            }
            return k;
        }
    }
}
