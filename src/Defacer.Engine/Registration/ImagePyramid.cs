using System;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Registration
{
    /// <summary>
    /// Builds the coarse images a multi-resolution registration works on: block-average down to about the target
    /// spacing (cheap, and an anti-alias filter in itself), Gaussian-smooth in mm, then resample onto an isotropic
    /// grid of the target spacing that keeps the image's own axis directions and physical extent. Working in world
    /// mm makes the result independent of the storage order (PSR, LPS, oblique...).
    /// </summary>
    public static class ImagePyramid
    {
        /// <summary>The image at isotropic <paramref name="spacingMm"/>, smoothed with <paramref name="sigmaMm"/>.</summary>
        public static Volume3D Level(Volume3D image, double spacingMm, double sigmaMm)
        {
            if (spacingMm <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(spacingMm), "Pyramid spacing must be positive.");
            }
            var reduced = BlockAverage(image, spacingMm);
            var smoothed = GaussianSmoothing.Smooth(reduced, sigmaMm);
            return ResampleIsotropic(smoothed, spacingMm);
        }

        /// <summary>
        /// Averages blocks of whole voxels, the factor per axis being the largest integer not exceeding
        /// target / spacing. The new voxel centre is the centre of its block.
        /// </summary>
        public static Volume3D BlockAverage(Volume3D image, double targetSpacingMm)
        {
            var sp = image.Spacing;
            int fx = Factor(targetSpacingMm, sp.X), fy = Factor(targetSpacingMm, sp.Y), fz = Factor(targetSpacingMm, sp.Z);
            if (fx == 1 && fy == 1 && fz == 1)
            {
                return image;
            }
            int nx = Math.Max(1, image.Nx / fx), ny = Math.Max(1, image.Ny / fy), nz = Math.Max(1, image.Nz / fz);
            fx = Math.Min(fx, image.Nx);
            fy = Math.Min(fy, image.Ny);
            fz = Math.Min(fz, image.Nz);
            var sums = new double[(long)nx * ny];
            var outData = new float[(long)nx * ny * nz];
            var src = image.Data;
            int inNx = image.Nx, inNy = image.Ny;
            float inv = 1f / (fx * fy * fz);
            for (int z = 0; z < nz; z++)
            {
                Array.Clear(sums, 0, sums.Length);
                for (int dz = 0; dz < fz; dz++)
                {
                    long zoff = (long)inNx * inNy * (z * fz + dz);
                    for (int y = 0; y < ny * fy; y++)
                    {
                        long row = zoff + (long)inNx * y;
                        long orow = (long)nx * (y / fy);
                        for (int x = 0; x < nx; x++)
                        {
                            double s = 0;
                            long b = row + x * fx;
                            for (int dx = 0; dx < fx; dx++)
                            {
                                s += src[b + dx];
                            }
                            sums[orow + x] += s;
                        }
                    }
                }
                long o = (long)nx * ny * z;
                for (int i = 0; i < sums.Length; i++)
                {
                    outData[o + i] = (float)(sums[i] * inv);
                }
            }
            var scale = Affine.FromRowMajor(new double[]
            {
                fx, 0, 0, (fx - 1) / 2.0,
                0, fy, 0, (fy - 1) / 2.0,
                0, 0, fz, (fz - 1) / 2.0,
                0, 0, 0, 1,
            });
            return new Volume3D(nx, ny, nz, outData, image.Affine.Multiply(scale));
        }

        /// <summary>Trilinear resampling onto an isotropic grid along the image's own axes, covering the same extent.</summary>
        public static Volume3D ResampleIsotropic(Volume3D image, double spacingMm)
        {
            var sp = image.Spacing;
            double[] spacing = { sp.X, sp.Y, sp.Z };
            int[] n = { image.Nx, image.Ny, image.Nz };
            var dims = new int[3];
            var m = new double[16];
            m[15] = 1;
            for (int a = 0; a < 3; a++)
            {
                double extent = n[a] * spacing[a];
                dims[a] = Math.Max(1, (int)Math.Round(extent / spacingMm));
                double step = spacingMm / spacing[a];
                m[a * 4 + a] = step;
                // Centre the new grid on the old extent: old voxel index of new voxel 0.
                m[a * 4 + 3] = (n[a] - 1) / 2.0 - step * (dims[a] - 1) / 2.0;
            }
            var newToOld = Affine.FromRowMajor(m);
            var affine = image.Affine.Multiply(newToOld);
            // Same world, so the world-to-world transform is the identity.
            return Resampler.Resample(image, dims[0], dims[1], dims[2], affine, Affine.Identity, Interpolation.Linear, 0f);
        }

        private static int Factor(double target, double spacing) => Math.Max(1, (int)Math.Floor(target / spacing + 1e-6));
    }
}
