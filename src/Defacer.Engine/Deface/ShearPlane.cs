using System;
using System.Collections.Generic;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Deface
{
    /// <summary>
    /// Quickshear's cut: a line in the sagittal (A-P, S-I) plane of the canonical grid, extended along L-R into a plane.
    /// Coordinates are millimetres on the canonical grid (index times voxel size), A = axis 1, S = axis 2.
    /// A voxel is removed when its signed distance below the line (towards the face) exceeds the buffer.
    /// </summary>
    public sealed class ShearPlane
    {
        // Share of the distance from the brain's centre to its frontal pole at which the cut's posterior limit sits.
        private const double PosteriorLimitShare = 0.25;

        internal ShearPlane(double a0, double s0, double a1, double s1, double bufferMm, double posteriorLimitA = double.NegativeInfinity)
        {
            PosteriorLimitA = posteriorLimitA;
            PosteriorA = a0;
            PosteriorS = s0;
            AnteriorA = a1;
            AnteriorS = s1;
            BufferMm = bufferMm;
            double da = a1 - a0, ds = s1 - s0, len = Math.Sqrt(da * da + ds * ds);
            // Unit normal pointing away from the brain: the hull lies on its negative side.
            NormalA = ds / len;
            NormalS = -da / len;
        }

        /// <summary>The hull vertex at the posterior end of the cut edge (mm on the canonical grid).</summary>
        public double PosteriorA { get; }

        public double PosteriorS { get; }

        /// <summary>The hull vertex at the anterior end of the cut edge: the brain's most anterior lowest point.</summary>
        public double AnteriorA { get; }

        public double AnteriorS { get; }

        /// <summary>Unit normal of the cut line towards the face (A component).</summary>
        public double NormalA { get; }

        /// <summary>Unit normal of the cut line towards the face (S component).</summary>
        public double NormalS { get; }

        /// <summary>Distance in mm between the brain's hull and the cut.</summary>
        public double BufferMm { get; }

        /// <summary>Angle of the cut line above the A axis in degrees (positive: rising towards the front).</summary>
        public double AngleDegrees => Math.Atan2(AnteriorS - PosteriorS, AnteriorA - PosteriorA) * 180 / Math.PI;

        /// <summary>Signed distance in mm of point (a, s) beyond the hull line towards the face (negative on the brain's side).</summary>
        public double DistanceBeyondHull(double a, double s) => (a - AnteriorA) * NormalA + (s - AnteriorS) * NormalS;

        /// <summary>
        /// The cut removes nothing posterior of this A coordinate (mm on the canonical grid): a quarter of the way from
        /// the brain mask's centre along A to its frontal pole (about 20 mm in front of the centre on an adult). Every
        /// facial feature (eyes, nose, mouth, chin) lies well in front of that; behind it, below the cerebrum, are the
        /// brainstem and cerebellum, which a brain mask can miss (on FLAIR the cerebellum is darker than the cerebrum and
        /// the surface stops at the tentorium). The hull line, fitted to such a mask, then runs through the posterior
        /// fossa: on the already-defaced MICCAI FLAIR it took the medulla, which at the bottom of the field of view
        /// curves to about 10 mm in front of the brain's centre. Negative infinity when the plane was built without a mask.
        /// </summary>
        public double PosteriorLimitA { get; }

        /// <summary>
        /// True when the point is removed: more than <see cref="BufferMm"/> beyond the hull line, and not posterior of
        /// <see cref="PosteriorLimitA"/>.
        /// </summary>
        public bool Removes(double a, double s) => a >= PosteriorLimitA && DistanceBeyondHull(a, s) > BufferMm;

        /// <summary>
        /// Fits the cut to a brain mask on a canonical grid: the sagittal profile (the mask projected along L-R), its lowest
        /// point in every A column, and their lower convex hull (Andrew's monotone chain). Every brain voxel lies on or
        /// above the line of any hull edge, so any edge with any buffer ≥ 0 keeps them all. Which edge:
        /// <list type="bullet">
        /// <item>with a head mask, the edge whose cut removes the most head in the face region: in front of the brain's
        /// centre and above its lowest point, where the eyes, nose and upper face are. That is the edge that runs under
        /// the frontal lobe, the diagonal cut of Schimke and Hale's paper;</item>
        /// <item>without one, the edge ending at the most anterior profile point, as the reference implementation does
        /// (on a rounded frontal pole that edge is short and steep, which is why the head mask is preferred).</item>
        /// </list>
        /// </summary>
        /// <param name="canonicalBrain">Brain mask on the canonical grid.</param>
        /// <param name="bufferMm">Distance between the hull and the cut, ≥ 0.</param>
        /// <param name="canonicalHead">Head mask on the same grid, or null.</param>
        /// <exception cref="InvalidOperationException">The mask is empty or its profile has a single column.</exception>
        public static ShearPlane Fit(Mask3D canonicalBrain, double bufferMm, Mask3D? canonicalHead = null)
        {
            if (bufferMm < 0 || double.IsNaN(bufferMm))
            {
                throw new ArgumentOutOfRangeException(nameof(bufferMm), bufferMm, "The buffer must be zero or positive: a negative buffer would cut into the brain.");
            }
            int nx = canonicalBrain.Nx, ny = canonicalBrain.Ny, nz = canonicalBrain.Nz;
            double sa = canonicalBrain.Affine.ColumnNorm(1), ss = canonicalBrain.Affine.ColumnNorm(2);
            // Lowest S index per A column.
            var lowest = new int[ny];
            for (int y = 0; y < ny; y++)
            {
                lowest[y] = int.MaxValue;
            }
            var d = canonicalBrain.Data;
            for (int z = nz - 1; z >= 0; z--)
            {
                for (int y = 0; y < ny; y++)
                {
                    int o = nx * (y + ny * z);
                    for (int x = 0; x < nx; x++)
                    {
                        if (d[o + x] != 0)
                        {
                            lowest[y] = z;
                            break;
                        }
                    }
                }
            }
            var points = new List<(double A, double S)>();
            for (int y = 0; y < ny; y++)
            {
                if (lowest[y] != int.MaxValue)
                {
                    points.Add((y * sa, lowest[y] * ss));
                }
            }
            if (points.Count == 0)
            {
                throw new InvalidOperationException("The brain mask is empty; Quickshear needs a brain to place its cut.");
            }
            if (points.Count < 2)
            {
                throw new InvalidOperationException("The brain mask's sagittal profile spans a single anterior-posterior column; the cut is undefined.");
            }
            // Points are sorted by A already (one per column). Lower hull, monotone chain.
            var hull = new List<(double A, double S)>();
            foreach (var p in points)
            {
                while (hull.Count >= 2 && Cross(hull[hull.Count - 2], hull[hull.Count - 1], p) <= 0)
                {
                    hull.RemoveAt(hull.Count - 1);
                }
                hull.Add(p);
            }
            // Centre of the brain along A and its lowest row: they place the posterior limit of the cut and the face region.
            double sumY = 0;
            long count = 0;
            int minZ = int.MaxValue;
            for (int i = 0; i < d.Length; i++)
            {
                if (d[i] != 0)
                {
                    sumY += (i / nx) % ny;
                    count++;
                    minZ = Math.Min(minZ, i / (nx * ny));
                }
            }
            // A quarter of the way from the brain's centre to its frontal pole (the most anterior profile point).
            double centreA = sumY / count * sa;
            double limitA = centreA + PosteriorLimitShare * (points[points.Count - 1].A - centreA);
            var best = new ShearPlane(hull[hull.Count - 2].A, hull[hull.Count - 2].S, hull[hull.Count - 1].A, hull[hull.Count - 1].S, bufferMm, limitA);
            if (canonicalHead == null)
            {
                return best;
            }
            if (canonicalHead.Nx != nx || canonicalHead.Ny != ny || canonicalHead.Nz != nz)
            {
                throw new ArgumentException("The head mask must be on the brain mask's grid.", nameof(canonicalHead));
            }

            // Face region: columns in front of the brain's centre of mass, rows above its lowest point.
            int y0 = (int)Math.Ceiling(sumY / count);
            var profile = new int[ny * nz];
            var h = canonicalHead.Data;
            for (int z = minZ; z < nz; z++)
            {
                for (int y = y0; y < ny; y++)
                {
                    int o = nx * (y + ny * z), c = 0;
                    for (int x = 0; x < nx; x++)
                    {
                        c += h[o + x];
                    }
                    profile[y + ny * z] = c;
                }
            }
            long bestScore = -1;
            for (int e = 0; e + 1 < hull.Count; e++)
            {
                var candidate = new ShearPlane(hull[e].A, hull[e].S, hull[e + 1].A, hull[e + 1].S, bufferMm, limitA);
                long score = 0;
                for (int z = minZ; z < nz; z++)
                {
                    for (int y = y0; y < ny; y++)
                    {
                        if (profile[y + ny * z] != 0 && candidate.Removes(y * sa, z * ss))
                        {
                            score += profile[y + ny * z];
                        }
                    }
                }
                if (score > bestScore)
                {
                    bestScore = score;
                    best = candidate;
                }
            }
            return best;
        }

        /// <summary>The removal mask on a canonical grid of the given shape and affine: 1 where the cut removes the voxel.</summary>
        public Mask3D RemovalMask(int nx, int ny, int nz, Affine canonicalAffine)
        {
            var mask = new Mask3D(nx, ny, nz, canonicalAffine);
            double sa = canonicalAffine.ColumnNorm(1), ss = canonicalAffine.ColumnNorm(2);
            var row = new byte[nx];
            for (int x = 0; x < nx; x++)
            {
                row[x] = 1;
            }
            for (int z = 0; z < nz; z++)
            {
                for (int y = 0; y < ny; y++)
                {
                    if (Removes(y * sa, z * ss))
                    {
                        Buffer.BlockCopy(row, 0, mask.Data, nx * (y + ny * z), nx);
                    }
                }
            }
            return mask;
        }

        // > 0 when o→a→b turns counter-clockwise (A to the right, S up).
        private static double Cross((double A, double S) o, (double A, double S) a, (double A, double S) b) =>
            (a.A - o.A) * (b.S - o.S) - (a.S - o.S) * (b.A - o.A);
    }
}
