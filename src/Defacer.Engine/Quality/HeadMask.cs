using System;
using Defacer.Engine.Rendering;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Quality
{
    /// <summary>
    /// A head (foreground) mask for quality measures and face detection: voxels at or above an air/tissue threshold,
    /// the largest 6-connected component only (drops noise specks and ghosting), with enclosed cavities filled
    /// (sinuses, dark vitreous behind closed lids). In T1w images skull and CSF are as dark as air and the airways
    /// join them to the border of the field of view, so a 3D fill leaks into the head; holes are therefore filled
    /// slice by slice along each of the three voxel axes, where the scalp is a closed ring in most slices.
    /// Connectivity is by voxel on the image's own grid.
    /// </summary>
    public static class HeadMask
    {
        /// <summary>Builds the mask; <paramref name="threshold"/> null uses <see cref="SurfaceThreshold.Estimate"/>.</summary>
        public static Mask3D Build(Volume3D volume, double? threshold = null)
        {
            if (volume == null)
            {
                throw new ArgumentNullException(nameof(volume));
            }
            float thr = (float)(threshold ?? SurfaceThreshold.Estimate(volume));
            var mask = Mask3D.Like(volume);
            var m = mask.Data;
            var d = volume.Data;
            bool any = false;
            for (int i = 0; i < d.Length; i++)
            {
                if (d[i] >= thr && d[i] > 0)
                {
                    m[i] = 1;
                    any = true;
                }
            }
            if (!any)
            {
                return mask;
            }
            KeepLargestComponent(mask);
            // No separate 3D fill: a cavity enclosed in 3D is enclosed in every slice through it, so the slice fills
            // below include it.
            for (int axis = 0; axis < 3; axis++)
            {
                FillHolesInSlices(mask, axis);
            }
            return mask;
        }

        /// <summary>
        /// Keeps only the largest 6-connected component of set voxels (the first found, in index order, on a tie) of a
        /// 0/1 mask.
        /// </summary>
        public static void KeepLargestComponent(Mask3D mask)
        {
            var m = mask.Data;
            // Each component is flooded with 3 (the candidate) when found; the smaller of it and the best so far is then
            // re-marked 2. In a head image the head is one early, huge component and the rest are specks, so the head is
            // flooded once and only small components twice (re-flooding the winner at the end would cost a second pass
            // over the head).
            var stack = new int[1 << 16];
            int bestSeed = -1;
            long bestSize = 0;
            // Seeds (voxels still 1) are found with a vectorised search: flooded components and air are skipped fast.
            for (int s = Array.IndexOf(m, (byte)1); s >= 0; s = s + 1 < m.Length ? Array.IndexOf(m, (byte)1, s + 1) : -1)
            {
                long size = Flood(mask, s, 1, 3, ref stack);
                if (size > bestSize)
                {
                    if (bestSeed >= 0)
                    {
                        Flood(mask, bestSeed, 3, 2, ref stack);
                    }
                    bestSize = size;
                    bestSeed = s;
                }
                else
                {
                    Flood(mask, s, 3, 2, ref stack);
                }
            }
            KeepValue(m, 3);
        }

        // m[i] = m[i] == value ? 1 : 0, eight bytes at a time: a byte of word ^ pattern is zero exactly where the byte
        // equals value. Byte by byte within the word, so the byte order does not matter.
        private static unsafe void KeepValue(byte[] m, byte value)
        {
            ulong pattern = value * ByteRuns.Ones;
            int i = 0;
            fixed (byte* p = m)
            {
                for (; i + 8 <= m.Length; i += 8)
                {
                    *(ulong*)(p + i) = ByteRuns.Ones ^ ByteRuns.NonZeroFlags(*(ulong*)(p + i) ^ pattern);
                }
            }
            for (; i < m.Length; i++)
            {
                m[i] = m[i] == value ? (byte)1 : (byte)0;
            }
        }

        /// <summary>Sets every unset voxel that is not 6-connected to the border of the grid (enclosed holes).</summary>
        public static void FillHoles(Mask3D mask)
        {
            var m = mask.Data;
            int nx = mask.Nx, ny = mask.Ny, nz = mask.Nz;
            var stack = new int[1 << 16];
            // Air reachable from the border becomes 2; what stays 0 is enclosed.
            for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
            {
                bool borderRow = y == 0 || z == 0 || y == ny - 1 || z == nz - 1;
                for (int x = 0; x < nx; x++)
                {
                    if (!borderRow && x != 0 && x != nx - 1)
                    {
                        x = nx - 2;
                        continue;
                    }
                    int i = x + nx * (y + ny * z);
                    if (m[i] == 0)
                    {
                        Flood(mask, i, 0, 2, ref stack);
                    }
                }
            }
            for (int i = 0; i < m.Length; i++)
            {
                m[i] = m[i] == 2 ? (byte)0 : (byte)1;
            }
        }

        /// <summary>
        /// Fills, in every slice perpendicular to voxel axis <paramref name="axis"/>, the unset pixels not 4-connected
        /// to the slice's border.
        /// </summary>
        public static void FillHolesInSlices(Mask3D mask, int axis)
        {
            if (axis < 0 || axis > 2)
            {
                throw new ArgumentOutOfRangeException(nameof(axis), axis, "Axis must be 0, 1 or 2.");
            }
            int nx = mask.Nx, ny = mask.Ny, nz = mask.Nz;
            var m = mask.Data;
            // Each slice is copied into a contiguous plane (u along the lower remaining axis), filled there, and its
            // holes written back. Slices across x would read the mask with a stride of a whole row per pixel, so for
            // that axis the mask is first transposed, a z plane at a time, into x-major order.
            int nu = axis == 0 ? ny : nx, nv = axis == 2 ? ny : nz;
            var plane = new byte[nu * nv];
            var stack = new int[1 << 12];
            byte[]? transposed = axis == 0 ? TransposeToXMajor(mask) : null;
            int slices = axis == 0 ? nx : axis == 1 ? ny : nz;
            for (int s = 0; s < slices; s++)
            {
                switch (axis)
                {
                    case 0:
                        Buffer.BlockCopy(transposed!, s * plane.Length, plane, 0, plane.Length);
                        break;
                    case 1:
                        for (int z = 0; z < nz; z++)
                        {
                            Buffer.BlockCopy(m, nx * (s + ny * z), plane, nx * z, nx);
                        }
                        break;
                    default:
                        Buffer.BlockCopy(m, s * plane.Length, plane, 0, plane.Length);
                        break;
                }
                if (!FillPlane(plane, nu, nv, ref stack, out var box))
                {
                    continue;
                }
                // What FillPlane left at 0 in its box are the holes: few, so they are found with a vectorised search.
                for (int v = box.VMin; v <= box.VMax; v++)
                {
                    int row = nu * v, end = row + box.UMax;
                    for (int at = Array.IndexOf(plane, (byte)0, row + box.UMin, box.UMax - box.UMin + 1); at >= 0;
                         at = at < end ? Array.IndexOf(plane, (byte)0, at + 1, end - at) : -1)
                    {
                        int u = at - row;
                        long i = axis == 0 ? s + (long)nx * (u + (long)ny * v) : axis == 1 ? u + (long)nx * (s + (long)ny * v) : u + (long)nx * (v + (long)ny * s);
                        m[i] = 1;
                    }
                }
            }
        }

        // The mask with x as the slowest axis: t[y + ny * (z + nz * x)]. Moved in tiles of 8 x values by 8 y values:
        // eight 8-byte loads (one per y row of the tile), a transpose of that 8x8 byte matrix in registers, and eight
        // 8-byte stores (one per x). Byte by byte, this took about as long as filling the slices themselves.
        private static unsafe byte[] TransposeToXMajor(Mask3D mask)
        {
            int nx = mask.Nx, ny = mask.Ny, nz = mask.Nz;
            var m = mask.Data;
            var t = new byte[m.Length];
            long sliceSize = (long)ny * nz;
            int fullX = nx & ~7, fullY = ny & ~7;
            fixed (byte* src = m, dst = t)
            {
                for (int z = 0; z < nz; z++)
                {
                    byte* plane = src + (long)nx * ny * z;
                    long zOffset = (long)ny * z;
                    for (int y0 = 0; y0 < fullY; y0 += 8)
                    {
                        for (int x0 = 0; x0 < fullX; x0 += 8)
                        {
                            byte* from = plane + x0 + (long)nx * y0;
                            ulong r0 = Load(from), r1 = Load(from + nx), r2 = Load(from + 2 * nx), r3 = Load(from + 3 * nx);
                            ulong r4 = Load(from + 4 * nx), r5 = Load(from + 5 * nx), r6 = Load(from + 6 * nx), r7 = Load(from + 7 * nx);
                            Transpose8x8(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
                            byte* to = dst + x0 * sliceSize + zOffset + y0;
                            Store(to, r0); Store(to + sliceSize, r1); Store(to + 2 * sliceSize, r2); Store(to + 3 * sliceSize, r3);
                            Store(to + 4 * sliceSize, r4); Store(to + 5 * sliceSize, r5); Store(to + 6 * sliceSize, r6); Store(to + 7 * sliceSize, r7);
                        }
                        // The last x values (nx not a multiple of 8), byte by byte.
                        for (int x = fullX; x < nx; x++)
                        {
                            for (int y = y0; y < y0 + 8; y++)
                            {
                                dst[x * sliceSize + zOffset + y] = plane[x + (long)nx * y];
                            }
                        }
                    }
                    // The last y values (ny not a multiple of 8), byte by byte.
                    for (int y = fullY; y < ny; y++)
                    {
                        for (int x = 0; x < nx; x++)
                        {
                            dst[x * sliceSize + zOffset + y] = plane[x + (long)nx * y];
                        }
                    }
                }
            }
            return t;
        }

        // Unaligned little-endian loads and stores: byte k of the value is the byte at address + k.
        private static unsafe ulong Load(byte* p) => BitConverter.IsLittleEndian ? *(ulong*)p : LoadBytes(p);

        private static unsafe void Store(byte* p, ulong v)
        {
            if (BitConverter.IsLittleEndian)
            {
                *(ulong*)p = v;
                return;
            }
            for (int k = 0; k < 8; k++)
            {
                p[k] = (byte)(v >> (8 * k));
            }
        }

        private static unsafe ulong LoadBytes(byte* p)
        {
            ulong v = 0;
            for (int k = 0; k < 8; k++)
            {
                v |= (ulong)p[k] << (8 * k);
            }
            return v;
        }

        // Transposes the 8x8 byte matrix whose row r is rr (byte c of rr = element [r, c]): afterwards byte c of row r
        // holds the former element [c, r]. Three rounds swap 4x4, 2x2 and 1x1 blocks across the diagonal.
        private static void Transpose8x8(ref ulong r0, ref ulong r1, ref ulong r2, ref ulong r3, ref ulong r4, ref ulong r5, ref ulong r6, ref ulong r7)
        {
            Swap(ref r0, ref r4, 32, 0x00000000FFFFFFFFUL);
            Swap(ref r1, ref r5, 32, 0x00000000FFFFFFFFUL);
            Swap(ref r2, ref r6, 32, 0x00000000FFFFFFFFUL);
            Swap(ref r3, ref r7, 32, 0x00000000FFFFFFFFUL);
            Swap(ref r0, ref r2, 16, 0x0000FFFF0000FFFFUL);
            Swap(ref r1, ref r3, 16, 0x0000FFFF0000FFFFUL);
            Swap(ref r4, ref r6, 16, 0x0000FFFF0000FFFFUL);
            Swap(ref r5, ref r7, 16, 0x0000FFFF0000FFFFUL);
            Swap(ref r0, ref r1, 8, 0x00FF00FF00FF00FFUL);
            Swap(ref r2, ref r3, 8, 0x00FF00FF00FF00FFUL);
            Swap(ref r4, ref r5, 8, 0x00FF00FF00FF00FFUL);
            Swap(ref r6, ref r7, 8, 0x00FF00FF00FF00FFUL);
        }

        // Rows a (upper) and b (lower) of a block pair: a's high halves (mask off) trade places with b's low halves.
        private static void Swap(ref ulong a, ref ulong b, int shift, ulong lowMask)
        {
            ulong t = ((a >> shift) ^ b) & lowMask;
            b ^= t;
            a ^= t << shift;
        }

        // Marks (2) the unset pixels of a plane 4-connected to its border and returns whether any unset pixel is left
        // (a hole) in the box it searched, which holds every hole. Only the bounding box of the set pixels, grown by
        // one pixel, is flooded: outside that box every pixel is unset and connected to the slice's border, so the
        // unset pixels on the grown box's edge are the seeds. Runs along u are filled whole (scanline flood).
        private static bool FillPlane(byte[] p, int nu, int nv, ref int[] stack, out (int UMin, int UMax, int VMin, int VMax) box)
        {
            box = default;
            int uMin = nu, uMax = -1, vMin = nv, vMax = -1;
            for (int v = 0; v < nv; v++)
            {
                int row = nu * v;
                // Most of a slice is air: skipped eight bytes at a time from both ends of the row.
                int first = ByteRuns.SkipEqual(p, row, row + nu - 1, 0) - row;
                if (first == nu)
                {
                    continue;
                }
                int last = ByteRuns.SkipEqualBackwards(p, row + nu - 1, row + first, 0) - row;
                if (first < uMin) uMin = first;
                if (last > uMax) uMax = last;
                if (vMin > v) vMin = v;
                vMax = v;
            }
            if (vMax < 0)
            {
                return false; // empty slice: nothing enclosed
            }
            uMin = Math.Max(0, uMin - 1);
            uMax = Math.Min(nu - 1, uMax + 1);
            vMin = Math.Max(0, vMin - 1);
            vMax = Math.Min(nv - 1, vMax + 1);
            int top = 0;
            for (int u = uMin; u <= uMax; u++)
            {
                Seed(p, u + nu * vMin, ref stack, ref top);
                Seed(p, u + nu * vMax, ref stack, ref top);
            }
            for (int v = vMin + 1; v < vMax; v++)
            {
                Seed(p, uMin + nu * v, ref stack, ref top);
                Seed(p, uMax + nu * v, ref stack, ref top);
            }
            while (top > 0)
            {
                int s = stack[--top];
                if (p[s] != 0)
                {
                    continue;
                }
                int v = s / nu;
                int row = nu * v;
                int ul = s - row;
                while (ul > uMin && p[row + ul - 1] == 0) ul--;
                int ur = ByteRuns.SkipEqual(p, s + 1, row + uMax, 0) - 1 - row;
                new Span<byte>(p, row + ul, ur - ul + 1).Fill(2);
                if (v > vMin) PushRuns(p, row - nu, ul, ur, 0, ref stack, ref top);
                if (v < vMax) PushRuns(p, row + nu, ul, ur, 0, ref stack, ref top);
            }
            box = (uMin, uMax, vMin, vMax);
            for (int v = vMin; v <= vMax; v++)
            {
                if (Array.IndexOf(p, (byte)0, nu * v + uMin, uMax - uMin + 1) >= 0)
                {
                    return true;
                }
            }
            return false;
        }

        private static void Seed(byte[] p, int i, ref int[] stack, ref int top)
        {
            if (p[i] == 0)
            {
                if (top == stack.Length)
                {
                    Array.Resize(ref stack, stack.Length * 2);
                }
                stack[top++] = i;
            }
        }

        // 6-connected scanline flood fill: from seed, every connected voxel whose value is `from` becomes `to`.
        // Whole runs along x are filled at once and only the first voxel of each run in the four neighbouring rows is
        // pushed, which touches each voxel a few times instead of pushing it (with a division per pop) once per
        // neighbour. The set filled is the same as a voxel-by-voxel flood's.
        private static long Flood(Mask3D grid, int seed, byte from, byte to, ref int[] stack)
        {
            var m = grid.Data;
            int nx = grid.Nx, ny = grid.Ny, nz = grid.Nz;
            int sxy = nx * ny;
            int top = 0;
            stack[top++] = seed;
            long count = 0;
            while (top > 0)
            {
                int s = stack[--top];
                if (m[s] != from)
                {
                    continue; // filled through another run since it was pushed
                }
                int z = s / sxy, r = s - z * sxy, y = r / nx, x = r - y * nx;
                int row = s - x;
                int xl = x;
                while (xl > 0 && m[row + xl - 1] == from) xl--;
                int xr = ByteRuns.SkipEqual(m, s + 1, row + nx - 1, from) - 1 - row;
                new Span<byte>(m, row + xl, xr - xl + 1).Fill(to);
                count += xr - xl + 1;
                if (y > 0) PushRuns(m, row - nx, xl, xr, from, ref stack, ref top);
                if (y < ny - 1) PushRuns(m, row + nx, xl, xr, from, ref stack, ref top);
                if (z > 0) PushRuns(m, row - sxy, xl, xr, from, ref stack, ref top);
                if (z < nz - 1) PushRuns(m, row + sxy, xl, xr, from, ref stack, ref top);
            }
            return count;
        }

        // Pushes the first voxel of every run of `from` in row[xl..xr] (a run may start before xl). Runs are found with
        // a vectorised search for `from` and skipped eight bytes at a time: in a head most rows are long runs.
        private static void PushRuns(byte[] m, int row, int xl, int xr, byte from, ref int[] stack, ref int top)
        {
            int i = row + xl, end = row + xr;
            while (i <= end)
            {
                int found = new ReadOnlySpan<byte>(m, i, end - i + 1).IndexOf(from);
                if (found < 0)
                {
                    return;
                }
                i += found;
                if (top == stack.Length)
                {
                    Array.Resize(ref stack, stack.Length * 2);
                }
                stack[top++] = i;
                i = ByteRuns.SkipEqual(m, i + 1, end, from);
            }
        }
    }
}
