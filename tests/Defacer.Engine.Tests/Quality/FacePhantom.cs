using System;
using Defacer.Engine.Tests.Rendering;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Tests.Quality
{
    /// <summary>
    /// A coarse adult head in world mm (vertex at z = +110, cranium 200 mm long) with eyes, nose, lips and chin at
    /// anatomical distances, and a brain-only counterpart; sampled at 2 mm in any storage order.
    /// </summary>
    internal static class FacePhantom
    {
        private static double Ellipsoid(double x, double y, double z, double cx, double cy, double cz, double rx, double ry, double rz)
        {
            double dx = (x - cx) / rx, dy = (y - cy) / ry, dz = (z - cz) / rz;
            double e = Math.Sqrt(dx * dx + dy * dy + dz * dz);
            // About a 2 mm soft edge, value 50 on the surface.
            return 100 * Math.Max(0, Math.Min(1, (1 - e) * Math.Min(rx, Math.Min(ry, rz)) / 2 + 0.5));
        }

        public static double Head(double x, double y, double z)
        {
            double v = Ellipsoid(x, y, z, 0, 0, 0, 75, 100, 110);                        // cranium + neck
            v = Math.Max(v, Ellipsoid(x, y, z, 0, 40, -45, 55, 55, 75));                 // lower face block
            v = Math.Max(v, Ellipsoid(x, y, z, 0, 100, -20, 10, 15, 25));                // nose, tip at y = 115
            v = Math.Max(v, SyntheticVolumes.Ball(x, y, z, -32, 85, 0, 12));            // eyes
            v = Math.Max(v, SyntheticVolumes.Ball(x, y, z, 32, 85, 0, 12));
            v = Math.Max(v, Ellipsoid(x, y, z, 0, 90, -60, 22, 10, 8));                  // lips
            v = Math.Max(v, SyntheticVolumes.Ball(x, y, z, 0, 80, -95, 15));             // chin
            return v;
        }

        public static double Brain(double x, double y, double z) => Ellipsoid(x, y, z, 0, -10, 40, 68, 85, 70);

        public static Volume3D Sample(string order, Func<double, double, double, double> f) =>
            SyntheticVolumes.Sample(order, 81, 121, 123, 2.0, (x, y, z) => f(x, y + 10, z - 7));
    }
}
