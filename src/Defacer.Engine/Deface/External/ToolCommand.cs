using System;
using System.Collections.Generic;
using System.IO;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Deface.External
{
    /// <summary>How the removed voxels are read from what a tool wrote.</summary>
    internal enum RemovalRule
    {
        /// <summary>Removed = non-zero in the input and zero (or NaN) in the defaced output.</summary>
        ZeroedVoxels,
        /// <summary>Removed = zeroed, or scaled below half the input (tools that multiply by an interpolated mask).</summary>
        AttenuatedVoxels,
        /// <summary>Removed = non-zero in the face mask the tool wrote (tools that replace rather than zero).</summary>
        FaceMask,
    }

    /// <summary>The private folder of one run, holding the copy of the image the tool works on.</summary>
    internal sealed class ToolWorkspace
    {
        public ToolWorkspace(string folder, string inputPath, Volume3D input, ToolProbeResult probe)
        {
            Folder = folder;
            InputPath = inputPath;
            Input = input;
            Probe = probe;
        }

        public string Folder { get; }

        /// <summary>The tool's input: a copy of the original, never the original itself.</summary>
        public string InputPath { get; }

        /// <summary>Volume 0 of the image, on the grid the result must be given on.</summary>
        public Volume3D Input { get; }

        public ToolProbeResult Probe { get; }

        /// <summary>A path in the work folder.</summary>
        public string PathOf(string fileName) => Path.Combine(Folder, fileName);
    }

    /// <summary>One tool invocation as an adapter defines it: arguments, expected outputs and how to read them.</summary>
    internal sealed class ToolCommand
    {
        public ToolCommand(IEnumerable<string> arguments, string outputPath, RemovalRule rule, string? faceMaskPath = null)
        {
            Arguments = new List<string>(arguments);
            OutputPath = outputPath;
            Rule = rule;
            FaceMaskPath = faceMaskPath;
            if (rule == RemovalRule.FaceMask && faceMaskPath == null)
            {
                throw new ArgumentException("A face-mask rule needs the mask's path.", nameof(faceMaskPath));
            }
        }

        /// <summary>Arguments after the tool's name, exactly as the tool receives them.</summary>
        public List<string> Arguments { get; }

        /// <summary>The defaced image the tool must write (.nii.gz; a .nii of the same stem is accepted too).</summary>
        public string OutputPath { get; }

        /// <summary>Other names the defaced image may have (versions that ignore the output argument), tried in order.</summary>
        public List<string> OutputFallbacks { get; } = new List<string>();

        /// <summary>The face mask the tool must write, for <see cref="RemovalRule.FaceMask"/>.</summary>
        public string? FaceMaskPath { get; }

        public RemovalRule Rule { get; }

        /// <summary>Extra variables for this run (inside the container too).</summary>
        public Dictionary<string, string?> Environment { get; } = new Dictionary<string, string?>(StringComparer.Ordinal);

        /// <summary>Host folders the tool reads (mounted read-only in a container), e.g. the atlas folder.</summary>
        public List<string> ReadOnlyFolders { get; } = new List<string>();

        /// <summary>The brain mask the tool was given, if any (QuickshearPython), reported as the result's brain.</summary>
        public Mask3D? Brain { get; set; }

        /// <summary>Facts for provenance specific to this adapter (mode, cost, buffer...).</summary>
        public Dictionary<string, object> Details { get; } = new Dictionary<string, object>(StringComparer.Ordinal);
    }
}
