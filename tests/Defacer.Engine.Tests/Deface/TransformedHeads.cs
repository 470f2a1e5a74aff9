using System;
using Defacer.Engine.Registration;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Tests.Deface
{
    /// <summary>
    /// Copies of a real head as another scanner might have stored it: the same voxels in another axis order, or the
    /// head resampled onto a rotated or anisotropic grid. Labels travel with the image (nearest neighbour).
    /// </summary>
    internal static class TransformedHeads
    {
        /// <summary>Named transforms used by the acceptance tests.</summary>
        public static readonly string[] Names = { "PIR", "pitch15-roll5-2mm", "1x1x5mm" };

        /// <summary>Applies the named transform to the image and (when given) its labels.</summary>
        public static (Volume3D Image, Volume3D? Labels) Apply(string name, Volume3D image, Volume3D? labels)
        {
            switch (name)
            {
                case "PIR":
                    return (Reorient(image, "PIR"), labels == null ? null : Reorient(labels, "PIR"));
                case "pitch15-roll5-2mm":
                    return Resample(image, labels, 15, 5, 2, 2);
                case "1x1x5mm":
                    return Resample(image, labels, 0, 0, 1, 5);
                default:
                    throw new ArgumentException("Unknown transform " + name, nameof(name));
            }
        }

        /// <summary>The same voxels stored in another axis order (exact: a permutation with flips).</summary>
        public static Volume3D Reorient(Volume3D v, string code)
        {
            var c = CanonicalFrame.Of(v).ToCanonical(v);
            int[] n = { c.Nx, c.Ny, c.Nz };
            var world = new int[3];
            var sign = new int[3];
            for (int i = 0; i < 3; i++)
            {
                int w = "RAS".IndexOf(code[i]);
                world[i] = w >= 0 ? w : "LPI".IndexOf(code[i]);
                sign[i] = w >= 0 ? 1 : -1;
            }
            var dims = new[] { n[world[0]], n[world[1]], n[world[2]] };
            var m = new double[16];
            m[15] = 1;
            for (int i = 0; i < 3; i++)
            {
                m[world[i] * 4 + i] = sign[i];
                m[world[i] * 4 + 3] = sign[i] > 0 ? 0 : n[world[i]] - 1;
            }
            var newToCanonical = Affine.FromRowMajor(m);
            var result = new Volume3D(dims[0], dims[1], dims[2], c.Affine.Multiply(newToCanonical));
            for (int k = 0; k < dims[2]; k++)
                for (int j = 0; j < dims[1]; j++)
                    for (int i = 0; i < dims[0]; i++)
                    {
                        var p = newToCanonical.Apply(i, j, k);
                        result[i, j, k] = c[(int)Math.Round(p.X), (int)Math.Round(p.Y), (int)Math.Round(p.Z)];
                    }
            return result;
        }

        // The head resampled onto a grid of the given voxel sizes covering the same extent, rotated about its centre
        // (pitch about the left-right axis, then roll about the anterior-posterior axis).
        public static (Volume3D Image, Volume3D? Labels) Resample(Volume3D image, Volume3D? labels, double pitchDeg, double rollDeg, double inPlaneMm, double sliceMm)
        {
            var canonical = CanonicalFrame.Of(image).ToCanonical(image);
            var sp = canonical.Spacing;
            double ex = canonical.Nx * sp.X, ey = canonical.Ny * sp.Y, ez = canonical.Nz * sp.Z;
            int nx = (int)Math.Ceiling(ex / inPlaneMm), ny = (int)Math.Ceiling(ey / inPlaneMm), nz = (int)Math.Ceiling(ez / sliceMm);
            var centre = canonical.Affine.Apply((canonical.Nx - 1) / 2.0, (canonical.Ny - 1) / 2.0, (canonical.Nz - 1) / 2.0);
            double a = pitchDeg * Math.PI / 180, b = rollDeg * Math.PI / 180;
            double[,] rx = { { 1, 0, 0 }, { 0, Math.Cos(a), -Math.Sin(a) }, { 0, Math.Sin(a), Math.Cos(a) } };
            double[,] ry = { { Math.Cos(b), 0, Math.Sin(b) }, { 0, 1, 0 }, { -Math.Sin(b), 0, Math.Cos(b) } };
            var rot = new double[3, 3];
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                    for (int k = 0; k < 3; k++)
                        rot[i, j] += ry[i, k] * rx[k, j];
            var s = new[] { inPlaneMm, inPlaneMm, sliceMm };
            var g = new[] { (nx - 1) / 2.0, (ny - 1) / 2.0, (nz - 1) / 2.0 };
            var c = new[] { centre.X, centre.Y, centre.Z };
            var m = new double[16];
            m[15] = 1;
            for (int i = 0; i < 3; i++)
            {
                double offset = c[i];
                for (int j = 0; j < 3; j++)
                {
                    m[i * 4 + j] = rot[i, j] * s[j];
                    offset -= rot[i, j] * s[j] * g[j];
                }
                m[i * 4 + 3] = offset;
            }
            var affine = Affine.FromRowMajor(m);
            var copy = Resampler.Resample(image, nx, ny, nz, affine, Affine.Identity, Interpolation.Linear);
            var copyLabels = labels == null ? null : Resampler.Resample(labels, nx, ny, nz, affine, Affine.Identity, Interpolation.NearestNeighbour);
            return (copy, copyLabels);
        }
    }
}
