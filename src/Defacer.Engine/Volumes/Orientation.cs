using System;

namespace Defacer.Engine.Volumes
{
    /// <summary>
    /// Which world axis each voxel axis points along, as nibabel's <c>io_orientation</c> / <c>aff2axcodes</c>
    /// compute it: the rotation part of the affine is made orthogonal (polar decomposition, as nibabel's SVD does),
    /// then each voxel axis in turn takes the world axis it is most aligned with. Oblique images therefore get the
    /// nearest axis code, e.g. "PSR" for sagittally stored IXI images.
    /// </summary>
    public sealed class Orientation
    {
        private static readonly char[] s_positive = { 'R', 'A', 'S' };
        private static readonly char[] s_negative = { 'L', 'P', 'I' };

        private Orientation(int[] worldAxis, bool[] flipped)
        {
            WorldAxis = worldAxis;
            Flipped = flipped;
        }

        /// <summary>For voxel axis i, the world axis (0 = x/R, 1 = y/A, 2 = z/S) it runs along.</summary>
        public int[] WorldAxis { get; }

        /// <summary>For voxel axis i, true when increasing index runs towards L, P or I.</summary>
        public bool[] Flipped { get; }

        /// <summary>Three letters such as "RAS", "LPS" or "PSR".</summary>
        public string Code
        {
            get
            {
                var c = new char[3];
                for (int i = 0; i < 3; i++)
                {
                    c[i] = Flipped[i] ? s_negative[WorldAxis[i]] : s_positive[WorldAxis[i]];
                }
                return new string(c);
            }
        }

        /// <summary>True for an image already stored in RAS order.</summary>
        public bool IsRas => Code == "RAS";

        /// <summary>Computes the orientation of the first three voxel axes of <paramref name="affine"/>.</summary>
        public static Orientation FromAffine(Affine affine)
        {
            var r = new double[3, 3];
            for (int col = 0; col < 3; col++)
            {
                double norm = affine.ColumnNorm(col);
                for (int row = 0; row < 3; row++)
                {
                    r[row, col] = norm > 0 ? affine[row, col] / norm : 0;
                }
            }
            r = OrthogonalPolarFactor(r);
            var worldAxis = new int[3];
            var flipped = new bool[3];
            for (int inAxis = 0; inAxis < 3; inAxis++)
            {
                int best = 0;
                for (int row = 1; row < 3; row++)
                {
                    if (Math.Abs(r[row, inAxis]) > Math.Abs(r[best, inAxis]))
                    {
                        best = row;
                    }
                }
                if (r[best, inAxis] == 0)
                {
                    throw new InvalidOperationException($"Voxel axis {inAxis} of the affine has no direction; the orientation is undefined.");
                }
                worldAxis[inAxis] = best;
                flipped[inAxis] = r[best, inAxis] < 0;
                // Take this world axis out of consideration for later voxel axes, as nibabel does.
                for (int c = 0; c < 3; c++)
                {
                    r[best, c] = 0;
                }
            }
            return new Orientation(worldAxis, flipped);
        }

        /// <summary>Orientation code of an affine, e.g. "LAS".</summary>
        public static string CodeOf(Affine affine) => FromAffine(affine).Code;

        // Newton iteration R <- (R + R^-T) / 2 converges to the orthogonal factor of the polar decomposition,
        // which is P·Qᵀ of the SVD that nibabel uses. It needs no SVD routine and is exact for orthogonal input.
        private static double[,] OrthogonalPolarFactor(double[,] m)
        {
            var r = (double[,])m.Clone();
            for (int iter = 0; iter < 50; iter++)
            {
                var invT = InverseTranspose(r);
                if (invT == null)
                {
                    return m;
                }
                double change = 0;
                for (int i = 0; i < 3; i++)
                {
                    for (int j = 0; j < 3; j++)
                    {
                        double next = 0.5 * (r[i, j] + invT[i, j]);
                        change = Math.Max(change, Math.Abs(next - r[i, j]));
                        r[i, j] = next;
                    }
                }
                if (change < 1e-12)
                {
                    break;
                }
            }
            return r;
        }

        private static double[,]? InverseTranspose(double[,] a)
        {
            double det = a[0, 0] * (a[1, 1] * a[2, 2] - a[1, 2] * a[2, 1])
                       - a[0, 1] * (a[1, 0] * a[2, 2] - a[1, 2] * a[2, 0])
                       + a[0, 2] * (a[1, 0] * a[2, 1] - a[1, 1] * a[2, 0]);
            if (Math.Abs(det) < 1e-12)
            {
                return null;
            }
            // Cofactor matrix divided by det is the inverse transpose.
            var c = new double[3, 3];
            c[0, 0] = (a[1, 1] * a[2, 2] - a[1, 2] * a[2, 1]) / det;
            c[0, 1] = -(a[1, 0] * a[2, 2] - a[1, 2] * a[2, 0]) / det;
            c[0, 2] = (a[1, 0] * a[2, 1] - a[1, 1] * a[2, 0]) / det;
            c[1, 0] = -(a[0, 1] * a[2, 2] - a[0, 2] * a[2, 1]) / det;
            c[1, 1] = (a[0, 0] * a[2, 2] - a[0, 2] * a[2, 0]) / det;
            c[1, 2] = -(a[0, 0] * a[2, 1] - a[0, 1] * a[2, 0]) / det;
            c[2, 0] = (a[0, 1] * a[1, 2] - a[0, 2] * a[1, 1]) / det;
            c[2, 1] = -(a[0, 0] * a[1, 2] - a[0, 2] * a[1, 0]) / det;
            c[2, 2] = (a[0, 0] * a[1, 1] - a[0, 1] * a[1, 0]) / det;
            return c;
        }
    }
}
