using System;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Segmentation
{
    /// <summary>What <see cref="BrainExtractor.ComputeCanonical"/> found, on the canonical grid it was given.</summary>
    public sealed class BrainMaskResult
    {
        private readonly Lazy<Mask3D> _head;

        public BrainMaskResult(Mask3D brain, Mask3D head, double threshold, double darkLevel, double tissueLevel)
            : this(brain, () => head, threshold, darkLevel, tissueLevel)
        {
        }

        /// <summary>Creates a result whose head mask is computed on first use (interpolating it to full resolution costs time).</summary>
        public BrainMaskResult(Mask3D brain, Func<Mask3D> head, double threshold, double darkLevel, double tissueLevel)
        {
            Brain = brain;
            _head = new Lazy<Mask3D>(head);
            Threshold = threshold;
            DarkLevel = darkLevel;
            TissueLevel = tissueLevel;
        }

        /// <summary>The brain envelope (brain, sulcal CSF, ventricles), on the canonical grid.</summary>
        public Mask3D Brain { get; }

        /// <summary>The head (everything but the air around it), on the canonical grid; interpolated on first use.</summary>
        public Mask3D Head => _head.Value;

        /// <summary>BET's background threshold t = t2 + 10% of (t98 - t2), in image intensity units.</summary>
        public double Threshold { get; }

        /// <summary>BET's robust minimum t2 (2nd percentile of the bias-corrected working image).</summary>
        public double DarkLevel { get; }

        /// <summary>True when the image looked skull-stripped (no scalp over the brain), so the brain is the head mask.</summary>
        public bool SkullStripped { get; internal set; }

        /// <summary>BET's tm: median intensity inside the starting sphere (brain tissue).</summary>
        public double TissueLevel { get; }
    }
}
