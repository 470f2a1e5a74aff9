using System;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Registration
{
    /// <summary>
    /// Separable Gaussian smoothing with the width given in mm, so anisotropic voxels get the same physical blur on
    /// every axis. Near the edge of the field of view the kernel is renormalised over the voxels that exist, so the
    /// border does not darken (which would look like an edge to the registration metric).
    /// </summary>
    public static class GaussianSmoothing
    {
        /// <summary>Returns a smoothed copy of <paramref name="volume"/>; <paramref name="sigmaMm"/> &lt;= 0 returns a copy.</summary>
        public static Volume3D Smooth(Volume3D volume, double sigmaMm)
        {
            var result = volume.Clone();
            if (sigmaMm <= 0)
            {
                return result;
            }
            var spacing = volume.Spacing;
            var buffer = new float[Math.Max(volume.Nx, Math.Max(volume.Ny, volume.Nz))];
            SmoothAxis(result, 0, sigmaMm / spacing.X, buffer);
            SmoothAxis(result, 1, sigmaMm / spacing.Y, buffer);
            SmoothAxis(result, 2, sigmaMm / spacing.Z, buffer);
            return result;
        }

        private static void SmoothAxis(Volume3D v, int axis, double sigmaVoxels, float[] line)
        {
            // Below a third of a voxel the kernel is essentially a delta.
            if (sigmaVoxels < 0.33)
            {
                return;
            }
            int radius = (int)Math.Ceiling(3 * sigmaVoxels);
            var kernel = new double[2 * radius + 1];
            for (int i = -radius; i <= radius; i++)
            {
                kernel[i + radius] = Math.Exp(-0.5 * i * i / (sigmaVoxels * sigmaVoxels));
            }
            int nx = v.Nx, ny = v.Ny, nz = v.Nz;
            int n = axis == 0 ? nx : axis == 1 ? ny : nz;
            long stride = axis == 0 ? 1 : axis == 1 ? nx : (long)nx * ny;
            int outerA = axis == 0 ? ny : nx;
            int outerB = axis == 2 ? ny : nz;
            var data = v.Data;
            for (int b = 0; b < outerB; b++)
            {
                for (int a = 0; a < outerA; a++)
                {
                    long start = axis == 0 ? (long)nx * (a + (long)ny * b)
                        : axis == 1 ? a + (long)nx * ny * b
                        : a + (long)nx * b;
                    for (int i = 0; i < n; i++)
                    {
                        line[i] = data[start + i * stride];
                    }
                    for (int i = 0; i < n; i++)
                    {
                        int lo = Math.Max(0, i - radius), hi = Math.Min(n - 1, i + radius);
                        double sum = 0, wsum = 0;
                        for (int j = lo; j <= hi; j++)
                        {
                            double w = kernel[j - i + radius];
                            sum += w * line[j];
                            wsum += w;
                        }
                        data[start + i * stride] = (float)(sum / wsum);
                    }
                }
            }
        }
    }
}
