using Defacer.Engine.Volumes;

namespace Defacer.Engine.Rendering
{
    /// <summary>Settings of <see cref="SurfaceRenderer"/>. The defaults suit a whole-head QC picture.</summary>
    public sealed class SurfaceRenderOptions
    {
        /// <summary>Iso-surface intensity; null chooses one from the image (<see cref="SurfaceThreshold.Estimate"/>).</summary>
        public double? Threshold { get; set; }

        /// <summary>
        /// Pixel size in mm (orthographic projection). Null picks one per image: the largest world extent of the
        /// field of view over <see cref="TargetImageSize"/>, but not below 0.5 mm. Every view of one image uses the
        /// same pixel size, so views and before/after pictures compare at the same scale.
        /// Raised if the image would exceed <see cref="MaxImageSize"/>.
        /// </summary>
        public double? PixelSizeMm { get; set; }

        /// <summary>Pixels along the field of view's largest world extent when <see cref="PixelSizeMm"/> is null.</summary>
        public int TargetImageSize { get; set; } = 300;

        /// <summary>Largest width or height in pixels.</summary>
        public int MaxImageSize { get; set; } = 480;

        /// <summary>Ray step as a fraction of the smallest voxel size; the hit is then refined by bisection.</summary>
        public double StepFraction { get; set; } = 0.5;

        /// <summary>
        /// Optional mask on the same grid as the volume (any storage order). Surface points over a set voxel are drawn
        /// in <see cref="TintColor"/>: e.g. the region a defacing removes, shown on the original head.
        /// </summary>
        public Mask3D? TintMask { get; set; }

        /// <summary>Colour of tinted surface, R G B (default red).</summary>
        public (byte R, byte G, byte B) TintColor { get; set; } = (230, 40, 30);

        /// <summary>Colour of the untinted surface (default a light skin tone).</summary>
        public (byte R, byte G, byte B) SurfaceColor { get; set; } = (235, 215, 195);

        /// <summary>Background gray level.</summary>
        public byte Background { get; set; } = 0;
    }
}
