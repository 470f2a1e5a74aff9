using System.Collections.Generic;
using System.Linq;

namespace Defacer.Engine.Quality
{
    /// <summary>The answer of <see cref="FacePresenceDetector"/> for one image, with the landmarks it used.</summary>
    public sealed class FacePresenceResult
    {
        internal FacePresenceResult(IReadOnlyList<FaceFeatureEvidence> features, double vertexZ, double foreheadY, double midlineX, double headLengthMm, long headVoxels, double topCutAreaMm2 = 0)
        {
            TopCutAreaMm2 = topCutAreaMm2;
            Features = features;
            VertexZ = vertexZ;
            ForeheadY = foreheadY;
            MidlineX = midlineX;
            HeadLengthMm = headLengthMm;
            HeadVoxels = headVoxels;
        }

        /// <summary>
        /// True when an identifying feature remains: the eyes or the nose, or both the mouth and the chin. A lone chin
        /// or lower lip edge (which plane cuts often keep) does not make a recognisable face.
        /// </summary>
        public bool FacePresent
        {
            get
            {
                return Is(FaceFeature.Eyes) || Is(FaceFeature.Nose) || (Is(FaceFeature.Mouth) && Is(FaceFeature.Chin));
            }
        }

        /// <summary>True when no feature could be judged (all outside the field of view, or no head found).</summary>
        public bool Undetermined => Features.All(f => f.State == FeatureState.OutsideFieldOfView);

        /// <summary>Per-feature verdicts and evidence, in the order eyes, nose, mouth, chin.</summary>
        public IReadOnlyList<FaceFeatureEvidence> Features { get; }

        /// <summary>The features found present.</summary>
        public IEnumerable<FaceFeature> PresentFeatures => Features.Where(f => f.State == FeatureState.Present).Select(f => f.Feature);

        /// <summary>World z (mm) of the top of the head.</summary>
        public double VertexZ { get; }

        /// <summary>World y (mm) of the forehead plane (most anterior head tissue of the upper cranium).</summary>
        public double ForeheadY { get; }

        /// <summary>World x (mm) of the head's midline.</summary>
        public double MidlineX { get; }

        /// <summary>Anterior-posterior length (mm) of the upper cranium; the regions scale with it.</summary>
        public double HeadLengthMm { get; }

        /// <summary>
        /// Area (mm²) of head tissue on the upper faces of the image's field of view: large when the field of view
        /// cuts the top of the head off (axial slabs), where the vertex and so every feature band are estimated too low.
        /// </summary>
        public double TopCutAreaMm2 { get; }

        /// <summary>Head tissue over more than <see cref="FacePresenceDetector.TopCutLimitMm2"/> lies on the upper faces of the field of view.</summary>
        public bool TopCut => TopCutAreaMm2 > FacePresenceDetector.TopCutLimitMm2;

        /// <summary>Voxels in the head mask.</summary>
        public long HeadVoxels { get; }

        /// <summary>The evidence of one feature.</summary>
        public FaceFeatureEvidence this[FaceFeature feature] => Features.First(f => f.Feature == feature);

        private bool Is(FaceFeature feature) => this[feature].State == FeatureState.Present;

        public override string ToString() =>
            (Undetermined ? "Face: undetermined" : FacePresent ? "Face present" : "Face absent") + " [" + string.Join("; ", Features.Select(f => f.Feature + "=" + f.State)) + "]";
    }
}
