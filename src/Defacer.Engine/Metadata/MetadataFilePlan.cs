using System;
using System.Collections.Generic;

namespace Defacer.Engine.Metadata
{
    /// <summary>
    /// What a run found in one file and the content it would write. Produced by <see cref="MetadataRun.Plan"/>, written
    /// by <see cref="MetadataRun.Apply"/>; with -WhatIf it is only described.
    /// </summary>
    public sealed class MetadataFilePlan
    {
        internal MetadataFilePlan(DatasetFile file, IReadOnlyList<MetadataFinding> findings, IReadOnlyList<string> removed, IReadOnlyList<string> changed,
            byte[]? original, byte[]? content, Exception? error)
        {
            File = file;
            Findings = findings;
            Removed = removed;
            Changed = changed;
            Original = original;
            Content = content;
            Error = error;
        }

        /// <summary>The file.</summary>
        public DatasetFile File { get; }

        /// <summary>Everything found in the file (also report-only and kept items).</summary>
        public IReadOnlyList<MetadataFinding> Findings { get; }

        /// <summary>What would be removed.</summary>
        public IReadOnlyList<string> Removed { get; }

        /// <summary>What would be changed in place.</summary>
        public IReadOnlyList<string> Changed { get; }

        /// <summary>True when applying the plan changes the file.</summary>
        public bool HasChanges => Error == null && (Removed.Count > 0 || Changed.Count > 0);

        /// <summary>Why the file cannot be processed (malformed, content missing, unreadable), or null.</summary>
        public Exception? Error { get; }

        /// <summary>A one-line summary of the intended change, for -WhatIf and verbose output.</summary>
        public string Describe()
        {
            var parts = new List<string>();
            if (Removed.Count > 0) parts.Add("remove " + string.Join(", ", Removed));
            if (Changed.Count > 0) parts.Add(string.Join("; ", Changed));
            return string.Join("; ", parts);
        }

        internal byte[]? Original { get; }

        internal byte[]? Content { get; }

        /// <summary>For NIfTI files: the header to write (the content is streamed from the file at apply time).</summary>
        internal Nifti.NiftiHeader? NiftiHeader { get; set; }

        /// <summary>For NIfTI files: length and last write time when planned, to notice a change before writing.</summary>
        internal (long Length, DateTime LastWriteUtc) Stamp { get; set; }

        internal static MetadataFilePlan Failed(DatasetFile file, Exception error) =>
            new MetadataFilePlan(file, Array.Empty<MetadataFinding>(), Array.Empty<string>(), Array.Empty<string>(), null, null, error);
    }
}
