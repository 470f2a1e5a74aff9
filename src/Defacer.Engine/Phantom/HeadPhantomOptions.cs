namespace Defacer.Engine.Phantom
{
    /// <summary>
    /// How to sample the built-in head phantom: voxel size, storage orientation, obliquity, noise.
    /// The head itself is fixed in world space (RAS mm, brain centre near the origin); these options only
    /// choose the grid it is sampled on, so copies made with different options show the same anatomy.
    /// </summary>
    public sealed class HeadPhantomOptions
    {
        /// <summary>Voxel size in mm along voxel axis 0 (default 2).</summary>
        public double VoxelSizeX { get; set; } = 2;

        /// <summary>Voxel size in mm along voxel axis 1 (default 2).</summary>
        public double VoxelSizeY { get; set; } = 2;

        /// <summary>Voxel size in mm along voxel axis 2 (default 2).</summary>
        public double VoxelSizeZ { get; set; } = 2;

        /// <summary>
        /// Storage order as a nibabel axis code ("RAS", "LPS", "PSR", "PIR", "ASL", ...): voxel axis i runs towards the
        /// i-th letter. Voxel sizes apply to voxel axes, so "PSR" with VoxelSizeZ = 5 gives 5 mm along R.
        /// </summary>
        public string Orientation { get; set; } = "RAS";

        /// <summary>Rotation of the grid about the world L-R axis (pitch), in degrees, to make oblique images.</summary>
        public double PitchDegrees { get; set; }

        /// <summary>Rotation of the grid about the world A-P axis (roll), in degrees.</summary>
        public double RollDegrees { get; set; }

        /// <summary>Rotation of the grid about the world S-I axis (yaw), in degrees.</summary>
        public double YawDegrees { get; set; }

        /// <summary>Standard deviation of the Gaussian noise added to both channels of the magnitude signal,
        /// as a fraction of the white-matter intensity (default 0.02; 0 disables noise).</summary>
        public double NoiseFraction { get; set; } = 0.02;

        /// <summary>Multiplies every intensity, to test that algorithms do not depend on the intensity scale.</summary>
        public double IntensityScale { get; set; } = 1;

        /// <summary>Seed of the noise. Same seed and options, same image, byte for byte.</summary>
        public int Seed { get; set; } = 1;

        /// <summary>Strength of the smooth multiplicative bias field (intensity non-uniformity), 0 to disable (default 0.1 = ±10%).</summary>
        public double BiasFieldAmplitude { get; set; } = 0.1;

        /// <summary>Extra field of view in mm added around the head on every side (default 8).</summary>
        public double MarginMm { get; set; } = 8;

        /// <summary>A copy of these options.</summary>
        public HeadPhantomOptions Clone() => (HeadPhantomOptions)MemberwiseClone();
    }
}
