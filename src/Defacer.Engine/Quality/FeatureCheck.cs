namespace Defacer.Engine.Quality
{
    /// <summary>One facial feature before and after defacing.</summary>
    public sealed class FeatureCheck
    {
        public FeatureCheck(FaceFeature feature, FeatureState before, FeatureState? after, double removedPercent, double minimumRemovedPercent = 0)
        {
            Feature = feature;
            Before = before;
            After = after;
            RemovedPercent = removedPercent;
            MinimumRemovedPercent = minimumRemovedPercent;
        }

        public FaceFeature Feature { get; }

        /// <summary>What the face detector says of the original (or of the audited image).</summary>
        public FeatureState Before { get; }

        /// <summary>What it says of the defaced image; null in an audit without an original.</summary>
        public FeatureState? After { get; }

        /// <summary>Percentage of the original's head voxels in the feature's region that defacing changed (NaN in an audit).</summary>
        public double RemovedPercent { get; }

        /// <summary>Below this percentage removed, a feature that was present counts as remaining.</summary>
        public double MinimumRemovedPercent { get; }

        /// <summary>
        /// True when the feature was there before and is still there: the detector still finds it on the defaced image,
        /// or too little of its region was removed. The second test catches pieces the detector cannot see, such as a
        /// nose tip left floating once the tissue around it is gone (the detector reads the connected head only).
        /// </summary>
        public bool Remains => After.HasValue
            ? Before == FeatureState.Present && (After.Value == FeatureState.Present || RemovedPercent < MinimumRemovedPercent)
            : Before == FeatureState.Present;

        public override string ToString() => $"{Feature}: {Before} -> {(After.HasValue ? After.Value.ToString() : "n/a")} ({RemovedPercent:0.#}% removed)";
    }
}
