namespace Defacer.Engine.Quality
{
    /// <summary>The facial features <see cref="FacePresenceDetector"/> looks for.</summary>
    public enum FaceFeature
    {
        Eyes,
        Nose,
        Mouth,
        Chin,
    }

    /// <summary>What the detector concluded for one feature.</summary>
    public enum FeatureState
    {
        /// <summary>Head tissue fills the feature's expected region.</summary>
        Present,

        /// <summary>The region is in the field of view but (nearly) empty.</summary>
        Absent,

        /// <summary>Too little of the region is inside the image to decide (cropped field of view).</summary>
        OutsideFieldOfView,
    }
}
