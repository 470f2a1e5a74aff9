using System;
using System.Collections.Generic;

namespace Defacer.Engine.Deface.External
{
    /// <summary>
    /// An external defacing tool cannot run here, or one run of it failed. Availability problems
    /// (<see cref="ExternalToolErrorKind.ToolMissing"/>, <see cref="ExternalToolErrorKind.AtlasMissing"/>,
    /// <see cref="ExternalToolErrorKind.EnvironmentMissing"/>, <see cref="ExternalToolErrorKind.InvalidOptions"/>)
    /// are raised before any file is touched; the others concern one image, whose original is never modified.
    /// </summary>
    public sealed class ExternalToolException : Exception
    {
        public ExternalToolException(
            string method,
            string tool,
            ExternalToolErrorKind kind,
            string message,
            string? imagePath = null,
            string? howToGet = null,
            int? exitCode = null,
            string? toolOutputTail = null,
            Exception? inner = null)
            : base(message, inner)
        {
            Method = method;
            Tool = tool;
            Kind = kind;
            // Empty strings (PowerShell turns $null into "") mean "none".
            ImagePath = string.IsNullOrEmpty(imagePath) ? null : imagePath;
            HowToGet = string.IsNullOrEmpty(howToGet) ? null : howToGet;
            ExitCode = exitCode;
            ToolOutputTail = string.IsNullOrEmpty(toolOutputTail) ? null : toolOutputTail;
        }

        /// <summary>The method name users typed, e.g. "MriDeface".</summary>
        public string Method { get; }

        /// <summary>The tool's executable name, e.g. "mri_deface".</summary>
        public string Tool { get; }

        public ExternalToolErrorKind Kind { get; }

        /// <summary>The image being defaced, for per-image failures; null for availability problems.</summary>
        public string? ImagePath { get; }

        /// <summary>How to install the tool (for availability problems).</summary>
        public string? HowToGet { get; }

        /// <summary>The tool's exit code when it ran to the end.</summary>
        public int? ExitCode { get; }

        /// <summary>The last lines the tool printed (stdout and stderr interleaved), when it ran.</summary>
        public string? ToolOutputTail { get; }

        /// <summary>True for problems found before any image is touched (tool, atlas, environment, options).</summary>
        public bool IsAvailabilityProblem =>
            Kind == ExternalToolErrorKind.ToolMissing || Kind == ExternalToolErrorKind.AtlasMissing ||
            Kind == ExternalToolErrorKind.EnvironmentMissing || Kind == ExternalToolErrorKind.InvalidOptions;

        /// <summary>The native methods this build can run (no external software); named in availability messages.</summary>
        public static IReadOnlyList<string> NativeAlternatives => ExternalToolCatalog.RunnableNativeMethods;
    }
}
