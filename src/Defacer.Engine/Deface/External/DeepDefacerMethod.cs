using System.Threading;

namespace Defacer.Engine.Deface.External
{
    /// <summary>
    /// <c>deepdefacer --input_file &lt;in&gt; --defaced_output_path &lt;out&gt;</c>. The U-Net's keep-mask is multiplied in, so
    /// the removed voxels are the ones zeroed. Runs with the work folder as current directory (some versions write
    /// there regardless of the output path).
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
            return new ToolCommand(new[] { "--input_file", ws.InputPath, "--defaced_output_path", output }, output, RemovalRule.ZeroedVoxels);
        }
    }
}
