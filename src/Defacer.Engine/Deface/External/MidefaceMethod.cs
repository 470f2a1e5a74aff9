using System.Threading;

namespace Defacer.Engine.Deface.External
{
    /// <summary>
    /// <c>mideface --i &lt;in&gt; --o &lt;out&gt; --facemask &lt;mask&gt;</c> (FreeSurfer 7.3 or later). mideface fills the face with
    /// the background mode rather than zero and adds a watermark, so the removal comes from the face mask it writes
    /// (non-zero = face), checked against the voxels its output zeroed. Names end in .nii.gz so FreeSurfer writes NIfTI.
    /// </summary>
    public sealed class MidefaceMethod : ExternalToolMethod
    {
        public MidefaceMethod(ExternalToolOptions options)
            : base("Mideface", options)
        {
        }

        private protected override ToolCommand BuildCommand(ToolWorkspace ws, CancellationToken cancellationToken)
        {
            var output = ws.PathOf("defaced.nii.gz");
            var mask = ws.PathOf("facemask.nii.gz");
            return new ToolCommand(new[] { "--i", ws.InputPath, "--o", output, "--facemask", mask }, output, RemovalRule.FaceMask, mask);
        }
    }
}
