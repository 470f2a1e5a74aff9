using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Defacer.Engine.Deface.External;

namespace Defacer.Commands
{
    /// <summary>
    /// <para>Lists the defacing methods, native and external, and whether each can run on this machine.</para>
    /// <para>Native methods (Quickshear, FaceMask) are built in and always available. External methods run an established
    /// tool (mri_deface, pydeface, quickshear, mridefacer, @afni_refacer_run, deepdefacer, fsl_deface, mideface). Each is
    /// probed the way Invoke-Deface finds it: -ToolPath first, then PATH, then the tool's usual home (FREESURFER_HOME/bin,
    /// FSLDIR/bin, AFNI_HOME or the folder of afni), or the container runtime when -Container is given. Available is
    /// true only when the program, the environment variables it needs (FSLDIR for FSL-based tools) and its atlases
    /// (mri_deface: talairach_mixed_with_skull.gca and face.gca) are all present; Reason lists what is missing.</para>
    /// </summary>
    /// <remarks>
    /// <para>Nothing is started and nothing is written. An unknown name without wildcards is a non-terminating error
    /// (DefaceMethodNotFound); a -Container that is neither docker://image nor an image file is terminating (InvalidContainer).</para>
    /// </remarks>
    /// <example><code>Get-DefaceMethod</code><para>Lists every method with Available and Reason.</para></example>
    /// <example><code>Get-DefaceMethod MriDeface -AtlasPath /opt/atlases | Format-List</code><para>Shows where mri_deface and its atlases were found, or why not.</para></example>
    /// <example><code>Get-DefaceMethod -Container docker://freesurfer/freesurfer:7.4.1 -Available</code><para>Methods that can run through docker with that image.</para></example>
    [Cmdlet(VerbsCommon.Get, "DefaceMethod")]
    [OutputType(typeof(DefaceMethodInfo))]
    public sealed class GetDefaceMethodCommand : PSCmdlet
    {
        private readonly List<DefaceMethodInfo> _all = new List<DefaceMethodInfo>();
        private ExternalToolOptions _options = new ExternalToolOptions();

        /// <summary>Method names to list (wildcards); all when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Method")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(DefaceMethodCompleter))]
        public string[]? Name { get; set; }

        /// <summary>A folder searched first for the tools (or for docker/apptainer with -Container), or one tool's executable.</summary>
        [Parameter]
        public string? ToolPath { get; set; }

        /// <summary>Probe as if the tools ran in this container: docker://image[:tag] or an apptainer .sif image.</summary>
        [Parameter]
        public string? Container { get; set; }

        /// <summary>Folder holding mri_deface's atlases (talairach_mixed_with_skull.gca, face.gca).</summary>
        [Parameter]
        public string? AtlasPath { get; set; }

        /// <summary>Only methods that can run here.</summary>
        [Parameter]
        public SwitchParameter Available { get; set; }

        protected override void BeginProcessing()
        {
            _options = new ExternalToolOptions
            {
                ToolPath = ToolPath == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ToolPath),
                AtlasPath = AtlasPath == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(AtlasPath),
                Container = Container,
            };
            if (Container != null && !Container.StartsWith("docker://", StringComparison.OrdinalIgnoreCase))
            {
                // An image file is a filesystem path: resolve it against the PowerShell location, not the process's.
                _options.Container = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Container);
            }
            if (_options.Container != null)
            {
                try
                {
                    ContainerSpec.Parse(_options.Container);
                }
                catch (ArgumentException e)
                {
                    ThrowTerminatingError(new ErrorRecord(e, "InvalidContainer", ErrorCategory.InvalidArgument, Container));
                }
            }
            _all.AddRange(ExternalToolCatalog.ListMethods(_options));
        }

        protected override void ProcessRecord()
        {
            if (Name == null || Name.Length == 0)
            {
                Emit(_all);
                return;
            }
            foreach (var name in Name)
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                var hits = _all.Where(m => pattern.IsMatch(m.Name)).ToList();
                if (hits.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                {
                    var e = new ItemNotFoundException($"No defacing method is named '{name}'. Methods: {string.Join(", ", ExternalToolCatalog.AllMethodNames)}.");
                    WriteError(new ErrorRecord(e, "DefaceMethodNotFound", ErrorCategory.ObjectNotFound, name));
                    continue;
                }
                Emit(hits);
            }
        }

        private void Emit(IEnumerable<DefaceMethodInfo> methods)
        {
            foreach (var m in methods)
            {
                if (!Available || m.Available)
                {
                    WriteObject(m);
                }
            }
        }
    }
}
