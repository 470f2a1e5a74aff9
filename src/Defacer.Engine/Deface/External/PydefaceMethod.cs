using System.Threading;

namespace Defacer.Engine.Deface.External
{
    /// <summary>
    /// <c>pydeface &lt;in&gt; --outfile &lt;out&gt; --force [--cost C]</c>. pydeface multiplies the image by a face mask
    /// warped with trilinear interpolation, so edge voxels are scaled rather than zeroed: voxels zeroed or scaled below
    /// half their value count as removed. (Its <c>--nocleanup</c> mask lands in the system temp folder under a
    /// version-dependent name, so it is not used.)
    /// </summary>
    public sealed class PydefaceMethod : ExternalToolMethod
    {
        public PydefaceMethod(ExternalToolOptions options, string? cost = null)
            : base("Pydeface", options)
        {
            Cost = string.IsNullOrWhiteSpace(cost) ? null : cost;
        }

        /// <summary>FLIRT cost function, or null for pydeface's default (mutualinfo).</summary>
        public string? Cost { get; }

        private protected override ToolCommand BuildCommand(ToolWorkspace ws, CancellationToken cancellationToken)
        {
            var output = ws.PathOf("defaced.nii.gz");
            var args = new System.Collections.Generic.List<string> { ws.InputPath, "--outfile", output, "--force" };
            if (Cost != null)
            {
                args.Add("--cost");
                args.Add(Cost);
            }
            var cmd = new ToolCommand(args, output, RemovalRule.AttenuatedVoxels);
            cmd.Details["Cost"] = Cost ?? "mutualinfo (tool default)";
            return cmd;
        }
    }
}
