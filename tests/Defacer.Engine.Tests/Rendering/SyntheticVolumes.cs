using System;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Tests.Rendering
{
    /// <summary>
    /// Volumes sampled from a function of world position (RAS mm), so the same object can be stored in any voxel
    /// order: the storage variants below hold exactly the same voxel centres, only indexed differently.
    /// </summary>
    internal static class SyntheticVolumes
    {
        /// <summary>A storage order of the same grid of voxel centres (spacing s, n voxels along R, A, S, centred on 0).</summary>
        public static Volume3D Sample(string order, int nr, int na, int ns, double s, Func<double, double, double, double> f)
        {
            double r0 = -(nr - 1) * s / 2, a0 = -(na - 1) * s / 2, s0 = -(ns - 1) * s / 2;
            Affine affine;
            int nx, ny, nz;
            switch (order)
            {
                case "RAS":
                    affine = Affine.FromRowMajor(new[] { s, 0, 0, r0, 0, s, 0, a0, 0, 0, s, s0, 0, 0, 0, 1 });
                    (nx, ny, nz) = (nr, na, ns);
                    break;
                case "LPS":
                    affine = Affine.FromRowMajor(new[] { -s, 0, 0, -r0, 0, -s, 0, -a0, 0, 0, s, s0, 0, 0, 0, 1 });
                    (nx, ny, nz) = (nr, na, ns);
                    break;
                case "PSR":
                    // Voxel axis 0 runs posterior, 1 superior, 2 right (sagittal storage, like IXI).
                    affine = Affine.FromRowMajor(new[] { 0, 0, s, r0, -s, 0, 0, -a0, 0, s, 0, s0, 0, 0, 0, 1 });
                    (nx, ny, nz) = (na, ns, nr);
                    break;
                default:
                    throw new ArgumentException(order);
            }
            var v = new Volume3D(nx, ny, nz, affine);
            for (int k = 0; k < nz; k++)
            for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx; i++)
            {
                var w = affine.Apply(i, j, k);
                v[i, j, k] = (float)f(w.X, w.Y, w.Z);
            }
            return v;
        }

        /// <summary>A solid ball with a one-voxel linear edge: value 100 inside, 0 outside, 50 exactly at radius <paramref name="r"/>.</summary>
        public static double Ball(double x, double y, double z, double cx, double cy, double cz, double r)
        {
            double d = Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz));
            return 100 * Math.Max(0, Math.Min(1, r - d + 0.5));
        }

        /// <summary>
        /// A crude head: an ellipsoid skull with a nose (anterior), a bump on the subject's left ear only, and a
        /// crest on top, so every view and mirror error shows.
        /// </summary>
        public static double Head(double x, double y, double z)
        {
            double e = Math.Sqrt(x * x / (34.0 * 34) + y * y / (40.0 * 40) + z * z / (38.0 * 38));
            double v = 100 * Math.Max(0, Math.Min(1, (1 - e) * 36 + 0.5));
            v = Math.Max(v, Ball(x, y, z, 0, 40, -5, 7));    // nose
            v = Math.Max(v, Ball(x, y, z, -34, 0, 0, 6));    // left ear only
            v = Math.Max(v, Ball(x, y, z, 10, 10, 36, 5));   // right-anterior crest
            return v;
        }
    }
}
