namespace Defacer.Engine.Quality
{
    /// <summary>The outcome of a quality check on one image.</summary>
    public enum QualityVerdict
    {
        /// <summary>Every check passed.</summary>
        Pass,

        /// <summary>Usable, but something deserves a look.</summary>
        Warn,

        /// <summary>A check failed: the image must not be shared as it is.</summary>
        Fail,
    }
}
