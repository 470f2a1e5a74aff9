using System.Threading;

namespace Defacer.Engine.Deface.External
{
    /// <summary>
    /// <c>mridefacer --apply --outdir &lt;dir&gt; &lt;in&gt;</c>: writes <c>&lt;dir&gt;/input.nii.gz</c> (the image multiplied by
    /// its binary face mask) and <c>&lt;dir&gt;/input_defacemask</c>. The removed voxels are the ones zeroed in the
    /// defaced image, which does not depend on the mask's polarity (versions differ in what the "defacemask" holds).
    /// </summary>
    public sealed class MriDefacerMethod : ExternalToolMethod
    {
        public MriDefacerMethod(ExternalToolOptions options)
            : base("MriDefacer", options)
        {
        }

        private protected override ToolCommand BuildCommand(ToolWorkspace ws, CancellationToken cancellationToken)
        {
            var outDir = ws.PathOf("out");
            System.IO.Directory.CreateDirectory(outDir);
            // mridefacer names its output after the input's base name (FSL remove_ext), in --outdir.
            var output = System.IO.Path.Combine(outDir, "input.nii.gz");
            return new ToolCommand(new[] { "--apply", "--outdir", outDir, ws.InputPath }, output, RemovalRule.ZeroedVoxels);
        }
    }
}
