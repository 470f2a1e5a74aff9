using System.Threading;

namespace Defacer.Engine.Deface.External
{
    /// <summary><c>fsl_deface &lt;in&gt; &lt;out&gt;</c> (FSL 6.0.1 or later): the face and ears are zeroed (<c>-binv -mul</c>).</summary>
    public sealed class FslDefaceMethod : ExternalToolMethod
    {
        public FslDefaceMethod(ExternalToolOptions options)
            : base("FslDeface", options)
        {
        }

        private protected override ToolCommand BuildCommand(ToolWorkspace ws, CancellationToken cancellationToken)
        {
            var output = ws.PathOf("defaced.nii.gz");
            return new ToolCommand(new[] { ws.InputPath, output }, output, RemovalRule.ZeroedVoxels);
        }
    }
}
