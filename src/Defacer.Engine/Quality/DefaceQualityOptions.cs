namespace Defacer.Engine.Quality
{
    /// <summary>
    /// Thresholds of <see cref="DefaceQualityChecker"/>. Defaults are strict where sharing is at stake (any brain
    /// voxel changed fails; any face feature still standing fails) and lenient where a change is only worth a look.
    /// </summary>
    public sealed class DefaceQualityOptions
    {
        /// <summary>Brain voxels (brain mask of the original) allowed to change before the image fails. Default 0: any change counts.</summary>
        public long MaxBrainVoxelsChanged { get; set; }

        /// <summary>Below this percentage of the face region removed, the verdict is at least Warn.</summary>
        public double WarnFaceRemovedPercent { get; set; } = 50;

        /// <summary>Above this percentage of head voxels changed outside the face region and the brain, the verdict is at least Warn.</summary>
        public double WarnOutsideChangedPercent { get; set; } = 40;

        /// <summary>When false, a header that differs from the original's only warns.</summary>
        public bool FailOnHeaderChange { get; set; }

        /// <summary>Write PNG pictures (surface renders and slices) for each image.</summary>
        public bool Pictures { get; set; } = true;

        /// <summary>Edge length in pixels the surface renders aim for.</summary>
        public int RenderSize { get; set; } = 256;
    }
}
