using System;
using System.Collections.Generic;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Segmentation
{
    /// <summary>
    /// Dilation by a small Euclidean ball as an OR of shifted copies of the mask: for each (dy, dz) row offset inside
    /// the ball, the mask dilated along x by that row's half-width, shifted by (dy, dz). On the segmentation's 2 mm
    /// working grid a 4 mm closing needs 13 such row offsets, a few sweeps of byte ORs, where the distance transform
    /// (<see cref="DistanceTransform"/>) solves a lower envelope for every line along every axis.
    /// <para>
    /// It is used only where it gives the distance transform's answer exactly (<see cref="TryCreate"/>): integer voxel
    /// sizes, on which every squared distance the transform computes in single precision is an exact integer, so
    /// "nearest feature within r" and "some feature at an offset within r" are the same test on the same numbers.
    /// </para>
    /// </summary>
    internal sealed class BallMorphology
    {
        // Squared distances stay exact single-precision integers below 2^24.
        private const double MaxExactSquaredDistance = 1 << 24;

        private readonly int _nx, _ny, _nz;

        // For each row offset (dy, dz) inside the ball, the largest |dx| whose offset is inside too.
        private readonly List<(int Dy, int Dz, int HalfWidth)> _rows;
        private readonly int _maxHalfWidth;

        private BallMorphology(int nx, int ny, int nz, List<(int, int, int)> rows)
        {
            _nx = nx; _ny = ny; _nz = nz;
            _rows = rows;
            foreach (var r in rows)
            {
                _maxHalfWidth = Math.Max(_maxHalfWidth, r.Item3);
            }
        }

        /// <summary>
        /// The ball of <paramref name="radiusMm"/> on <paramref name="mask"/>'s grid when the shifted ORs reproduce the
        /// distance transform's <c>d² &lt;= r²</c> exactly (voxel sizes, as the transform reads them in single precision,
        /// are integers, and no squared distance on the grid reaches 2^24); otherwise null.
        /// </summary>
        public static BallMorphology? TryCreate(Mask3D mask, double radiusMm)
        {
            float sx = (float)mask.Affine.ColumnNorm(0), sy = (float)mask.Affine.ColumnNorm(1), sz = (float)mask.Affine.ColumnNorm(2);
            if (!IsSmallInteger(sx) || !IsSmallInteger(sy) || !IsSmallInteger(sz) || !(radiusMm >= 0))
            {
                return null;
            }
            double ex = (double)mask.Nx * sx, ey = (double)mask.Ny * sy, ez = (double)mask.Nz * sz;
            if (ex * ex + ey * ey + ez * ez >= MaxExactSquaredDistance)
            {
                return null;
            }
            float r2 = (float)(radiusMm * radiusMm);
            // One voxel beyond the radius on each axis; the test below decides which offsets are in.
            int rx = (int)Math.Ceiling(radiusMm / sx) + 1, ry = (int)Math.Ceiling(radiusMm / sy) + 1, rz = (int)Math.Ceiling(radiusMm / sz) + 1;
            var rows = new List<(int, int, int)>();
            for (int dz = -rz; dz <= rz; dz++)
            {
                for (int dy = -ry; dy <= ry; dy++)
                {
                    int half = -1;
                    for (int dx = 0; dx <= rx; dx++)
                    {
                        // The transform's value for this offset: exact integers, so the order of the sums does not matter.
                        float d = dx * sx * (dx * sx) + dy * sy * (dy * sy) + dz * sz * (dz * sz);
                        if (d <= r2)
                        {
                            half = dx;
                        }
                    }
                    if (half >= 0)
                    {
                        rows.Add((dy, dz, half));
                    }
                }
            }
            return new BallMorphology(mask.Nx, mask.Ny, mask.Nz, rows);
        }

        /// <summary>Voxels within the ball of a voxel whose value is (featureValue != 0 ? non-zero : zero); the grid's outside is never a feature.</summary>
        public Mask3D Dilate(Mask3D mask, byte featureValue)
        {
            int n = mask.Length;
            var features = new byte[n];
            var m = mask.Data;
            bool wantSet = featureValue != 0;
            for (int i = 0; i < n; i++)
            {
                features[i] = (m[i] != 0) == wantSet ? (byte)1 : (byte)0;
            }
            // Along x first: widened[k] holds the features dilated by k voxels along x (within each row).
            var widened = new byte[_maxHalfWidth + 1][];
            widened[0] = features;
            for (int k = 1; k <= _maxHalfWidth; k++)
            {
                var previous = widened[k - 1];
                var next = (byte[])previous.Clone();
                for (int row = 0; row < n; row += _nx)
                {
                    for (int x = 0; x < _nx; x++)
                    {
                        if (features[row + x] != 0)
                        {
                            if (x >= k) next[row + x - k] = 1;
                            if (x + k < _nx) next[row + x + k] = 1;
                        }
                    }
                }
                widened[k] = next;
            }
            var result = new Mask3D(mask.Nx, mask.Ny, mask.Nz, mask.Affine);
            var r = result.Data;
            int plane = _nx * _ny;
            foreach (var (dy, dz, half) in _rows)
            {
                var source = widened[half];
                // Every voxel (x, y, z) with (y + dy, z + dz) on the grid takes source[x, y + dy, z + dz]; for one z
                // those voxels are the consecutive rows y0..y1, one contiguous run of bytes.
                int y0 = Math.Max(0, -dy), y1 = Math.Min(_ny, _ny - dy);
                int z0 = Math.Max(0, -dz), z1 = Math.Min(_nz, _nz - dz);
                if (y1 <= y0)
                {
                    continue;
                }
                int length = (y1 - y0) * _nx;
                for (int z = z0; z < z1; z++)
                {
                    int to = _nx * y0 + plane * z;
                    OrInto(r, to, source, to + _nx * dy + plane * dz, length);
                }
            }
            return result;
        }

        private static unsafe void OrInto(byte[] target, int to, byte[] source, int from, int length)
        {
            fixed (byte* t = target, s = source)
            {
                int i = 0;
                for (; i + 8 <= length; i += 8)
                {
                    *(ulong*)(t + to + i) |= *(ulong*)(s + from + i);
                }
                for (; i < length; i++)
                {
                    t[to + i] |= s[from + i];
                }
            }
        }

        private static bool IsSmallInteger(float s) => s >= 1 && s <= 1024 && s == Math.Floor(s);
    }
}
