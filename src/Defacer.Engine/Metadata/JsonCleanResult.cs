using System.Collections.Generic;

namespace Defacer.Engine.Metadata
{
    /// <summary>The outcome of cleaning (or inspecting) one JSON file.</summary>
    public sealed class JsonCleanResult
    {
        internal JsonCleanResult(byte[] content, bool changed, IReadOnlyList<MetadataFinding> findings, IReadOnlyList<string> removed, IReadOnlyList<string> pseudonymized)
        {
            Content = content;
            Changed = changed;
            Findings = findings;
            Removed = removed;
            Pseudonymized = pseudonymized;
        }

        /// <summary>The new file bytes (the original array when nothing changed or when only inspecting).</summary>
        public byte[] Content { get; }

        /// <summary>True when keys were removed or values replaced.</summary>
        public bool Changed { get; }

        /// <summary>Every finding, including kept and report-only keys.</summary>
        public IReadOnlyList<MetadataFinding> Findings { get; }

        /// <summary>Paths of the removed keys (<c>InstitutionName</c>, <c>Nested.PatientName</c>).</summary>
        public IReadOnlyList<string> Removed { get; }

        /// <summary>Paths of the keys whose values were replaced by pseudonyms.</summary>
        public IReadOnlyList<string> Pseudonymized { get; }
    }
}
