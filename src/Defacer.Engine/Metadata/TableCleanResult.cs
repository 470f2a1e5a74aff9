using System.Collections.Generic;

namespace Defacer.Engine.Metadata
{
    /// <summary>The outcome of cleaning (or inspecting) one TSV table.</summary>
    public sealed class TableCleanResult
    {
        internal TableCleanResult(byte[] content, bool changed, IReadOnlyList<MetadataFinding> findings, IReadOnlyList<string> removed, IReadOnlyList<string> changes)
        {
            Content = content;
            Changed = changed;
            Findings = findings;
            Removed = removed;
            Changes = changes;
        }

        /// <summary>The new file bytes (the original array when nothing changed or when only inspecting).</summary>
        public byte[] Content { get; }

        /// <summary>True when the table changed.</summary>
        public bool Changed { get; }

        /// <summary>Every finding, including report-only columns.</summary>
        public IReadOnlyList<MetadataFinding> Findings { get; }

        /// <summary>Names of the removed columns.</summary>
        public IReadOnlyList<string> Removed { get; }

        /// <summary>Human-readable descriptions of the value changes ("acq_time: 6 dates shifted").</summary>
        public IReadOnlyList<string> Changes { get; }
    }
}
