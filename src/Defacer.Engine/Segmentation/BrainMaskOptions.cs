namespace Defacer.Engine.Segmentation
{
    /// <summary>Tuning of <see cref="BrainExtractor"/>. The defaults were chosen on adult T1w heads; every distance is in mm.</summary>
    public sealed class BrainMaskOptions
    {
        /// <summary>Voxel size in mm of the working grid (finer images are block-averaged to it).</summary>
        public double WorkingVoxelMm { get; set; } = 2;

        /// <summary>BET's fractional intensity threshold, 0..1: smaller values give larger brain outlines (default 0.5).</summary>
        public double FractionalThreshold { get; set; } = 0.5;

        /// <summary>Number of surface evolution steps (default 500: from the 40 mm start sphere the surface settles within about 300; BET uses 1000).</summary>
        public int Iterations { get; set; } = 500;

        /// <summary>Radius in mm of the starting sphere, placed at the centre of the upper, deep part of the head (default 40).</summary>
        public double InitialRadiusMm { get; set; } = 40;

        /// <summary>
        /// The brain surface stays at least this deep under the head surface (default 6 mm): scalp plus skull is thicker
        /// than that everywhere, and the limit stops a leak through a thin or bright skull into the scalp.
        /// </summary>
        public double MinimumScalpDepthMm { get; set; } = 6;

        /// <summary>A copy.</summary>
        public BrainMaskOptions Clone() => (BrainMaskOptions)MemberwiseClone();
    }
}
