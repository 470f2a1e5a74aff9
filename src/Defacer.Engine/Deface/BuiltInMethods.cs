using System;
using System.Threading;
using Defacer.Engine.Nifti;
using Defacer.Engine.Registration;
using Defacer.Engine.Segmentation;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Deface
{
    /// <summary>Registers the engine's own methods in a registry (one place, so the list is easy to read).</summary>
    internal static class BuiltInMethods
    {
        public static DefaceMethodRegistry Register(DefaceMethodRegistry registry)
        {
            registry.Register("Quickshear",
                "Schimke & Hale's Quickshear on Defacer's skull-stripping (or -BrainMask): cut below the lower convex hull of the brain's sagittal profile, buffer in mm",
                p => new QuickshearMethod(
                    p.Extra.TryGetValue("BufferMm", out var buffer) ? Convert.ToDouble(buffer, System.Globalization.CultureInfo.InvariantCulture) : QuickshearMethod.DefaultBufferMm,
                    p.BrainMask == null ? null : ReadMask(p.BrainMask)));
            registry.Register(FaceMaskMethod.MethodName,
                "pydeface's algorithm, native: affine registration of a head template, its face mask removed (brain guarded); -Template/-FaceMask or the cached default pair",
                FaceMaskFactory.Create);
            return registry;
        }

        /// <summary>A mask file (voxels above 0.5 set) on its own grid.</summary>
        internal static Mask3D ReadMask(string path) => Threshold(NiftiReader.Read(path).ToVolume(0));

        /// <summary>
        /// A mask file that must lie on <paramref name="grid"/>'s voxel grid (same shape, affine within 0.01 mm);
        /// voxels above 0.5 are set. Used for -BrainMask by every method.
        /// </summary>
        /// <exception cref="ArgumentException">The mask is on another grid.</exception>
        internal static Mask3D ReadMaskOnGrid(string path, Volume3D grid)
        {
            var m = NiftiReader.Read(path).ToVolume(0);
            if (!grid.HasSameGeometry(m.Nx, m.Ny, m.Nz, m.Affine, 0.01))
            {
                throw new ArgumentException($"The brain mask '{path}' ({m.Nx}x{m.Ny}x{m.Nz}) is not on the image's grid ({grid.Nx}x{grid.Ny}x{grid.Nz}, same affine required).");
            }
            var mask = Threshold(m);
            return new Mask3D(grid.Nx, grid.Ny, grid.Nz, mask.Data, grid.Affine);
        }

        private static Mask3D Threshold(Volume3D v)
        {
            var mask = new Mask3D(v.Nx, v.Ny, v.Nz, v.Affine);
            for (int i = 0; i < mask.Data.Length; i++)
            {
                mask.Data[i] = v.Data[i] > 0.5f ? (byte)1 : (byte)0;
            }
            return mask;
        }

        /// <summary>
        /// The subject's brain mask for a method: the user's -BrainMask file when given (it must be on the image's
        /// grid; voxels above 0.5 are brain), otherwise Defacer's own skull-stripping.
        /// </summary>
        internal static Func<Volume3D, CancellationToken, Mask3D> BrainMaskProvider(string? brainMaskPath)
        {
            if (brainMaskPath == null)
            {
                return (v, ct) => BrainExtractor.Compute(v, null, ct);
            }
            return (v, ct) => ReadMaskOnGrid(brainMaskPath, v);
        }
    }
}
