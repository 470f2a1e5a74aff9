using System;
using System.Collections.Generic;

namespace Defacer.Engine.Deface.External
{
    /// <summary>
    /// Where and how external tools run: search paths, container, atlases, timeout, environment and logging.
    /// Shared by availability probes and runs, so what <c>Get-DefaceMethod</c> reports is what <c>Invoke-Deface</c> uses.
    /// </summary>
    public sealed class ExternalToolOptions
    {
        /// <summary>
        /// A folder searched first for the tool (and, with <see cref="Container"/>, for the container runtime),
        /// or the tool's executable itself.
        /// </summary>
        public string? ToolPath { get; set; }

        /// <summary>
        /// Run the tool inside a container: <c>docker://image[:tag]</c>, or the path of an apptainer/singularity image
        /// (<c>.sif</c>). The tool is then looked up on the image's PATH.
        /// </summary>
        public string? Container { get; set; }

        /// <summary>Folder holding atlases (mri_deface: talairach_mixed_with_skull.gca and face.gca).</summary>
        public string? AtlasPath { get; set; }

        /// <summary>Longest a tool may run on one image before its process tree is killed. Default one hour.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(1);

        /// <summary>
        /// Environment variables that override the process environment, both for finding tools (PATH, FREESURFER_HOME,
        /// FSLDIR, AFNI_HOME) and for the tool's process. A null value unsets the variable.
        /// </summary>
        public IDictionary<string, string?> EnvironmentOverrides { get; set; } = new Dictionary<string, string?>(StringComparer.Ordinal);

        /// <summary>
        /// Receives every line the tool prints ("stdout: ..." / "stderr: ..."), for -Verbose. Called from reader threads,
        /// one call at a time; it must not block for long.
        /// </summary>
        public Action<string>? OutputLine { get; set; }

        /// <summary>Parent folder of the private per-run work folders; the system temp folder when null.</summary>
        public string? TempRoot { get; set; }

        /// <summary>Keep the per-run work folder (for debugging a tool); it is deleted by default.</summary>
        public bool KeepWorkFolder { get; set; }

        /// <summary>A shallow copy (the dictionary is copied too).</summary>
        public ExternalToolOptions Clone()
        {
            var copy = (ExternalToolOptions)MemberwiseClone();
            copy.EnvironmentOverrides = new Dictionary<string, string?>(EnvironmentOverrides, StringComparer.Ordinal);
            return copy;
        }
    }
}
