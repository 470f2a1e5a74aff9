using System.Threading;

namespace Defacer.Engine.Deface.External
{
    /// <summary>
    /// <c>@afni_refacer_run -input &lt;in&gt; -prefix &lt;dir&gt;/defaced.nii.gz -mode_deface|-mode_reface|-mode_reface_plus -no_images</c>.
    /// AFNI writes the shell it used beside the output (<c>defaced.face.nii.gz</c>, or <c>defaced.face_plus.nii.gz</c> for
    /// reface_plus); every non-zero shell voxel is zeroed or replaced by AFNI, so the shell is the removal mask, checked
    /// against the zeros of the defaced image. <c>-no_images</c> skips the QC montages (they need a display and are not used).
    /// Our pipeline fills the removed region (zero or its own fill); AFNI's synthetic face is not carried over.
    /// </summary>
    public sealed class AfniRefacerMethod : ExternalToolMethod
    {
        public AfniRefacerMethod(ExternalToolOptions options, AfniRefacerMode mode = AfniRefacerMode.Deface)
            : base("AfniRefacer", options)
        {
            Mode = mode;
        }

        public AfniRefacerMode Mode { get; }

        /// <summary>The tool's mode switch for <paramref name="mode"/>.</summary>
        public static string ModeSwitch(AfniRefacerMode mode) => mode switch
        {
            AfniRefacerMode.Reface => "-mode_reface",
            AfniRefacerMode.RefacePlus => "-mode_reface_plus",
            _ => "-mode_deface",
        };

        private protected override ToolCommand BuildCommand(ToolWorkspace ws, CancellationToken cancellationToken)
        {
            var output = ws.PathOf("defaced.nii.gz");
            var mask = ws.PathOf(Mode == AfniRefacerMode.RefacePlus ? "defaced.face_plus.nii.gz" : "defaced.face.nii.gz");
            var cmd = new ToolCommand(
                new[] { "-input", ws.InputPath, "-prefix", output, ModeSwitch(Mode), "-no_images" },
                output,
                RemovalRule.FaceMask,
                mask);
            cmd.Details["AfniMode"] = Mode.ToString();
            return cmd;
        }
    }
}
