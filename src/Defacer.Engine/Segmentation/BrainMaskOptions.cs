namespace Defacer.Engine.Segmentation
{
    /// <summary>Tuning of <see cref="BrainExtractor"/>. The defaults were chosen on adult T1w heads; every distance is in mm.</summary>
    public sealed class BrainMaskOptions
    {
        /// <summary>Voxel size in mm of the working grid for the heavy steps (finer images are block-averaged to it).</summary>
        public double WorkingVoxelMm { get; set; } = 2;

        /// <summary>Tissue within this depth under the head surface is never brain (scalp and skull are thicker than this).</summary>
        public double ScalpDepthMm { get; set; } = 7;

        /// <summary>Erosion radius that cuts the thin bridges (optic nerves, vessels, dura) between brain and other tissue.</summary>
        public double BridgeErosionMm { get; set; } = 5;

        /// <summary>Closing radius that turns the tissue mask into an envelope including sulcal CSF, as label maps and BET do.</summary>
        public double EnvelopeClosingMm { get; set; } = 6;

        /// <summary>
        /// Position of the tissue threshold between the dark (CSF, bone) and the brain tissue intensity, 0..1. Lower
        /// keeps more dark tissue. 0.5 is halfway between the CSF and grey matter levels estimated from the image.
        /// </summary>
        public double ThresholdFraction { get; set; } = 0.5;

        /// <summary>A copy.</summary>
        public BrainMaskOptions Clone() => (BrainMaskOptions)MemberwiseClone();
    }
}
