using System;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Segmentation
{
    /// <summary>
    /// A crude intensity non-uniformity correction: a quadratic polynomial in x, y, z fitted by least squares to the log
    /// intensity of one tissue, divided out. Receive coils make one side of a head up to twice as bright as the other
    /// (the 2 mm XA30 head), which would defeat any global threshold; a smooth quadratic captures most of that.
    /// </summary>
    public static class BiasField
    {
        private const int Terms = 10;

        /// <summary>
        /// A corrected copy of <paramref name="image"/>: the field fitted on the voxels of <paramref name="fitMask"/> is divided
        /// out, normalised to 1 at the mean of the fitted voxels. Returns the input unchanged when the fit is not possible.
        /// </summary>
        public static Volume3D Correct(Volume3D image, Mask3D fitMask)
        {
            var ata = new double[Terms, Terms];
            var atb = new double[Terms];
            var basis = new double[Terms];
            var sp = image.Spacing;
            // Centre and scale coordinates to about [-1, 1] to keep the normal equations well conditioned.
            double cx = image.Nx * sp.X / 2, cy = image.Ny * sp.Y / 2, cz = image.Nz * sp.Z / 2, s = 100;
            // The scaled coordinates of every column, row and slice, computed once for the fit and the correction.
            var xs = new double[image.Nx];
            var ys = new double[image.Ny];
            var zs = new double[image.Nz];
            for (int x = 0; x < xs.Length; x++) xs[x] = (x * sp.X - cx) / s;
            for (int y = 0; y < ys.Length; y++) ys[y] = (y * sp.Y - cy) / s;
            for (int z = 0; z < zs.Length; z++) zs[z] = (z * sp.Z - cz) / s;
            long n = 0;
            for (int z = 0; z < image.Nz; z++)
            {
                for (int y = 0; y < image.Ny; y++)
                {
                    for (int x = 0; x < image.Nx; x++)
                    {
                        int i = image.Index(x, y, z);
                        if (fitMask.Data[i] == 0 || !(image.Data[i] > 0))
                        {
                            continue;
                        }
                        Basis(basis, xs[x], ys[y], zs[z]);
                        double v = Math.Log(image.Data[i]);
                        for (int a = 0; a < Terms; a++)
                        {
                            atb[a] += basis[a] * v;
                            for (int b = a; b < Terms; b++)
                            {
                                ata[a, b] += basis[a] * basis[b];
                            }
                        }
                        n++;
                    }
                }
            }
            if (n < 100)
            {
                return image;
            }
            for (int a = 0; a < Terms; a++)
            {
                for (int b = 0; b < a; b++)
                {
                    ata[a, b] = ata[b, a];
                }
            }
            var coef = Solve(ata, atb);
            if (coef == null)
            {
                return image;
            }
            double mean = coef[0];
            var result = new float[image.Length];
            var data = image.Data;
            int at = 0;
            for (int z = 0; z < image.Nz; z++)
            {
                for (int y = 0; y < image.Ny; y++)
                {
                    for (int x = 0; x < image.Nx; x++, at++)
                    {
                        float v = data[at];
                        if (v == 0)
                        {
                            // 0 divided by the field is 0 (of the same sign): no exponential needed (the air of many images).
                            result[at] = v;
                            continue;
                        }
                        Basis(basis, xs[x], ys[y], zs[z]);
                        double f = 0;
                        for (int a = 0; a < Terms; a++)
                        {
                            f += coef[a] * basis[a];
                        }
                        // Clamp: the quadratic is only trusted within a factor of 3 either way.
                        double g = Math.Max(-1.1, Math.Min(1.1, f - mean));
                        result[at] = (float)(v / Math.Exp(g));
                    }
                }
            }
            return new Volume3D(image.Nx, image.Ny, image.Nz, result, image.Affine);
        }

        private static void Basis(double[] b, double x, double y, double z)
        {
            b[0] = 1; b[1] = x; b[2] = y; b[3] = z;
            b[4] = x * x; b[5] = y * y; b[6] = z * z;
            b[7] = x * y; b[8] = x * z; b[9] = y * z;
        }

        // Gaussian elimination with partial pivoting; null when singular.
        private static double[]? Solve(double[,] a, double[] b)
        {
            int n = b.Length;
            var m = (double[,])a.Clone();
            var r = (double[])b.Clone();
            for (int c = 0; c < n; c++)
            {
                int p = c;
                for (int i = c + 1; i < n; i++)
                {
                    if (Math.Abs(m[i, c]) > Math.Abs(m[p, c])) p = i;
                }
                if (Math.Abs(m[p, c]) < 1e-12)
                {
                    return null;
                }
                if (p != c)
                {
                    for (int j = 0; j < n; j++) { var t = m[p, j]; m[p, j] = m[c, j]; m[c, j] = t; }
                    var tr = r[p]; r[p] = r[c]; r[c] = tr;
                }
                for (int i = c + 1; i < n; i++)
                {
                    double f = m[i, c] / m[c, c];
                    for (int j = c; j < n; j++) m[i, j] -= f * m[c, j];
                    r[i] -= f * r[c];
                }
            }
            var x = new double[n];
            for (int i = n - 1; i >= 0; i--)
            {
                double s = r[i];
                for (int j = i + 1; j < n; j++) s -= m[i, j] * x[j];
                x[i] = s / m[i, i];
            }
            return x;
        }
    }
}
