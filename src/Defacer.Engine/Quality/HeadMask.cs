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

        /// <summary>Keeps only the largest 6-connected component of set voxels.</summary>
        public static void KeepLargestComponent(Mask3D mask)
        {
            var m = mask.Data;
            // Mark each component with 2 while measuring it; remember the seed of the largest.
            var stack = new int[1 << 16];
            int bestSeed = -1;
            long bestSize = 0;
            for (int s = 0; s < m.Length; s++)
            {
                if (m[s] != 1)
                {
                    continue;
                }
                long size = Flood(mask, s, 1, 2, ref stack);
                if (size > bestSize)
                {
                    bestSize = size;
                    bestSeed = s;
                }
            }
            if (bestSeed < 0)
            {
                return;
            }
            // Re-mark the largest component with 1, then clear everything else.
            Flood(mask, bestSeed, 2, 1, ref stack);
            for (int i = 0; i < m.Length; i++)
            {
                if (m[i] != 1)
                {
                    m[i] = 0;
                }
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
            var m = mask.Data;
            int[] n = { mask.Nx, mask.Ny, mask.Nz };
            long[] stride = { 1, mask.Nx, (long)mask.Nx * mask.Ny };
            int ua = axis == 0 ? 1 : 0, va = axis == 2 ? 1 : 2;
            int nu = n[ua], nv = n[va];
            int su = (int)stride[ua], sv = (int)stride[va];
            var outside = new bool[nu * nv];
            var stack = new int[1 << 12];
            for (int s = 0; s < n[axis]; s++)
            {
                long origin = s * stride[axis];
                Array.Clear(outside, 0, outside.Length);
                int top = 0;
                // Seed with the slice's border pixels that are unset.
                for (int v = 0; v < nv; v++)
                {
                    for (int u = 0; u < nu; u++)
                    {
                        if (v != 0 && v != nv - 1 && u != 0 && u != nu - 1)
                        {
                            u = nu - 2;
                            continue;
                        }
                        int p = u + nu * v;
                        if (!outside[p] && m[origin + (long)u * su + (long)v * sv] == 0)
                        {
                            outside[p] = true;
                            if (top == stack.Length) Array.Resize(ref stack, stack.Length * 2);
                            stack[top++] = p;
                        }
                    }
                }
                while (top > 0)
                {
                    int p = stack[--top];
                    int v = p / nu, u = p - v * nu;
                    if (top + 4 >= stack.Length) Array.Resize(ref stack, stack.Length * 2);
                    if (u > 0) Visit(p - 1, u - 1, v);
                    if (u < nu - 1) Visit(p + 1, u + 1, v);
                    if (v > 0) Visit(p - nu, u, v - 1);
                    if (v < nv - 1) Visit(p + nu, u, v + 1);
                }
                for (int v = 0; v < nv; v++)
                {
                    for (int u = 0; u < nu; u++)
                    {
                        if (!outside[u + nu * v])
                        {
                            m[origin + (long)u * su + (long)v * sv] = 1;
                        }
                    }
                }

                void Visit(int q, int u, int v)
                {
                    if (!outside[q] && m[origin + (long)u * su + (long)v * sv] == 0)
                    {
                        outside[q] = true;
                        stack[top++] = q;
                    }
                }
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
                int xl = x, xr = x;
                while (xl > 0 && m[row + xl - 1] == from) xl--;
                while (xr < nx - 1 && m[row + xr + 1] == from) xr++;
                for (int i = row + xl; i <= row + xr; i++)
                {
                    m[i] = to;
                }
                count += xr - xl + 1;
                if (y > 0) PushRuns(m, row - nx, xl, xr, from, ref stack, ref top);
                if (y < ny - 1) PushRuns(m, row + nx, xl, xr, from, ref stack, ref top);
                if (z > 0) PushRuns(m, row - sxy, xl, xr, from, ref stack, ref top);
                if (z < nz - 1) PushRuns(m, row + sxy, xl, xr, from, ref stack, ref top);
            }
            return count;
        }

        // Pushes the first voxel of every run of `from` in row[xl..xr] (a run may start before xl).
        private static void PushRuns(byte[] m, int row, int xl, int xr, byte from, ref int[] stack, ref int top)
        {
            bool inRun = false;
            for (int i = row + xl; i <= row + xr; i++)
            {
                if (m[i] == from)
                {
                    if (!inRun)
                    {
                        if (top == stack.Length)
                        {
                            Array.Resize(ref stack, stack.Length * 2);
                        }
                        stack[top++] = i;
                        inRun = true;
                    }
                }
                else
                {
                    inRun = false;
                }
            }
        }
    }
}
