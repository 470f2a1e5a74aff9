using System;
using System.Globalization;

namespace Defacer.Engine.Volumes
{
    /// <summary>
    /// A 4x4 homogeneous transform, stored row-major. In a NIfTI image it maps voxel indices (i, j, k)
    /// to world millimetres in RAS+ (x grows to the Right, y to the Anterior, z to the Superior).
    /// Immutable, so it can be shared between volumes and threads.
    /// </summary>
    public readonly struct Affine : IEquatable<Affine>
    {
        private readonly double[] _m;

        private Affine(double[] m)
        {
            _m = m;
        }

        /// <summary>The identity transform.</summary>
        public static Affine Identity => FromRowMajor(new double[] { 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1 });

        /// <summary>Element at row <paramref name="r"/> and column <paramref name="c"/> (0-based).</summary>
        public double this[int r, int c] => M[r * 4 + c];

        private double[] M => _m ?? Identity._m;

        /// <summary>Builds from 16 row-major values.</summary>
        public static Affine FromRowMajor(double[] values)
        {
            if (values == null || values.Length != 16)
            {
                throw new ArgumentException("An affine needs 16 row-major values.", nameof(values));
            }
            return new Affine((double[])values.Clone());
        }

        /// <summary>Builds from the three top rows (the bottom row is 0 0 0 1), as NIfTI's srow_x/y/z.</summary>
        public static Affine FromRows(double[] row0, double[] row1, double[] row2)
        {
            return FromRowMajor(new[]
            {
                row0[0], row0[1], row0[2], row0[3],
                row1[0], row1[1], row1[2], row1[3],
                row2[0], row2[1], row2[2], row2[3],
                0, 0, 0, 1,
            });
        }

        /// <summary>A scaling and translation: voxel sizes on the diagonal, origin in the last column.</summary>
        public static Affine FromScaleAndOffset(double sx, double sy, double sz, double ox, double oy, double oz)
        {
            return FromRowMajor(new double[] { sx, 0, 0, ox, 0, sy, 0, oy, 0, 0, sz, oz, 0, 0, 0, 1 });
        }

        /// <summary>Copy of the 16 values, row-major.</summary>
        public double[] ToRowMajor() => (double[])M.Clone();

        /// <summary>this * other: applies <paramref name="other"/> first, then this.</summary>
        public Affine Multiply(Affine other)
        {
            var a = M;
            var b = other.M;
            var r = new double[16];
            for (int i = 0; i < 4; i++)
            {
                for (int j = 0; j < 4; j++)
                {
                    double s = 0;
                    for (int k = 0; k < 4; k++)
                    {
                        s += a[i * 4 + k] * b[k * 4 + j];
                    }
                    r[i * 4 + j] = s;
                }
            }
            return new Affine(r);
        }

        /// <summary>The inverse transform (Gauss-Jordan with partial pivoting).</summary>
        /// <exception cref="InvalidOperationException">The matrix is singular.</exception>
        public Affine Inverse()
        {
            var a = (double[])M.Clone();
            var inv = Identity.ToRowMajor();
            for (int col = 0; col < 4; col++)
            {
                int pivot = col;
                for (int r = col + 1; r < 4; r++)
                {
                    if (Math.Abs(a[r * 4 + col]) > Math.Abs(a[pivot * 4 + col]))
                    {
                        pivot = r;
                    }
                }
                if (Math.Abs(a[pivot * 4 + col]) < 1e-12)
                {
                    throw new InvalidOperationException("The affine is singular and cannot be inverted.");
                }
                if (pivot != col)
                {
                    for (int c = 0; c < 4; c++)
                    {
                        Swap(a, pivot * 4 + c, col * 4 + c);
                        Swap(inv, pivot * 4 + c, col * 4 + c);
                    }
                }
                double d = a[col * 4 + col];
                for (int c = 0; c < 4; c++)
                {
                    a[col * 4 + c] /= d;
                    inv[col * 4 + c] /= d;
                }
                for (int r = 0; r < 4; r++)
                {
                    if (r == col)
                    {
                        continue;
                    }
                    double f = a[r * 4 + col];
                    if (f == 0)
                    {
                        continue;
                    }
                    for (int c = 0; c < 4; c++)
                    {
                        a[r * 4 + c] -= f * a[col * 4 + c];
                        inv[r * 4 + c] -= f * inv[col * 4 + c];
                    }
                }
            }
            return new Affine(inv);
        }

        /// <summary>Transforms a point (homogeneous coordinate 1).</summary>
        public (double X, double Y, double Z) Apply(double i, double j, double k)
        {
            var m = M;
            return (
                m[0] * i + m[1] * j + m[2] * k + m[3],
                m[4] * i + m[5] * j + m[6] * k + m[7],
                m[8] * i + m[9] * j + m[10] * k + m[11]);
        }

        /// <summary>Transforms a direction (homogeneous coordinate 0): no translation.</summary>
        public (double X, double Y, double Z) ApplyToVector(double i, double j, double k)
        {
            var m = M;
            return (
                m[0] * i + m[1] * j + m[2] * k,
                m[4] * i + m[5] * j + m[6] * k,
                m[8] * i + m[9] * j + m[10] * k);
        }

        /// <summary>Length in mm of the voxel axis <paramref name="axis"/> (0, 1 or 2): the voxel size along it.</summary>
        public double ColumnNorm(int axis)
        {
            var m = M;
            return Math.Sqrt(m[axis] * m[axis] + m[4 + axis] * m[4 + axis] + m[8 + axis] * m[8 + axis]);
        }

        /// <summary>True when every element differs by at most <paramref name="tolerance"/>.</summary>
        public bool ApproximatelyEquals(Affine other, double tolerance = 1e-4)
        {
            var a = M;
            var b = other.M;
            for (int i = 0; i < 16; i++)
            {
                if (Math.Abs(a[i] - b[i]) > tolerance)
                {
                    return false;
                }
            }
            return true;
        }

        public bool Equals(Affine other) => ApproximatelyEquals(other, 0);

        public override bool Equals(object? obj) => obj is Affine other && Equals(other);

        public override int GetHashCode()
        {
            unchecked
            {
                int h = 17;
                foreach (var v in M)
                {
                    h = h * 31 + v.GetHashCode();
                }
                return h;
            }
        }

        public override string ToString()
        {
            var m = M;
            var rows = new string[4];
            for (int r = 0; r < 4; r++)
            {
                rows[r] = string.Format(CultureInfo.InvariantCulture, "[{0:0.####} {1:0.####} {2:0.####} {3:0.####}]", m[r * 4], m[r * 4 + 1], m[r * 4 + 2], m[r * 4 + 3]);
            }
            return string.Join(" ", rows);
        }

        private static void Swap(double[] a, int x, int y)
        {
            var t = a[x];
            a[x] = a[y];
            a[y] = t;
        }
    }
}
