namespace Defacer.Engine.Rendering
{
    /// <summary>
    /// Slice orientations of <see cref="SliceRenderer"/>, taken in the canonical (nearest-RAS) frame.
    /// Screen layout in the default neurological convention: axial = seen from above, anterior up, subject's left on
    /// screen left; coronal = seen from behind, superior up, subject's left on screen left; sagittal = seen from the
    /// subject's left, superior up, anterior on screen left (as <see cref="SurfaceView.Left"/>). The radiological
    /// convention mirrors axial and coronal slices (subject's right on screen left).
    /// </summary>
    public enum SlicePlane
    {
        /// <summary>Perpendicular to superior-inferior.</summary>
        Axial,

        /// <summary>Perpendicular to anterior-posterior.</summary>
        Coronal,

        /// <summary>Perpendicular to left-right.</summary>
        Sagittal,
    }
}
