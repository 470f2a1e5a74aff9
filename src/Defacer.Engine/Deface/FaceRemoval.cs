using System;
using System.Threading;
using Defacer.Engine.Nifti;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Deface
{
    /// <summary>
    /// Applies a removal mask to every volume of an image by rewriting only the bytes of removed voxels in
    /// <see cref="NiftiImage.RawData"/>. Kept voxels are never decoded and re-encoded, so they stay bit-identical, and
    /// the header is not touched.
    /// </summary>
    public static class FaceRemoval
    {
        /// <summary>Linear indices of the set voxels of a mask, increasing.</summary>
        public static int[] RemovedIndices(Mask3D remove)
        {
            // Counted first, so the one array is allocated at its final size (a growing list of a face's million
            // indices allocated about three times that in discarded buffers).
            var d = remove.Data;
            int count = 0;
            for (int i = 0; i < d.Length; i++)
            {
                if (d[i] != 0)
                {
                    count++;
                }
            }
            var indices = new int[count];
            int n = 0;
            for (int i = 0; i < d.Length && n < count; i++)
            {
                if (d[i] != 0)
                {
                    indices[n++] = i;
                }
            }
            return indices;
        }

        /// <summary>
        /// Fills the removed voxels of every volume of <paramref name="image"/> in place.
        /// </summary>
        /// <param name="image">The image; its RawData is modified.</param>
        /// <param name="remove">The mask on the image's 3D grid (from its first volume).</param>
        /// <param name="fill">The fill mode.</param>
        /// <param name="seed">Seed for noise; each volume derives its own from it.</param>
        /// <param name="blurFwhmMm">FWHM of the blur fill.</param>
        /// <param name="cancellationToken">Observed between volumes.</param>
        /// <exception cref="NotSupportedException">The datatype has no scalar voxels.</exception>
        public static void Apply(NiftiImage image, Mask3D remove, FaceFill fill, ulong seed, double blurFwhmMm, CancellationToken cancellationToken)
        {
            var h = image.Header;
            if (remove.Nx != h.Nx || remove.Ny != h.Ny || remove.Nz != h.Nz)
            {
                throw new ArgumentException($"The mask grid {remove.Nx}x{remove.Ny}x{remove.Nz} differs from the image's {h.Nx}x{h.Ny}x{h.Nz}.", nameof(remove));
            }
            var (hasScaling, slope, inter) = h.Scaling;
            var encoder = new VoxelEncoder((int)h.DataType, h.IsBigEndian, hasScaling, slope, inter);
            var removed = RemovedIndices(remove);
            if (removed.Length == 0)
            {
                return;
            }
            long perVolume = h.VoxelCount;
            var spacing = h.VoxelSize;
            for (int t = 0; t < image.VolumeCount; t++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                long offset = t * perVolume;
                var raw = image.RawData;
                if (fill == FaceFill.Zero)
                {
                    // Zero needs no per-voxel values: each removed voxel stores the encoding of 0.
                    for (int i = 0; i < removed.Length; i++)
                    {
                        encoder.Write(raw, offset + removed[i], 0.0);
                    }
                    continue;
                }
                // Only the fills that look at the image decode it; reading never changes RawData.
                var volume = image.GetVolumeAsFloat(t);
                ulong volumeSeed = seed ^ (0x9E3779B97F4A7C15UL * (ulong)(t + 1));
                var values = RemovedVoxelFill.Compute(fill, volume, (int)h.Nx, (int)h.Ny, (int)h.Nz, spacing, removed, volumeSeed, blurFwhmMm, cancellationToken);
                for (int i = 0; i < removed.Length; i++)
                {
                    encoder.Write(raw, offset + removed[i], values[i]);
                }
            }
        }
    }
}
