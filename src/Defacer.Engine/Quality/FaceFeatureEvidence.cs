namespace Defacer.Engine.Quality
{
    /// <summary>The measurements behind one feature's verdict, so a reader can check it.</summary>
    public sealed class FaceFeatureEvidence
    {
        internal FaceFeatureEvidence(FaceFeature feature, FeatureState state, double protrusionMm, double requiredProtrusionMm,
            double filledFraction, double requiredFilledFraction, long headVoxels, long regionVoxels, double fieldOfViewCoverage,
            (double XMin, double XMax, double YMin, double YMax, double ZMin, double ZMax) region)
        {
            Feature = feature;
            State = state;
            ProtrusionMm = protrusionMm;
            RequiredProtrusionMm = requiredProtrusionMm;
            FilledFraction = filledFraction;
            RequiredFilledFraction = requiredFilledFraction;
            HeadVoxels = headVoxels;
            RegionVoxels = regionVoxels;
            FieldOfViewCoverage = fieldOfViewCoverage;
            Region = region;
        }

        public FaceFeature Feature { get; }

        public FeatureState State { get; }

        /// <summary>
        /// How far (mm) head tissue reaches anterior of the forehead plane in the feature's columns and levels
        /// (median over columns, best level); negative = behind it. Negative infinity when there is no tissue at all.
        /// </summary>
        public double ProtrusionMm { get; }

        /// <summary>The protrusion a present feature reaches (scaled to this head's size).</summary>
        public double RequiredProtrusionMm { get; }

        /// <summary>Fraction of the region's in-image voxels that are head tissue.</summary>
        public double FilledFraction { get; }

        /// <summary>The filled fraction a present feature reaches.</summary>
        public double RequiredFilledFraction { get; }

        /// <summary>Head voxels inside the region.</summary>
        public long HeadVoxels { get; }

        /// <summary>Image voxels inside the region (those in the field of view).</summary>
        public long RegionVoxels { get; }

        /// <summary>Fraction of the region's volume inside the field of view (0-1).</summary>
        public double FieldOfViewCoverage { get; }

        /// <summary>The region searched, world RAS mm.</summary>
        public (double XMin, double XMax, double YMin, double YMax, double ZMin, double ZMax) Region { get; }

        public override string ToString() =>
            string.Format(System.Globalization.CultureInfo.InvariantCulture,
                "{0}: {1} (protrusion {2:0.#} mm, needs {3:0.#}; filled {4:P0} of {5} voxels, needs {6:P0}; in FOV {7:P0})",
                Feature, State, ProtrusionMm, RequiredProtrusionMm, FilledFraction, RegionVoxels, RequiredFilledFraction, FieldOfViewCoverage);
    }
}
