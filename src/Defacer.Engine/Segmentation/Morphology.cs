using System;
using System.Threading;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Segmentation
{
    /// <summary>
    /// Binary morphology with Euclidean balls whose radii are in millimetres (so results do not depend on the voxel
    /// size or anisotropy), connected components and hole filling. Every operation returns a new mask.
    /// </summary>
    public static class Morphology
    {
        /// <summary>Voxels whose ball of radius <paramref name="radiusMm"/> lies inside the mask (the grid border is not background).</summary>
        public static Mask3D Erode(Mask3D mask, double radiusMm, CancellationToken cancellationToken = default)
        {
            var ball = BallMorphology.TryCreate(mask, radiusMm);
            if (ball != null)
            {
                // Inside exactly when no background voxel is within the ball: the complement of the dilated background.
                var grown = ball.Dilate(mask, 0);
                for (int i = 0; i < grown.Data.Length; i++)
                {
                    grown.Data[i] ^= 1;
                }
                return grown;
            }
            var d = DistanceTransform.SquaredDistanceTo(mask, 0, cancellationToken);
            float r2 = (float)(radiusMm * radiusMm);
            var result = new Mask3D(mask.Nx, mask.Ny, mask.Nz, mask.Affine);
            for (int i = 0; i < d.Length; i++)
            {
                result.Data[i] = d[i] > r2 ? (byte)1 : (byte)0;
            }
            return result;
        }

        /// <summary>Voxels within <paramref name="radiusMm"/> of the mask.</summary>
        public static Mask3D Dilate(Mask3D mask, double radiusMm, CancellationToken cancellationToken = default)
        {
            var ball = BallMorphology.TryCreate(mask, radiusMm);
            if (ball != null)
            {
                return ball.Dilate(mask, 1);
            }
            var d = DistanceTransform.SquaredDistanceTo(mask, 1, cancellationToken);
            float r2 = (float)(radiusMm * radiusMm);
            var result = new Mask3D(mask.Nx, mask.Ny, mask.Nz, mask.Affine);
            for (int i = 0; i < d.Length; i++)
            {
                result.Data[i] = d[i] <= r2 ? (byte)1 : (byte)0;
            }
            return result;
        }

        /// <summary>Dilation then erosion: bridges gaps and fills concavities narrower than the ball.</summary>
        public static Mask3D Close(Mask3D mask, double radiusMm, CancellationToken cancellationToken = default) =>
            Erode(Dilate(mask, radiusMm, cancellationToken), radiusMm, cancellationToken);

        /// <summary>Erosion then dilation: removes parts thinner than the ball.</summary>
        public static Mask3D Open(Mask3D mask, double radiusMm, CancellationToken cancellationToken = default) =>
            Dilate(Erode(mask, radiusMm, cancellationToken), radiusMm, cancellationToken);

        /// <summary>Logical and, in place on <paramref name="target"/>; returns it.</summary>
        public static Mask3D IntersectInPlace(Mask3D target, Mask3D other)
        {
            for (int i = 0; i < target.Data.Length; i++)
            {
                target.Data[i] &= other.Data[i];
            }
            return target;
        }

        /// <summary>Logical or, in place on <paramref name="target"/>; returns it.</summary>
        public static Mask3D UnionInPlace(Mask3D target, Mask3D other)
        {
            for (int i = 0; i < target.Data.Length; i++)
            {
                target.Data[i] |= other.Data[i];
            }
            return target;
        }

        /// <summary>
        /// Labels 6-connected components: 0 for background, 1..n for components. Returns the labels and the size of
        /// each component (index 0 unused).
        /// </summary>
        public static (int[] Labels, int[] Sizes) LabelComponents(Mask3D mask)
        {
            int nx = mask.Nx, ny = mask.Ny, nz = mask.Nz, plane = nx * ny;
            var labels = new int[mask.Length];
            var sizes = new System.Collections.Generic.List<int> { 0 };
            var queue = new int[mask.Length];
            var m = mask.Data;
            for (int seed = 0; seed < m.Length; seed++)
            {
                if (m[seed] == 0 || labels[seed] != 0)
                {
                    continue;
                }
                int label = sizes.Count;
                int head = 0, tail = 0;
                queue[tail++] = seed;
                labels[seed] = label;
                while (head < tail)
                {
                    int p = queue[head++];
                    int x = p % nx, y = (p / nx) % ny, z = p / plane;
                    if (x > 0 && m[p - 1] != 0 && labels[p - 1] == 0) { labels[p - 1] = label; queue[tail++] = p - 1; }
                    if (x < nx - 1 && m[p + 1] != 0 && labels[p + 1] == 0) { labels[p + 1] = label; queue[tail++] = p + 1; }
                    if (y > 0 && m[p - nx] != 0 && labels[p - nx] == 0) { labels[p - nx] = label; queue[tail++] = p - nx; }
                    if (y < ny - 1 && m[p + nx] != 0 && labels[p + nx] == 0) { labels[p + nx] = label; queue[tail++] = p + nx; }
                    if (z > 0 && m[p - plane] != 0 && labels[p - plane] == 0) { labels[p - plane] = label; queue[tail++] = p - plane; }
                    if (z < nz - 1 && m[p + plane] != 0 && labels[p + plane] == 0) { labels[p + plane] = label; queue[tail++] = p + plane; }
                }
                sizes.Add(tail);
            }
            return (labels, sizes.ToArray());
        }

        /// <summary>The largest 6-connected component (empty mask when the input is empty). Ties go to the lowest label.</summary>
        public static Mask3D LargestComponent(Mask3D mask)
        {
            var (labels, sizes) = LabelComponents(mask);
            int best = 0;
            for (int l = 1; l < sizes.Length; l++)
            {
                if (sizes[l] > sizes[best])
                {
                    best = l;
                }
            }
            return SelectLabel(mask, labels, best);
        }

        /// <summary>Components that share at least one voxel with <paramref name="seed"/>.</summary>
        public static Mask3D ComponentsTouching(Mask3D mask, Mask3D seed)
        {
            var (labels, sizes) = LabelComponents(mask);
            var keep = new bool[sizes.Length];
            for (int i = 0; i < labels.Length; i++)
            {
                if (labels[i] != 0 && seed.Data[i] != 0)
                {
                    keep[labels[i]] = true;
                }
            }
            var result = new Mask3D(mask.Nx, mask.Ny, mask.Nz, mask.Affine);
            for (int i = 0; i < labels.Length; i++)
            {
                result.Data[i] = keep[labels[i]] && labels[i] != 0 ? (byte)1 : (byte)0;
            }
            return result;
        }

        /// <summary>Fills every background region not 6-connected to the grid border (3D holes).</summary>
        public static Mask3D FillHoles(Mask3D mask)
        {
            int nx = mask.Nx, ny = mask.Ny, nz = mask.Nz;
            var m = mask.Data;
            // 0 = background not (yet) reached from the border, 1 = set, 2 = background reached from the border.
            var state = new byte[m.Length];
            for (int i = 0; i < m.Length; i++)
            {
                state[i] = m[i] != 0 ? (byte)1 : (byte)0;
            }
            var stack = new int[1 << 12];
            for (int z = 0; z < nz; z++)
            {
                for (int y = 0; y < ny; y++)
                {
                    int row = nx * (y + ny * z);
                    bool borderRow = z == 0 || y == 0 || z == nz - 1 || y == ny - 1;
                    for (int x = 0; x < nx; x++)
                    {
                        if (!borderRow && x != 0 && x != nx - 1)
                        {
                            x = nx - 2;
                            continue;
                        }
                        if (state[row + x] == 0)
                        {
                            FloodOutside(state, nx, ny, nz, row + x, ref stack);
                        }
                    }
                }
            }
            var result = new Mask3D(nx, ny, nz, mask.Affine);
            for (int i = 0; i < m.Length; i++)
            {
                result.Data[i] = state[i] == 2 ? (byte)0 : (byte)1;
            }
            return result;
        }

        // Marks 2 every voxel 6-connected to seed through 0s. Scanline form: a whole run along x is marked at once and
        // only the first voxel of each run of 0s in the four neighbouring rows is pushed; the set marked is the same
        // as a voxel-by-voxel breadth-first search's.
        private static void FloodOutside(byte[] state, int nx, int ny, int nz, int seed, ref int[] stack)
        {
            int plane = nx * ny;
            int top = 0;
            stack[top++] = seed;
            while (top > 0)
            {
                int s = stack[--top];
                if (state[s] != 0)
                {
                    continue;
                }
                int z = s / plane, r = s - z * plane, y = r / nx, x = r - y * nx;
                int row = s - x;
                int xl = x, xr = x;
                while (xl > 0 && state[row + xl - 1] == 0) xl--;
                while (xr < nx - 1 && state[row + xr + 1] == 0) xr++;
                for (int i = row + xl; i <= row + xr; i++)
                {
                    state[i] = 2;
                }
                if (y > 0) PushRuns(state, row - nx + xl, row - nx + xr, ref stack, ref top);
                if (y < ny - 1) PushRuns(state, row + nx + xl, row + nx + xr, ref stack, ref top);
                if (z > 0) PushRuns(state, row - plane + xl, row - plane + xr, ref stack, ref top);
                if (z < nz - 1) PushRuns(state, row + plane + xl, row + plane + xr, ref stack, ref top);
            }
        }

        // Pushes the first index of every run of 0s in state[from..to].
        private static void PushRuns(byte[] state, int from, int to, ref int[] stack, ref int top)
        {
            bool inRun = false;
            for (int i = from; i <= to; i++)
            {
                if (state[i] == 0)
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

        /// <summary>
        /// Fills holes in every 2D slice perpendicular to <paramref name="axis"/> (4-connectivity in the slice). Catches
        /// cavities that 3D filling misses because they open onto the field of view's edge (e.g. a neck cut by the FOV).
        /// </summary>
        public static Mask3D FillHolesInSlices(Mask3D mask, int axis)
        {
            int[] n = { mask.Nx, mask.Ny, mask.Nz };
            int a0 = axis == 0 ? 1 : 0, a1 = axis == 2 ? 1 : 2;
            int[] stride = { 1, mask.Nx, mask.Nx * mask.Ny };
            int w = n[a0], h = n[a1];
            var result = mask.Clone();
            var outside = new byte[w * h];
            var queue = new int[w * h];
            for (int s = 0; s < n[axis]; s++)
            {
                int baseIndex = s * stride[axis];
                Array.Clear(outside, 0, outside.Length);
                int head = 0, tail = 0;
                for (int v = 0; v < h; v++)
                {
                    for (int u = 0; u < w; u++)
                    {
                        if ((u == 0 || v == 0 || u == w - 1 || v == h - 1) && mask.Data[baseIndex + u * stride[a0] + v * stride[a1]] == 0)
                        {
                            outside[u + w * v] = 1;
                            queue[tail++] = u + w * v;
                        }
                    }
                }
                while (head < tail)
                {
                    int q = queue[head++];
                    int u = q % w, v = q / w;
                    for (int dir = 0; dir < 4; dir++)
                    {
                        int uu = u + (dir == 0 ? 1 : dir == 1 ? -1 : 0), vv = v + (dir == 2 ? 1 : dir == 3 ? -1 : 0);
                        if (uu < 0 || vv < 0 || uu >= w || vv >= h)
                        {
                            continue;
                        }
                        int qq = uu + w * vv;
                        if (outside[qq] == 0 && mask.Data[baseIndex + uu * stride[a0] + vv * stride[a1]] == 0)
                        {
                            outside[qq] = 1;
                            queue[tail++] = qq;
                        }
                    }
                }
                for (int q = 0; q < w * h; q++)
                {
                    if (outside[q] == 0)
                    {
                        result.Data[baseIndex + (q % w) * stride[a0] + (q / w) * stride[a1]] = 1;
                    }
                }
            }
            return result;
        }

        private static Mask3D SelectLabel(Mask3D mask, int[] labels, int label)
        {
            var result = new Mask3D(mask.Nx, mask.Ny, mask.Nz, mask.Affine);
            if (label == 0)
            {
                return result;
            }
            for (int i = 0; i < labels.Length; i++)
            {
                result.Data[i] = labels[i] == label ? (byte)1 : (byte)0;
            }
            return result;
        }
    }
}
