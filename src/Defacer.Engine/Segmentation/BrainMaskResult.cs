using Defacer.Engine.Volumes;

namespace Defacer.Engine.Segmentation
{
    /// <summary>What <see cref="BrainExtractor.ComputeCanonical"/> found, on the canonical grid it was given.</summary>
    public sealed class BrainMaskResult
    {
        public BrainMaskResult(Mask3D brain, Mask3D head, double threshold, double darkLevel, double tissueLevel)
        {
            Brain = brain;
            Head = head;
            Threshold = threshold;
            DarkLevel = darkLevel;
            TissueLevel = tissueLevel;
        }

        /// <summary>The brain envelope (brain, sulcal CSF, ventricles).</summary>
        public Mask3D Brain { get; }

        /// <summary>The head (everything but the air around it).</summary>
        public Mask3D Head { get; }

        /// <summary>The tissue threshold used, in image intensity units.</summary>
        public double Threshold { get; }

        /// <summary>The dark level (5th percentile inside the head).</summary>
        public double DarkLevel { get; }

        /// <summary>The tissue level (median deep inside the head).</summary>
        public double TissueLevel { get; }
    }
}
