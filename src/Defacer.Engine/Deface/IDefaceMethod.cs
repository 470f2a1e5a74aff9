using System.Threading;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Deface
{
    /// <summary>
    /// A defacing algorithm reduced to its essence: given one 3D volume (in the image's own storage order and
    /// affine), decide which voxels are face. Everything else (reading, 4D, fill, backups, atomic writes,
    /// provenance) is done once by the pipeline, so every method is equally safe.
    /// </summary>
    public interface IDefaceMethod
    {
        /// <summary>The name users pass to <c>Invoke-Deface -Method</c>, e.g. "Quickshear".</summary>
        string Name { get; }

        /// <summary>
        /// Computes the removal mask on the grid of <paramref name="volume"/> (same shape and affine).
        /// Must be a pure function of the volume and the method's parameters: same input, same mask.
        /// </summary>
        DefaceMaskResult ComputeRemovalMask(Volume3D volume, CancellationToken cancellationToken);
    }
}
