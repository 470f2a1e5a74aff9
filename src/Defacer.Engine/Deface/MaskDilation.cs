using System;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Deface
{
    /// <summary>
    /// Grows a mask by a margin in mm with a box (per-axis radius = margin / voxel size, rounded up), as three
    /// separable running-window passes: linear time whatever the margin. The box contains the ball of that radius,
    /// so as a safety margin it errs on the side of protecting more.
    /// </summary>
    public static class MaskDilation
    {
        /// <summary>A new mask: every voxel within <paramref name="marginMm"/> (box distance) of a set voxel.</summary>
        public static Mask3D Dilate(Mask3D mask, double marginMm)
        {
            var result = mask.Clone();
            if (marginMm <= 0)
            {
                return result;
            }
            var a = mask.Affine;
            int rx = (int)Math.Ceiling(marginMm / a.ColumnNorm(0) - 1e-9);
            int ry = (int)Math.Ceiling(marginMm / a.ColumnNorm(1) - 1e-9);
            int rz = (int)Math.Ceiling(marginMm / a.ColumnNorm(2) - 1e-9);
            int nx = mask.Nx, ny = mask.Ny, nz = mask.Nz;
            var line = new byte[Math.Max(nx, Math.Max(ny, nz))];
            Pass(result.Data, nx, ny, nz, 0, rx, line);
            Pass(result.Data, nx, ny, nz, 1, ry, line);
            Pass(result.Data, nx, ny, nz, 2, rz, line);
            return result;
        }

        private static void Pass(byte[] data, int nx, int ny, int nz, int axis, int radius, byte[] line)
        {
            if (radius <= 0)
            {
                return;
            }
            int n = axis == 0 ? nx : axis == 1 ? ny : nz;
            long stride = axis == 0 ? 1 : axis == 1 ? nx : (long)nx * ny;
            int outerA = axis == 0 ? ny : nx;
            int outerB = axis == 2 ? ny : nz;
            for (int b = 0; b < outerB; b++)
            {
                for (int a = 0; a < outerA; a++)
                {
                    long start = axis == 0 ? (long)nx * (a + (long)ny * b)
                        : axis == 1 ? a + (long)nx * ny * b
                        : a + (long)nx * b;
                    bool any = false;
                    for (int i = 0; i < n; i++)
                    {
                        line[i] = data[start + i * stride];
                        any |= line[i] != 0;
                    }
                    if (!any)
                    {
                        continue;
                    }
                    // Running count of set voxels in the window [i - radius, i + radius].
                    int count = 0;
                    for (int i = 0; i < Math.Min(radius, n); i++)
                    {
                        count += line[i] != 0 ? 1 : 0;
                    }
                    for (int i = 0; i < n; i++)
                    {
                        int enter = i + radius;
                        if (enter < n && line[enter] != 0)
                        {
                            count++;
                        }
                        int leave = i - radius - 1;
                        if (leave >= 0 && line[leave] != 0)
                        {
                            count--;
                        }
                        data[start + i * stride] = count > 0 ? (byte)1 : (byte)0;
                    }
                }
            }
        }
    }
}
