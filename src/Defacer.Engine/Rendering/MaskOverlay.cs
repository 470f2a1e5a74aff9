using Defacer.Engine.Volumes;

namespace Defacer.Engine.Rendering
{
    /// <summary>How a <see cref="MaskOverlay"/> is drawn.</summary>
    public enum OverlayStyle
    {
        /// <summary>Translucent fill.</summary>
        Fill,

        /// <summary>Opaque one-pixel outline.</summary>
        Contour,

        /// <summary>Translucent fill with an opaque outline.</summary>
        FillAndContour,
    }

    /// <summary>A mask drawn over slices, on the same voxel grid as the image (any storage order).</summary>
    public sealed class MaskOverlay
    {
        public MaskOverlay(Mask3D mask, (byte R, byte G, byte B) color, OverlayStyle style = OverlayStyle.FillAndContour, double opacity = 0.35)
        {
            Mask = mask;
            Color = color;
            Style = style;
            Opacity = opacity;
        }

        public Mask3D Mask { get; }

        public (byte R, byte G, byte B) Color { get; }

        public OverlayStyle Style { get; }

        /// <summary>Opacity of the fill, 0-1.</summary>
        public double Opacity { get; }

        /// <summary>The brain mask as QC shows it: green outline and faint green fill.</summary>
        public static MaskOverlay Brain(Mask3D mask) => new MaskOverlay(mask, (40, 220, 60), OverlayStyle.FillAndContour, 0.18);

        /// <summary>The region a defacing removes: red translucent fill with an outline.</summary>
        public static MaskOverlay Removed(Mask3D mask) => new MaskOverlay(mask, (235, 40, 30), OverlayStyle.FillAndContour, 0.45);
    }
}
