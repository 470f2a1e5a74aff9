namespace Defacer.Engine.Metadata
{
    /// <summary>Where a finding was made.</summary>
    public enum FindingKind
    {
        /// <summary>A key of a JSON file.</summary>
        JsonKey,
        /// <summary>A JSON value that looks like a date.</summary>
        JsonValue,
        /// <summary>A column of a TSV table.</summary>
        TableColumn,
        /// <summary>A cell of a TSV table.</summary>
        TableValue,
        /// <summary>A NIfTI header text field.</summary>
        NiftiHeader,
        /// <summary>A NIfTI header extension.</summary>
        NiftiExtension,
        /// <summary>The gzip member header of a .gz file.</summary>
        GzipHeader,
        /// <summary>A file or folder name (labels that look like dates or names).</summary>
        FileName,
        /// <summary>A folder that must not be shared (sourcedata/, .heudiconv/).</summary>
        Folder,
    }

    /// <summary>One identifying (or suspicious) item found in a dataset, with what Remove-BidsMetadata does about it.</summary>
    public sealed class MetadataFinding
    {
        /// <summary>Creates a finding.</summary>
        public MetadataFinding(string path, string relativePath, FindingKind kind, string field, string? valuePreview, MetadataAction action, string reason, int? line = null)
        {
            Path = path;
            RelativePath = relativePath;
            Kind = kind;
            Field = field;
            ValuePreview = valuePreview;
            Action = action;
            Reason = reason;
            Line = line;
        }

        /// <summary>Full path of the file or folder.</summary>
        public string Path { get; }

        /// <summary>Path relative to the dataset root, with '/' separators.</summary>
        public string RelativePath { get; }

        /// <summary>Where the finding was made.</summary>
        public FindingKind Kind { get; }

        /// <summary>The key path (<c>global.const.PatientName</c>), column name, header field or label.</summary>
        public string Field { get; }

        /// <summary>A short preview of the value (truncated), or null.</summary>
        public string? ValuePreview { get; }

        /// <summary>What Remove-BidsMetadata does with it.</summary>
        public MetadataAction Action { get; }

        /// <summary>Why it was flagged.</summary>
        public string Reason { get; }

        /// <summary>1-based line in the file, when known.</summary>
        public int? Line { get; }

        /// <inheritdoc/>
        public override string ToString() => $"{RelativePath}: {Field} ({Action})";
    }
}
