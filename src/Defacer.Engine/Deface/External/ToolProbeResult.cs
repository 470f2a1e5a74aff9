using System.Collections.Generic;
using System.Linq;

namespace Defacer.Engine.Deface.External
{
    /// <summary>Whether an external method can run here, and what was found (executable, container runtime, atlases).</summary>
    public sealed class ToolProbeResult
    {
        internal ToolProbeResult(ExternalToolDescriptor descriptor, ContainerSpec? container)
        {
            Descriptor = descriptor;
            Container = container;
        }

        public ExternalToolDescriptor Descriptor { get; }

        /// <summary>The container the tool runs in, or null for a host run.</summary>
        public ContainerSpec? Container { get; }

        /// <summary>Host path of the tool (host run), or the tool's name looked up inside the container.</summary>
        public string? ExecutablePath { get; internal set; }

        /// <summary>Host path of docker/apptainer (container run).</summary>
        public string? RuntimePath { get; internal set; }

        /// <summary>The folder the atlases were found in, when the tool needs atlases.</summary>
        public string? AtlasFolder { get; internal set; }

        internal List<(ExternalToolErrorKind Kind, string Reason)> Problems { get; } = new List<(ExternalToolErrorKind, string)>();

        /// <summary>True when nothing is missing.</summary>
        public bool Available => Problems.Count == 0;

        /// <summary>Every problem found, joined with "; "; empty when available.</summary>
        public string Reason => string.Join("; ", Problems.Select(p => p.Reason));

        /// <summary>The kind of the first problem (tool before environment before atlas), when not available.</summary>
        public ExternalToolErrorKind? FirstProblem => Problems.Count == 0 ? (ExternalToolErrorKind?)null : Problems[0].Kind;

        /// <summary>The program actually started: the container runtime, or the tool itself.</summary>
        public string? LaunchPath => Container != null ? RuntimePath : ExecutablePath;
    }
}
