using System;
using System.IO;
using Defacer.Engine.Nifti;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Deface.External
{
    /// <summary>A problem with what a tool wrote; the method turns it into an <see cref="ExternalToolException"/>.</summary>
    internal sealed class ToolOutputProblem : Exception
    {
        public ToolOutputProblem(ExternalToolErrorKind kind, string message, Exception? inner = null)
            : base(message, inner)
        {
            Kind = kind;
        }

        public ExternalToolErrorKind Kind { get; }
    }

    /// <summary>
    /// Reads a tool's output, brings it onto the input's grid, and derives the removal mask. A tool may conform the
    /// image (mri_deface works on an 8-bit 256^3 copy, mridefacer on a reoriented one): when the geometry differs, the
    /// output is resampled nearest-neighbour through the two affines, provided it covers the head; otherwise we cannot
    /// tell what was removed and say so.
    /// </summary>
    internal static class ToolOutputInterpreter
    {
        /// <summary>Affines equal within this many mm (per element) count as the same grid.</summary>
        public const double GeometryTolerance = 1e-3;

        /// <summary>Fraction of the input's non-zero voxels the output grid must cover.</summary>
        public const double MinCoverage = 0.98;

        /// <summary>A tool that removed this fraction of the non-zero voxels removed the head, not the face.</summary>
        public const double MaxRemovedFraction = 0.9;

        /// <summary>Voxels scaled below this fraction of the input count as removed (AttenuatedVoxels).</summary>
        public const double AttenuationThreshold = 0.5;

        /// <summary>Finds an output, accepting .nii for .nii.gz and the reverse (FSL picks by FSLOUTPUTTYPE).</summary>
        public static string? Resolve(string path)
        {
            if (File.Exists(path))
            {
                return path;
            }
            string alt = path.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase) ? path.Substring(0, path.Length - 3)
                : path.EndsWith(".nii", StringComparison.OrdinalIgnoreCase) ? path + ".gz" : path;
            return File.Exists(alt) ? alt : null;
        }

        /// <summary>Reads volume 0 of a tool's output.</summary>
        public static Volume3D Read(string path, string what)
        {
            try
            {
                return NiftiReader.Read(path).ToVolume(0);
            }
            catch (Exception e) when (e is NiftiException || e is IOException || e is ArgumentException || e is InvalidOperationException || e is OverflowException)
            {
                throw new ToolOutputProblem(ExternalToolErrorKind.MalformedOutput, $"the tool's {what} {Path.GetFileName(path)} cannot be read as NIfTI: {e.Message}", e);
            }
        }

        /// <summary>
        /// The output's values at the input's voxel centres, with a flag per voxel saying whether the output covers it.
        /// </summary>
        public static OnGrid ToInputGrid(Volume3D output, Volume3D input, string what)
        {
            int n = input.Length;
            var covered = new byte[n];
            if (input.HasSameGeometry(output.Nx, output.Ny, output.Nz, output.Affine, GeometryTolerance))
            {
                for (int i = 0; i < n; i++)
                {
                    covered[i] = 1;
                }
                return new OnGrid(output.Data, covered, false, 1.0);
            }

            // Input voxel -> world -> output voxel, composed once.
            Affine m;
            try
            {
                m = output.Affine.Inverse().Multiply(input.Affine);
            }
            catch (Exception e) when (e is InvalidOperationException || e is ArgumentException)
            {
                throw new ToolOutputProblem(ExternalToolErrorKind.WrongShape, $"the tool's {what} has a singular affine", e);
            }
            var values = new float[n];
            long nonZero = 0, nonZeroCovered = 0;
            for (int z = 0; z < input.Nz; z++)
            {
                for (int y = 0; y < input.Ny; y++)
                {
                    for (int x = 0; x < input.Nx; x++)
                    {
                        int idx = input.Index(x, y, z);
                        var (ox, oy, oz) = m.Apply(x, y, z);
                        int ix = (int)Math.Floor(ox + 0.5), iy = (int)Math.Floor(oy + 0.5), iz = (int)Math.Floor(oz + 0.5);
                        bool inside = ix >= 0 && iy >= 0 && iz >= 0 && ix < output.Nx && iy < output.Ny && iz < output.Nz;
                        if (inside)
                        {
                            covered[idx] = 1;
                            values[idx] = output[ix, iy, iz];
                        }
                        if (input.Data[idx] != 0)
                        {
                            nonZero++;
                            if (inside)
                            {
                                nonZeroCovered++;
                            }
                        }
                    }
                }
            }
            double coverage = nonZero == 0 ? 1.0 : (double)nonZeroCovered / nonZero;
            if (coverage < MinCoverage)
            {
                throw new ToolOutputProblem(ExternalToolErrorKind.WrongShape,
                    $"the tool's {what} ({output.Nx}x{output.Ny}x{output.Nz}) covers only {coverage:P1} of the image ({input.Nx}x{input.Ny}x{input.Nz}) in world space, so what it removed cannot be told");
            }
            return new OnGrid(values, covered, true, coverage);
        }

        /// <summary>Removed = non-zero input voxels the output zeroed (or, with attenuation, scaled below the threshold).</summary>
        public static Mask3D FromDefaced(Volume3D input, OnGrid output, bool attenuation)
        {
            var remove = Mask3D.Like(input);
            for (int i = 0; i < input.Length; i++)
            {
                float a = input.Data[i];
                if (a == 0 || output.Covered[i] == 0)
                {
                    continue;
                }
                float b = output.Values[i];
                bool removed = b == 0 || float.IsNaN(b) ||
                    (attenuation && Math.Abs(b) < AttenuationThreshold * Math.Abs(a));
                remove.Data[i] = removed ? (byte)1 : (byte)0;
            }
            return remove;
        }

        /// <summary>
        /// Removed = non-zero mask voxels. When the defaced output zeroed voxels, they must lie inside the mask
        /// (at least 90%): a mask of the wrong polarity or from another image is caught here instead of being applied.
        /// </summary>
        public static Mask3D FromFaceMask(Volume3D input, OnGrid mask, OnGrid? defaced)
        {
            var remove = Mask3D.Like(input);
            for (int i = 0; i < input.Length; i++)
            {
                if (mask.Covered[i] != 0 && mask.Values[i] != 0)
                {
                    remove.Data[i] = 1;
                }
            }
            if (defaced != null)
            {
                long zeroed = 0, outside = 0;
                for (int i = 0; i < input.Length; i++)
                {
                    if (input.Data[i] != 0 && defaced.Covered[i] != 0 && defaced.Values[i] == 0)
                    {
                        zeroed++;
                        if (remove.Data[i] == 0)
                        {
                            outside++;
                        }
                    }
                }
                if (zeroed >= 50 && outside > 0.1 * zeroed)
                {
                    throw new ToolOutputProblem(ExternalToolErrorKind.MalformedOutput,
                        $"the tool's face mask disagrees with its defaced image: {outside} of the {zeroed} voxels it zeroed are outside the mask");
                }
            }
            return remove;
        }

        /// <summary>Rejects a result that removed (nearly) the whole image.</summary>
        public static void CheckPlausible(Volume3D input, Mask3D remove)
        {
            long nonZero = 0, removed = 0;
            for (int i = 0; i < input.Length; i++)
            {
                if (input.Data[i] != 0)
                {
                    nonZero++;
                    if (remove.Data[i] != 0)
                    {
                        removed++;
                    }
                }
            }
            if (nonZero > 0 && removed >= MaxRemovedFraction * nonZero)
            {
                throw new ToolOutputProblem(ExternalToolErrorKind.MalformedOutput,
                    $"the tool removed {(double)removed / nonZero:P1} of the image's non-zero voxels; a defacing tool removes the face, not the head");
            }
        }

        /// <summary>Output values on the input grid.</summary>
        internal sealed class OnGrid
        {
            public OnGrid(float[] values, byte[] covered, bool resampled, double coverage)
            {
                Values = values;
                Covered = covered;
                Resampled = resampled;
                Coverage = coverage;
            }

            public float[] Values { get; }

            public byte[] Covered { get; }

            public bool Resampled { get; }

            public double Coverage { get; }
        }
    }
}
