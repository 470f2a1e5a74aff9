using System.Threading;

namespace Defacer.Engine.Deface.External
{
    /// <summary>
    /// <c>deepdefacer --input_file &lt;in&gt; --defaced_output_path &lt;out&gt;</c>. The U-Net's keep-mask is multiplied in, so
    /// the removed voxels are the ones zeroed. Runs with the work folder as current directory, and accepts
    /// <c>input_defaced.nii.gz</c> there too: some versions write <c>&lt;basename&gt;_defaced.nii.gz</c> into the current
    /// directory regardless of the output path (peers.md 2.7).
    /// </summary>
    public sealed class DeepDefacerMethod : ExternalToolMethod
    {
        public DeepDefacerMethod(ExternalToolOptions options)
            : base("DeepDefacer", options)
        {
        }

        private protected override ToolCommand BuildCommand(ToolWorkspace ws, CancellationToken cancellationToken)
        {
            var output = ws.PathOf("defaced.nii.gz");
            var cmd = new ToolCommand(new[] { "--input_file", ws.InputPath, "--defaced_output_path", output }, output, RemovalRule.ZeroedVoxels);
            // Some versions write <basename>_defaced.nii.gz into the current directory whatever the output path says.
            cmd.OutputFallbacks.Add(ws.PathOf("input_defaced.nii.gz"));
            return cmd;
        }
    }
}
