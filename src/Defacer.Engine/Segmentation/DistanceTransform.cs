using System;
using System.Threading;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Segmentation
{
    /// <summary>
    /// Exact Euclidean distance transform in millimetres (Felzenszwalb and Huttenlocher's lower envelope of
    /// parabolas, one separable pass per axis), honouring anisotropic voxels. Linear in the number of voxels,
    /// so erosion and dilation by any radius cost the same, unlike iterated structuring elements.
    /// </summary>
    public static class DistanceTransform
    {
        /// <summary>
        /// For every voxel, the squared distance in mm² to the nearest voxel whose mask value equals
        /// <paramref name="featureValue"/> (0 on those voxels; +∞ when the grid holds none). Voxels outside the grid are
        /// never features, so a mask touching the field of view is not eroded from the border.
        /// </summary>
        public static float[] SquaredDistanceTo(Mask3D mask, byte featureValue, CancellationToken cancellationToken = default)
        {
            int nx = mask.Nx, ny = mask.Ny, nz = mask.Nz;
            var sp = new[] { mask.Affine.ColumnNorm(0), mask.Affine.ColumnNorm(1), mask.Affine.ColumnNorm(2) };
            var d = new float[mask.Length];
            var src = mask.Data;
            for (int i = 0; i < d.Length; i++)
            {
                d[i] = (src[i] != 0) == (featureValue != 0) ? 0f : float.PositiveInfinity;
            }
            int maxN = Math.Max(nx, Math.Max(ny, nz));
            var f = new float[maxN];
            var outLine = new float[maxN];
            var v = new int[maxN];
            var z = new float[maxN + 1];

            // Along x: contiguous lines, and the input is still 0 (feature) or +inf, so the lower envelope of
            // parabolas is simply the nearest feature in the line: one sweep each way finds it, and ((q - p) * s)^2 is
            // exactly the value Pass computes for it (ties are equidistant: the same value).
            float sx = (float)sp[0];
            for (int line = 0; line < ny * nz; line++)
            {
                int o = line * nx;
                int p = -1;
                for (int q = 0; q < nx; q++)
                {
                    if (d[o + q] == 0)
                    {
                        p = q;
                    }
                    else if (p >= 0)
                    {
                        float dq = (q - p) * sx;
                        d[o + q] = dq * dq;
                    }
                }
                if (p < 0)
                {
                    continue; // no feature: +inf stays
                }
                // Features are the only zeros left; sweep back for the nearest one on the other side.
                p = -1;
                for (int q = nx - 1; q >= 0; q--)
                {
                    if (d[o + q] == 0)
                    {
                        p = q;
                    }
                    else if (p >= 0)
                    {
                        float dq = (q - p) * sx;
                        float candidate = dq * dq;
                        if (candidate < d[o + q])
                        {
                            d[o + q] = candidate;
                        }
                    }
                }
            }
            cancellationToken.ThrowIfCancellationRequested();
            // Along y (stride nx), then along z (stride nx ny). Lines are processed in groups of neighbouring ones
            // (Lanes consecutive x, or consecutive in-plane positions), gathered together and scattered back together,
            // so each cache line of the volume is read and written once per group instead of once per line. A line
            // with no finite value (no feature along the earlier axes) stays all +inf, as Pass would leave it.
            var block = new float[Lanes * maxN];
            for (int k = 0; k < nz; k++)
            {
                for (int i0 = 0; i0 < nx; i0 += Lanes)
                {
                    PassGroup(d, i0 + nx * ny * k, Math.Min(Lanes, nx - i0), nx, ny, (float)sp[1], block, f, outLine, v, z);
                }
            }
            cancellationToken.ThrowIfCancellationRequested();
            int plane = nx * ny;
            for (int o0 = 0; o0 < plane; o0 += Lanes)
            {
                PassGroup(d, o0, Math.Min(Lanes, plane - o0), plane, nz, (float)sp[2], block, f, outLine, v, z);
            }
            return d;
        }

        private const int Lanes = 16;

        // Pass over the lines starting at offsets first .. first + lanes - 1 of d, each of n samples stride apart.
        private static void PassGroup(float[] d, int first, int lanes, int stride, int n, float s, float[] block, float[] f, float[] outLine, int[] v, float[] z)
        {
            for (int q = 0, b = first; q < n; q++, b += stride)
            {
                for (int l = 0; l < lanes; l++)
                {
                    block[l * n + q] = d[b + l];
                }
            }
            for (int l = 0; l < lanes; l++)
            {
                int o = l * n;
                bool finite = false;
                for (int q = 0; q < n; q++)
                {
                    if (!float.IsPositiveInfinity(block[o + q]))
                    {
                        finite = true;
                        break;
                    }
                }
                if (!finite)
                {
                    continue;
                }
                Array.Copy(block, o, f, 0, n);
                Pass(f, outLine, n, s, v, z);
                Array.Copy(outLine, 0, block, o, n);
            }
            for (int q = 0, b = first; q < n; q++, b += stride)
            {
                for (int l = 0; l < lanes; l++)
                {
                    d[b + l] = block[l * n + q];
                }
            }
        }

        // One-dimensional squared distance of sampled function f with sample spacing s (mm).
        private static void Pass(float[] f, float[] d, int n, float s, int[] v, float[] z)
        {
            float s2 = s * s;
            int k = -1;
            for (int q = 0; q < n; q++)
            {
                if (float.IsPositiveInfinity(f[q]))
                {
                    continue;
                }
                if (k < 0)
                {
                    k = 0;
                    v[0] = q;
                    z[0] = float.NegativeInfinity;
                    z[1] = float.PositiveInfinity;
                    continue;
                }
                float sq;
                while (true)
                {
                    int p = v[k];
                    // Intersection of the parabolas rooted at p and q, in index units.
                    sq = ((f[q] + s2 * q * q) - (f[p] + s2 * p * p)) / (2 * s2 * (q - p));
                    if (sq <= z[k] && k > 0)
                    {
                        k--;
                        continue;
                    }
                    break;
                }
                if (sq <= z[k])
                {
                    // k == 0 and the new parabola dominates everywhere.
                    v[0] = q;
                    z[0] = float.NegativeInfinity;
                    z[1] = float.PositiveInfinity;
                    continue;
                }
                k++;
                v[k] = q;
                z[k] = sq;
                z[k + 1] = float.PositiveInfinity;
            }
            if (k < 0)
            {
                for (int q = 0; q < n; q++)
                {
                    d[q] = float.PositiveInfinity;
                }
                return;
            }
            int j = 0;
            for (int q = 0; q < n; q++)
            {
                while (z[j + 1] < q)
                {
                    j++;
                }
                float dq = (q - v[j]) * s;
                d[q] = dq * dq + f[v[j]];
            }
        }
    }
}
