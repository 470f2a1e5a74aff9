using System;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Tests.Registration
{
    /// <summary>
    /// Analytic test objects in world mm, sampled exactly (no resampling) so a transformed copy is ground truth.
    /// A soft ellipsoid "head" with asymmetric Gaussian blobs inside, so every rotation is observable.
    /// </summary>
    internal static class SyntheticBlobs
    {
        private static readonly double[,] s_blobs =
        {
            // x, y, z, sigma, amplitude
            { 25, 30, 20, 12, 60 },
            { -30, -10, 35, 10, -40 },
            { 5, -45, -15, 14, 50 },
            { -15, 40, -30, 9, 70 },
            { 35, -20, -35, 11, -30 },
        };

        /// <summary>Intensity of the object at world point (x, y, z).</summary>
        public static double Value(double x, double y, double z)
        {
            double r = Math.Sqrt(x * x / (70.0 * 70) + y * y / (85.0 * 85) + z * z / (80.0 * 80));
            // Logistic edge about 2 mm wide.
            double inside = 1.0 / (1.0 + Math.Exp((r - 1) * 80 / 2.0));
            double v = 100 * inside;
            for (int b = 0; b < s_blobs.GetLength(0); b++)
            {
                double dx = x - s_blobs[b, 0], dy = y - s_blobs[b, 1], dz = z - s_blobs[b, 2], s = s_blobs[b, 3];
                v += inside * s_blobs[b, 4] * Math.Exp(-0.5 * (dx * dx + dy * dy + dz * dz) / (s * s));
            }
            return v;
        }

        /// <summary>
        /// Samples <c>map(Value(T(x)))</c> on a grid: with <paramref name="fixedToObject"/> = T the volume is the
        /// object seen through T, so registering the plain object (moving) to it must recover T.
        /// </summary>
        public static Volume3D Sample(int nx, int ny, int nz, Affine affine, Affine fixedToObject, Func<double, double>? map = null)
        {
            var v = new Volume3D(nx, ny, nz, affine);
            var m = fixedToObject.Multiply(affine);
            for (int z = 0; z < nz; z++)
            {
                for (int y = 0; y < ny; y++)
                {
                    for (int x = 0; x < nx; x++)
                    {
                        var p = m.Apply(x, y, z);
                        double value = Value(p.X, p.Y, p.Z);
                        v[x, y, z] = (float)(map == null ? value : map(value));
                    }
                }
            }
            return v;
        }

        /// <summary>A grid of <paramref name="n"/>³ voxels of <paramref name="spacing"/> mm centred on the origin, RAS.</summary>
        public static Affine CentredGrid(int n, double spacing)
        {
            double o = -spacing * (n - 1) / 2.0;
            return Affine.FromScaleAndOffset(spacing, spacing, spacing, o, o, o);
        }

        /// <summary>Largest distance (mm) between where two transforms send the corners of a 140 mm cube about the origin.</summary>
        public static double MaxCornerError(Affine a, Affine b)
        {
            double worst = 0;
            for (int c = 0; c < 8; c++)
            {
                double x = (c & 1) == 0 ? -70 : 70, y = (c & 2) == 0 ? -70 : 70, z = (c & 4) == 0 ? -70 : 70;
                var p = a.Apply(x, y, z);
                var q = b.Apply(x, y, z);
                double d = Math.Sqrt((p.X - q.X) * (p.X - q.X) + (p.Y - q.Y) * (p.Y - q.Y) + (p.Z - q.Z) * (p.Z - q.Z));
                worst = Math.Max(worst, d);
            }
            return worst;
        }
    }
}
