using System;
using System.Threading.Tasks;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Registration
{
    /// <summary>
    /// Resamples a moving image into a target grid through a world-to-world transform.
    /// <para>
    /// Convention (ITK's): <c>targetToMovingWorld</c> maps a point in the target's world (mm, RAS+) to the point of
    /// the moving image's world that lands there. The voxel-to-voxel map
    /// <c>moving.Affine⁻¹ · targetToMovingWorld · targetAffine</c> is computed once, so each output row costs one
    /// matrix-vector product and then an increment per voxel.
    /// </para>
    /// <para>
    /// A target voxel is inside the moving field of view when its moving-voxel coordinate lies within half a voxel of
    /// the moving grid ([-0.5, n - 0.5] on each axis); there the coordinate is clamped to the grid for interpolation,
    /// elsewhere the output takes <c>outsideValue</c>. Output slices are independent, so the optional parallel loop
    /// gives the same bytes for any thread count.
    /// </para>
    /// </summary>
    public static class Resampler
    {
        /// <summary>Resamples <paramref name="moving"/> into the grid (nx, ny, nz, targetAffine).</summary>
        /// <param name="moving">The image to read from.</param>
        /// <param name="nx">Target grid size along voxel axis 0.</param>
        /// <param name="ny">Target grid size along voxel axis 1.</param>
        /// <param name="nz">Target grid size along voxel axis 2.</param>
        /// <param name="targetAffine">Target voxel-to-world affine.</param>
        /// <param name="targetToMovingWorld">Maps target world mm to moving world mm.</param>
        /// <param name="interpolation">Nearest neighbour or trilinear.</param>
        /// <param name="outsideValue">Value of target voxels outside the moving field of view.</param>
        /// <param name="parallel">Spread slices over threads (same result either way).</param>
        public static Volume3D Resample(
            Volume3D moving, int nx, int ny, int nz, Affine targetAffine, Affine targetToMovingWorld,
            Interpolation interpolation, float outsideValue = 0f, bool parallel = false)
        {
            if (moving == null)
            {
                throw new ArgumentNullException(nameof(moving));
            }
            var output = new Volume3D(nx, ny, nz, targetAffine);
            var v2v = VoxelToVoxel(targetAffine, targetToMovingWorld, moving.Affine);
            var src = moving.Data;
            var dst = output.Data;
            int mx = moving.Nx, my = moving.Ny, mz = moving.Nz;

            void Slice(int z)
            {
                for (int y = 0; y < ny; y++)
                {
                    var start = v2v.Apply(0, y, z);
                    FillRow(src, mx, my, mz, dst, (long)nx * (y + (long)ny * z), nx,
                        start.X, start.Y, start.Z, v2v[0, 0], v2v[1, 0], v2v[2, 0], interpolation, outsideValue);
                }
            }

            if (parallel)
            {
                Parallel.For(0, nz, Slice);
            }
            else
            {
                for (int z = 0; z < nz; z++)
                {
                    Slice(z);
                }
            }
            return output;
        }

        /// <summary>Resamples <paramref name="moving"/> into the grid of <paramref name="target"/>.</summary>
        public static Volume3D Resample(Volume3D moving, Volume3D target, Affine targetToMovingWorld,
            Interpolation interpolation, float outsideValue = 0f, bool parallel = false) =>
            Resample(moving, target.Nx, target.Ny, target.Nz, target.Affine, targetToMovingWorld, interpolation, outsideValue, parallel);

        /// <summary>
        /// Resamples a mask: nearest neighbour takes the nearest voxel; linear interpolates the 0/1 values and keeps
        /// voxels at or above 0.5 (a smoother boundary than nearest neighbour). Outside the moving field of view the
        /// output is <paramref name="outsideValue"/>.
        /// </summary>
        public static Mask3D ResampleMask(Mask3D moving, int nx, int ny, int nz, Affine targetAffine, Affine targetToMovingWorld,
            Interpolation interpolation, bool outsideValue = false, bool parallel = false)
        {
            var asVolume = MaskToVolume(moving);
            var resampled = Resample(asVolume, nx, ny, nz, targetAffine, targetToMovingWorld, interpolation, outsideValue ? 1f : 0f, parallel);
            var data = new byte[resampled.Data.Length];
            var r = resampled.Data;
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = r[i] >= 0.5f ? (byte)1 : (byte)0;
            }
            return new Mask3D(nx, ny, nz, data, targetAffine);
        }

        /// <summary>A mask as a 0/1 float volume on the same grid.</summary>
        public static Volume3D MaskToVolume(Mask3D mask)
        {
            var data = new float[mask.Data.Length];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = mask.Data[i] != 0 ? 1f : 0f;
            }
            return new Volume3D(mask.Nx, mask.Ny, mask.Nz, data, mask.Affine);
        }

        /// <summary>Target voxel indices to moving voxel indices: movingAffine⁻¹ · targetToMovingWorld · targetAffine.</summary>
        public static Affine VoxelToVoxel(Affine targetAffine, Affine targetToMovingWorld, Affine movingAffine) =>
            movingAffine.Inverse().Multiply(targetToMovingWorld).Multiply(targetAffine);

        /// <summary>
        /// Trilinear value at moving-voxel coordinate (x, y, z), or <paramref name="outsideValue"/> beyond half a voxel
        /// outside the grid. Shared by the resampler and the registration metric so both read images identically.
        /// </summary>
        internal static float SampleLinear(float[] src, int nx, int ny, int nz, double x, double y, double z, float outsideValue)
        {
            if (x < -0.5 || y < -0.5 || z < -0.5 || x > nx - 0.5 || y > ny - 0.5 || z > nz - 0.5)
            {
                return outsideValue;
            }
            return Trilinear(src, nx, ny, nz, x, y, z);
        }

        /// <summary>Fills <paramref name="count"/> output values along one target row starting at moving-voxel (x, y, z), stepping (dx, dy, dz).</summary>
        internal static void FillRow(float[] src, int mx, int my, int mz, float[] dst, long offset, int count,
            double x, double y, double z, double dx, double dy, double dz, Interpolation interpolation, float outsideValue)
        {
            double hx = mx - 0.5, hy = my - 0.5, hz = mz - 0.5;
            for (int i = 0; i < count; i++)
            {
                // Recomputing from the row start (rather than accumulating) keeps rounding identical to a direct product.
                double px = x + i * dx, py = y + i * dy, pz = z + i * dz;
                float value;
                if (px < -0.5 || py < -0.5 || pz < -0.5 || px > hx || py > hy || pz > hz)
                {
                    value = outsideValue;
                }
                else if (interpolation == Interpolation.NearestNeighbour)
                {
                    int ix = Clamp((int)Math.Floor(px + 0.5), mx), iy = Clamp((int)Math.Floor(py + 0.5), my), iz = Clamp((int)Math.Floor(pz + 0.5), mz);
                    value = src[ix + (long)mx * (iy + (long)my * iz)];
                }
                else
                {
                    value = Trilinear(src, mx, my, mz, px, py, pz);
                }
                dst[offset + i] = value;
            }
        }

        private static float Trilinear(float[] src, int nx, int ny, int nz, double x, double y, double z)
        {
            // Clamp to the grid so the half-voxel border reads the edge value.
            if (x < 0) x = 0; else if (x > nx - 1) x = nx - 1;
            if (y < 0) y = 0; else if (y > ny - 1) y = ny - 1;
            if (z < 0) z = 0; else if (z > nz - 1) z = nz - 1;
            int x0 = (int)x, y0 = (int)y, z0 = (int)z;
            if (x0 >= nx - 1) x0 = Math.Max(nx - 2, 0);
            if (y0 >= ny - 1) y0 = Math.Max(ny - 2, 0);
            if (z0 >= nz - 1) z0 = Math.Max(nz - 2, 0);
            double fx = x - x0, fy = y - y0, fz = z - z0;
            int sx = nx > 1 ? 1 : 0;
            long sy = ny > 1 ? nx : 0;
            long sz = nz > 1 ? (long)nx * ny : 0;
            long i000 = x0 + (long)nx * (y0 + (long)ny * z0);
            double c00 = src[i000] + fx * (src[i000 + sx] - src[i000]);
            double c10 = src[i000 + sy] + fx * (src[i000 + sy + sx] - src[i000 + sy]);
            double c01 = src[i000 + sz] + fx * (src[i000 + sz + sx] - src[i000 + sz]);
            double c11 = src[i000 + sz + sy] + fx * (src[i000 + sz + sy + sx] - src[i000 + sz + sy]);
            double c0 = c00 + fy * (c10 - c00);
            double c1 = c01 + fy * (c11 - c01);
            return (float)(c0 + fz * (c1 - c0));
        }

        private static int Clamp(int v, int n) => v < 0 ? 0 : (v >= n ? n - 1 : v);
    }
}
