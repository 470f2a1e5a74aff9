using System.Collections.Generic;

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

        /// <summary>
        /// Per feature, the percentage of its region that must be removed; less and a feature present in the original
        /// counts as remaining, even when the detector no longer sees it (a nose tip left floating). The eye region
        /// includes the brows, which plane cuts often keep, so it asks less; the nose, the most telling 3D feature, most.
        /// </summary>
        public IDictionary<FaceFeature, double> MinFeatureRemovedPercent { get; } = new Dictionary<FaceFeature, double>
        {
            [FaceFeature.Eyes] = 40,
            [FaceFeature.Nose] = 75,
            [FaceFeature.Mouth] = 60,
            [FaceFeature.Chin] = 50,
        };

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
