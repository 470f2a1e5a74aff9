using System;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Segmentation
{
    /// <summary>
    /// Block averaging to a coarser working grid (integer factor per axis) and back. Heavy steps of the
    /// segmentation run on a grid of about 2 mm, which is 8 times fewer voxels for a 1 mm head.
    /// </summary>
    public sealed class GridPyramid
    {
        private GridPyramid(int fx, int fy, int fz, int fineNx, int fineNy, int fineNz, Affine fineAffine)
        {
            Fx = fx; Fy = fy; Fz = fz;
            FineNx = fineNx; FineNy = fineNy; FineNz = fineNz;
            FineAffine = fineAffine;
            CoarseNx = (fineNx + fx - 1) / fx;
            CoarseNy = (fineNy + fy - 1) / fy;
            CoarseNz = (fineNz + fz - 1) / fz;
            // Coarse voxel centre = centre of its block of fine voxels.
            var scale = Affine.FromRowMajor(new double[]
            {
                fx, 0, 0, (fx - 1) / 2.0,
                0, fy, 0, (fy - 1) / 2.0,
                0, 0, fz, (fz - 1) / 2.0,
                0, 0, 0, 1,
            });
            CoarseAffine = fineAffine.Multiply(scale);
        }

        public int Fx { get; }
        public int Fy { get; }
        public int Fz { get; }
        public int FineNx { get; }
        public int FineNy { get; }
        public int FineNz { get; }
        public int CoarseNx { get; }
        public int CoarseNy { get; }
        public int CoarseNz { get; }
        public Affine FineAffine { get; }
        public Affine CoarseAffine { get; }

        /// <summary>True when the working grid is the input grid (voxels already at least about the target size).</summary>
        public bool IsIdentity => Fx == 1 && Fy == 1 && Fz == 1;

        /// <summary>Chooses per-axis factors so the coarse voxels are close to <paramref name="targetMm"/> (never finer than the input).</summary>
        public static GridPyramid For(Volume3D volume, double targetMm)
        {
            int F(double s) => Math.Max(1, (int)Math.Round(targetMm / s));
            var sp = volume.Spacing;
            return new GridPyramid(F(sp.X), F(sp.Y), F(sp.Z), volume.Nx, volume.Ny, volume.Nz, volume.Affine);
        }

        /// <summary>Block means (partial blocks at the far edges average what they hold).</summary>
        public Volume3D Downsample(Volume3D fine)
        {
            if (IsIdentity)
            {
                return fine;
            }
            var sum = new double[(long)CoarseNx * CoarseNy * CoarseNz];
            var d = fine.Data;
            // The coarse column of every fine x, computed once instead of a division per voxel; the sums are
            // accumulated in the same order as voxel by voxel, so the means are bit for bit the same.
            var column = new int[FineNx];
            for (int x = 0; x < FineNx; x++)
            {
                column[x] = x / Fx;
            }
            int idx = 0;
            for (int z = 0; z < FineNz; z++)
            {
                int cz = z / Fz;
                for (int y = 0; y < FineNy; y++)
                {
                    int rowBase = CoarseNx * (y / Fy + CoarseNy * cz);
                    for (int x = 0; x < FineNx; x++, idx++)
                    {
                        sum[rowBase + column[x]] += d[idx];
                    }
                }
            }
            var result = new float[sum.Length];
            int cplane = CoarseNx * CoarseNy;
            for (int i = 0; i < sum.Length; i++)
            {
                int cx = i % CoarseNx, cy = i / CoarseNx % CoarseNy, cz = i / cplane;
                // Block size: full blocks inside, partial ones at the far edges.
                int count = (Math.Min(FineNx, (cx + 1) * Fx) - cx * Fx) * (Math.Min(FineNy, (cy + 1) * Fy) - cy * Fy) * (Math.Min(FineNz, (cz + 1) * Fz) - cz * Fz);
                result[i] = (float)(sum[i] / count);
            }
            return new Volume3D(CoarseNx, CoarseNy, CoarseNz, result, CoarseAffine);
        }

        /// <summary>
        /// A coarse mask on the fine grid: trilinear interpolation of the 0/1 mask, thresholded at 0.5, which gives a
        /// smooth boundary instead of blocks.
        /// </summary>
        public Mask3D Upsample(Mask3D coarse)
        {
            if (IsIdentity)
            {
                return coarse.Clone();
            }
            var result = new Mask3D(FineNx, FineNy, FineNz, FineAffine);
            var c = coarse.Data;
            int cnx = CoarseNx, cny = CoarseNy, cnz = CoarseNz, cplane = cnx * cny;
            // Fine index x sits at coarse coordinate (x - (F-1)/2) / F.
            var (x0, wx) = Weights(FineNx, Fx, cnx);
            var (y0, wy) = Weights(FineNy, Fy, cny);
            var (z0, wz) = Weights(FineNz, Fz, cnz);
            // Coarse rows holding no mask voxel: a fine row between four of them stays 0 without a look at each voxel
            // (most of a head's grid, and all of the air around it).
            var emptyRow = new bool[cny * cnz];
            for (int r = 0; r < emptyRow.Length; r++)
            {
                bool empty = true;
                for (int x = 0, o = r * cnx; x < cnx && empty; x++)
                {
                    empty = c[o + x] == 0;
                }
                emptyRow[r] = empty;
            }
            int idx = 0;
            for (int z = 0; z < FineNz; z++)
            {
                int za = z0[z], zb = Math.Min(za + 1, cnz - 1);
                double tz = wz[z];
                for (int y = 0; y < FineNy; y++)
                {
                    int ya = y0[y], yb = Math.Min(ya + 1, cny - 1);
                    double ty = wy[y];
                    if (emptyRow[ya + cny * za] && emptyRow[yb + cny * za] && emptyRow[ya + cny * zb] && emptyRow[yb + cny * zb])
                    {
                        idx += FineNx;
                        continue;
                    }
                    int r00 = cnx * ya + cplane * za, r10 = cnx * yb + cplane * za, r01 = cnx * ya + cplane * zb, r11 = cnx * yb + cplane * zb;
                    for (int x = 0; x < FineNx; x++, idx++)
                    {
                        int xa = x0[x], xb = Math.Min(xa + 1, cnx - 1);
                        byte a = c[r00 + xa];
                        // Where all eight coarse neighbours agree (most of the grid), the interpolation is that value
                        // exactly; only voxels near the boundary need the arithmetic.
                        if (a == c[r00 + xb] && a == c[r10 + xa] && a == c[r10 + xb] && a == c[r01 + xa] && a == c[r01 + xb] && a == c[r11 + xa] && a == c[r11 + xb] && a <= 1)
                        {
                            result.Data[idx] = a;
                            continue;
                        }
                        double tx = wx[x];
                        double v00 = c[r00 + xa] + tx * (c[r00 + xb] - c[r00 + xa]);
                        double v10 = c[r10 + xa] + tx * (c[r10 + xb] - c[r10 + xa]);
                        double v01 = c[r01 + xa] + tx * (c[r01 + xb] - c[r01 + xa]);
                        double v11 = c[r11 + xa] + tx * (c[r11 + xb] - c[r11 + xa]);
                        double v0 = v00 + ty * (v10 - v00), v1 = v01 + ty * (v11 - v01);
                        result.Data[idx] = v0 + tz * (v1 - v0) >= 0.5 ? (byte)1 : (byte)0;
                    }
                }
            }
            return result;
        }

        /// <summary>A coarse mask on the fine grid by nearest block (every fine voxel takes its block's value).</summary>
        public Mask3D UpsampleNearest(Mask3D coarse)
        {
            var result = new Mask3D(FineNx, FineNy, FineNz, FineAffine);
            int idx = 0;
            for (int z = 0; z < FineNz; z++)
            {
                for (int y = 0; y < FineNy; y++)
                {
                    int rowBase = CoarseNx * (y / Fy + CoarseNy * (z / Fz));
                    for (int x = 0; x < FineNx; x++, idx++)
                    {
                        result.Data[idx] = coarse.Data[rowBase + x / Fx];
                    }
                }
            }
            return result;
        }

        private static (int[] Lower, double[] Frac) Weights(int fineN, int f, int coarseN)
        {
            var lower = new int[fineN];
            var frac = new double[fineN];
            for (int i = 0; i < fineN; i++)
            {
                double c = (i - (f - 1) / 2.0) / f;
                if (c <= 0)
                {
                    lower[i] = 0;
                    frac[i] = 0;
                    continue;
                }
                if (c >= coarseN - 1)
                {
                    lower[i] = coarseN - 1;
                    frac[i] = 0;
                    continue;
                }
                lower[i] = (int)Math.Floor(c);
                frac[i] = c - lower[i];
            }
            return (lower, frac);
        }
    }
}
