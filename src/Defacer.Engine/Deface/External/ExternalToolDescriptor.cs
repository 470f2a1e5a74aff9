using System;
using System.Collections.Generic;

namespace Defacer.Engine.Deface.External
{
    /// <summary>
    /// Everything the catalog knows about one external method: the executable, where it usually lives, what else it
    /// needs, and how to get it. Probing uses only this, without starting anything.
    /// </summary>
    public sealed class ExternalToolDescriptor
    {
        internal ExternalToolDescriptor(
            string method,
            string executable,
            string description,
            string howToGet,
            Func<ExternalToolOptions, ExternalMethodSettings, ExternalToolMethod> factory)
        {
            Method = method;
            Executable = executable;
            Description = description;
            HowToGet = howToGet;
            Factory = factory;
        }

        /// <summary>The name users pass to <c>-Method</c>.</summary>
        public string Method { get; }

        /// <summary>The program that is run, e.g. "mri_deface".</summary>
        public string Executable { get; }

        /// <summary>One line: what the tool does.</summary>
        public string Description { get; }

        /// <summary>How to install it (package, URL), shown when it is missing.</summary>
        public string HowToGet { get; }

        /// <summary>Environment variables whose folder (plus a subfolder) usually holds the executable, e.g. FREESURFER_HOME/bin.</summary>
        public IReadOnlyList<(string Variable, string SubFolder)> HomeFolders { get; internal set; } = Array.Empty<(string, string)>();

        /// <summary>Programs whose folder (found on PATH) also holds the executable, e.g. AFNI's "afni".</summary>
        public IReadOnlyList<string> SiblingOf { get; internal set; } = Array.Empty<string>();

        /// <summary>Variables the tool itself needs set, with the reason, e.g. FSLDIR for FSL-based tools (host runs only).</summary>
        public IReadOnlyList<(string Variable, string Why)> RequiredVariables { get; internal set; } = Array.Empty<(string, string)>();

        /// <summary>Atlas files that must be in one folder (from -AtlasPath or <see cref="AtlasHome"/>).</summary>
        public IReadOnlyList<string> Atlases { get; internal set; } = Array.Empty<string>();

        /// <summary>Where the atlases are by default: variable and subfolder, e.g. FREESURFER_HOME/average.</summary>
        public (string Variable, string SubFolder)? AtlasHome { get; internal set; }

        /// <summary>Variables set for the tool's process (inside the container too), e.g. FSLOUTPUTTYPE=NIFTI_GZ.</summary>
        public IReadOnlyDictionary<string, string?> ToolVariables { get; internal set; } = new Dictionary<string, string?>();

        internal Func<ExternalToolOptions, ExternalMethodSettings, ExternalToolMethod> Factory { get; }
    }
}
