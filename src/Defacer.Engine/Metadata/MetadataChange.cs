using System.Collections.Generic;

namespace Defacer.Engine.Metadata
{
    /// <summary>One file changed by Remove-BidsMetadata: what was removed or changed, and where the original is.</summary>
    public sealed class MetadataChange
    {
        internal MetadataChange(string path, string relativePath, MetadataFileKind kind, IReadOnlyList<string> removed, IReadOnlyList<string> changed, string backupPath, string originalSha256)
        {
            Path = path;
            RelativePath = relativePath;
            Kind = kind;
            Removed = removed;
            Changed = changed;
            BackupPath = backupPath;
            OriginalSha256 = originalSha256;
        }

        /// <summary>Full path of the changed file.</summary>
        public string Path { get; }

        /// <summary>Path relative to the dataset root.</summary>
        public string RelativePath { get; }

        /// <summary>The kind of file.</summary>
        public MetadataFileKind Kind { get; }

        /// <summary>Removed keys (JSON paths), columns or header fields/extensions.</summary>
        public IReadOnlyList<string> Removed { get; }

        /// <summary>Values changed in place (pseudonyms, shifted dates, capped ages, cleared header fields).</summary>
        public IReadOnlyList<string> Changed { get; }

        /// <summary>The verified copy of the original under sourcedata/defacer/.</summary>
        public string BackupPath { get; }

        /// <summary>SHA-256 of the original content (equal to the backup's).</summary>
        public string OriginalSha256 { get; }
    }
}
