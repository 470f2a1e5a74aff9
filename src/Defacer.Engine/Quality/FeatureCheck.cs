namespace Defacer.Engine.Quality
{
    /// <summary>One facial feature before and after defacing.</summary>
    public sealed class FeatureCheck
    {
        public FeatureCheck(FaceFeature feature, FeatureState before, FeatureState? after, double removedPercent)
        {
            Feature = feature;
            Before = before;
            After = after;
            RemovedPercent = removedPercent;
        }

        public FaceFeature Feature { get; }

        /// <summary>What the face detector says of the original (or of the audited image).</summary>
        public FeatureState Before { get; }

        /// <summary>What it says of the defaced image; null in an audit without an original.</summary>
        public FeatureState? After { get; }

        /// <summary>Percentage of the original's head voxels in the feature's region that defacing changed (NaN in an audit).</summary>
        public double RemovedPercent { get; }

        /// <summary>True when the feature was there before and is still there.</summary>
        public bool Remains => After.HasValue
            ? Before == FeatureState.Present && After.Value == FeatureState.Present
            : Before == FeatureState.Present;

        public override string ToString() => $"{Feature}: {Before} -> {(After.HasValue ? After.Value.ToString() : "n/a")}";
    }
}
