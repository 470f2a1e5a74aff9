using System.Threading;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Deface.External
{
    /// <summary>
    /// A method that works best from the image file itself (external tools read files, and a byte copy of the
    /// original keeps its datatype and header for the tool). The pipeline calls this overload instead of
    /// <see cref="IDefaceMethod.ComputeRemovalMask"/> when a method implements it. The file is only read, never written.
    /// </summary>
    public interface IFileAwareDefaceMethod
    {
        /// <summary>
        /// Computes the removal mask for <paramref name="firstVolume"/> (volume 0 of the file at
        /// <paramref name="originalPath"/>, as the pipeline read it), on that volume's grid.
        /// </summary>
        /// <exception cref="ExternalToolException">The tool is missing, failed, timed out, or wrote no usable output.</exception>
        /// <exception cref="System.OperationCanceledException">Cancelled; the tool's process tree was killed.</exception>
        DefaceMaskResult ComputeRemovalMask(string originalPath, Volume3D firstVolume, CancellationToken cancellationToken);
    }
}
