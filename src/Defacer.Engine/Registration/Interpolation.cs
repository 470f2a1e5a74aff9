namespace Defacer.Engine.Registration
{
    /// <summary>How a resampler reads a value between voxel centres.</summary>
    public enum Interpolation
    {
        /// <summary>The value of the nearest voxel centre (labels, masks).</summary>
        NearestNeighbour,

        /// <summary>Trilinear interpolation of the eight surrounding voxel centres.</summary>
        Linear,
    }
}
