using System;
using System.Threading;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Segmentation
{
    /// <summary>
    /// The head (everything that is not air around it): Otsu threshold between background and tissue, closing to
    /// bridge thin dark gaps, the largest connected component, and hole filling in 3D and in axial slices so the
    /// sinuses, mouth and a neck cut by the field of view come out solid. Works on any intensity scale, because
    /// the threshold comes from the image's own histogram.
    /// </summary>
    public static class HeadMasker
    {
        /// <summary>Radius in mm of the closing that bridges dark gaps in the head outline (skin over bone, ears).</summary>
        public const double ClosingRadiusMm = 4;

        /// <summary>Voxel size in mm of the working grid the mask is computed on (finer images are block-averaged to it).</summary>
        public const double WorkingVoxelMm = 2;

        /// <summary>The head mask of <paramref name="volume"/>, on its own grid and in its own storage order.</summary>
        public static Mask3D Compute(Volume3D volume, CancellationToken cancellationToken = default)
        {
            var frame = CanonicalFrame.Of(volume);
            return frame.FromCanonicalHandOver(ComputeCanonicalFullResolution(frame.CanonicalView(volume), cancellationToken));
        }

        /// <summary>The head mask of a canonical volume, computed on the working grid and interpolated back to the volume's grid.</summary>
        public static Mask3D ComputeCanonicalFullResolution(Volume3D canonical, CancellationToken cancellationToken = default)
        {
            var pyramid = GridPyramid.For(canonical, WorkingVoxelMm);
            var coarse = ComputeCanonical(pyramid.Downsample(canonical), cancellationToken);
            return pyramid.Upsample(coarse);
        }

        /// <summary>The head mask of a volume already in the canonical RAS order (axis 2 = inferior→superior).</summary>
        public static Mask3D ComputeCanonical(Volume3D canonical, CancellationToken cancellationToken = default)
        {
            double threshold = Threshold(canonical);
            var mask = new Mask3D(canonical.Nx, canonical.Ny, canonical.Nz, canonical.Affine);
            var d = canonical.Data;
            for (int i = 0; i < d.Length; i++)
            {
                mask.Data[i] = d[i] > threshold ? (byte)1 : (byte)0;
            }
            // Drop isolated noise specks first so the closing does not glue them to the head.
            mask = Morphology.LargestComponent(mask);
            if (mask.Count() == 0)
            {
                throw new InvalidOperationException("The image has no voxel above the background threshold; it looks empty.");
            }
            cancellationToken.ThrowIfCancellationRequested();
            mask = Morphology.Close(mask, ClosingRadiusMm, cancellationToken);
            mask = Morphology.FillHoles(mask);
            // Closing and filling one component cannot split it, so no second component search is needed.
            return Morphology.FillHolesInSlices(mask, 2);
        }

        /// <summary>
        /// The background/tissue threshold: Otsu's threshold on the intensities between the 0.5th and 99.5th
        /// percentiles, refined once on the darker class so that a bright head on heavy noise still splits at the noise.
        /// </summary>
        public static double Threshold(Volume3D volume)
        {
            // One histogram serves all four percentiles (each is read from it on its own, as separate calls would).
            var p = IntensityStatistics.Percentiles(volume, null, new[] { 0.005, 0.995, 0.02, 0.98 });
            double lo = p[0], hi = p[1];
            if (!(hi > lo))
            {
                throw new InvalidOperationException("The image has a single intensity; no head can be found.");
            }
            double otsu = IntensityStatistics.Otsu(volume, null, lo, hi);
            // Otsu alone lands too high when dark tissue (scalp under a weak coil, bone) fills a large share of the
            // image; BET's robust background threshold (2% + 10% of the 2-98% range) is lower there.
            double robust = p[2] + 0.1 * (p[3] - p[2]);
            return Math.Min(otsu, robust);
        }
    }
}
