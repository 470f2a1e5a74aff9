namespace Defacer.Engine.Metadata
{
    /// <summary>A file of a dataset as met by <see cref="DatasetWalker"/>.</summary>
    public sealed class DatasetFile
    {
        internal DatasetFile(string fullPath, string relativePath, MetadataFileKind kind)
        {
            FullPath = fullPath;
            RelativePath = relativePath;
            Kind = kind;
        }

        /// <summary>Full path (a symlink's own path, not its target).</summary>
        public string FullPath { get; }

        /// <summary>Path relative to the dataset root with '/' separators.</summary>
        public string RelativePath { get; }

        /// <summary>What kind of metadata file it is.</summary>
        public MetadataFileKind Kind { get; }

        /// <summary>The file name.</summary>
        public string Name => System.IO.Path.GetFileName(FullPath);
    }
}
