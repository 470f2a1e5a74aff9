using System.Collections.Generic;

namespace Defacer.Engine.Rendering
{
    /// <summary>Settings of <see cref="SliceRenderer"/>.</summary>
    public sealed class SliceRenderOptions
    {
        /// <summary>Mirror axial and coronal slices (subject's right on screen left). Default: neurological (left on left).</summary>
        public bool Radiological { get; set; }

        /// <summary>
        /// Screen pixel size in mm, the same along both screen axes so anisotropic voxels keep their true aspect.
        /// Null: the smallest voxel size, but small enough for <see cref="TargetImageSize"/> pixels across the field
        /// of view and large enough that no slice exceeds <see cref="MaxImageSize"/>.
        /// </summary>
        public double? PixelSizeMm { get; set; }

        /// <summary>Pixels across the field of view's largest extent that an automatic pixel size aims for at least.</summary>
        public int TargetImageSize { get; set; } = 256;

        /// <summary>Largest width or height of one slice in pixels when the pixel size is automatic.</summary>
        public int MaxImageSize { get; set; } = 320;

        /// <summary>Intensity mapped to black, as a percentile (0-100) of all voxels.</summary>
        public double LowPercentile { get; set; } = 1;

        /// <summary>Intensity mapped to white, as a percentile (0-100) of the non-zero voxels.</summary>
        public double HighPercentile { get; set; } = 99.5;

        /// <summary>Masks drawn over the slices, in order (later ones on top).</summary>
        public IList<MaskOverlay> Overlays { get; } = new List<MaskOverlay>();

        /// <summary>
        /// Air/tissue level used to find the head's bounding box (centre slices, montage range); null estimates it
        /// (<see cref="SurfaceThreshold.Estimate"/>). Pass the value already computed for other pictures to save a pass.
        /// </summary>
        public double? HeadThreshold { get; set; }

        /// <summary>
        /// The image's values already counted (<see cref="IntensityStatistics.CountIntegerValues"/>) by a caller that
        /// needed them for other statistics; the gray window is then read from them instead of another pass.
        /// </summary>
        internal IntegerValueCounts? ValueCounts { get; set; }

        /// <summary>Draw orientation letters (L/R, A/P, S/I) at the slice edges.</summary>
        public bool Labels { get; set; } = true;
    }
}
