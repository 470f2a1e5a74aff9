using System.Reflection;
using Defacer.Engine.Deface;

namespace Defacer.Commands
{
    /// <summary>The module's version as the cmdlets record it (provenance, DeidentificationMethod): "0.1.0", without build metadata.</summary>
    internal static class ModuleVersion
    {
        /// <summary>The informational version of the engine assembly (stamped by the build from ModuleVersion).</summary>
        public static string Current
        {
            get
            {
                var assembly = typeof(DefacePipeline).Assembly;
                var info = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
                return info == null ? assembly.GetName().Version?.ToString() ?? "0.0.0" : info.Split('+')[0];
            }
        }
    }
}
