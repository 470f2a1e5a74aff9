using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace Defacer.Engine.Deface.External
{
    /// <summary>
    /// FreeSurfer <c>mri_deface &lt;in&gt; talairach_mixed_with_skull.gca face.gca &lt;out&gt;</c>. mri_deface registers an
    /// 8-bit conformed copy but applies the face mask to the original volume (fill 0), so the removed voxels are the
    /// ones it zeroed; should a build write the conformed grid instead, the output is resampled back.
    /// </summary>
    public sealed class MriDefaceMethod : ExternalToolMethod
    {
        /// <summary>The brain and face atlases, in argument order.</summary>
        public static IReadOnlyList<string> AtlasFiles { get; } = new[] { "talairach_mixed_with_skull.gca", "face.gca" };

        public MriDefaceMethod(ExternalToolOptions options)
            : base("MriDeface", options)
        {
        }

        private protected override ToolCommand BuildCommand(ToolWorkspace ws, CancellationToken cancellationToken)
        {
            var atlases = ws.Probe.AtlasFolder!;
            var output = ws.PathOf("defaced.nii.gz");
            var cmd = new ToolCommand(
                new[] { ws.InputPath, Path.Combine(atlases, AtlasFiles[0]), Path.Combine(atlases, AtlasFiles[1]), output },
                output,
                RemovalRule.ZeroedVoxels);
            cmd.ReadOnlyFolders.Add(atlases);
            cmd.Details["AtlasFolder"] = atlases;
            return cmd;
        }
    }
}
