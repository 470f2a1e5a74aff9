using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Defacer.Engine.Safety;

namespace Defacer.Engine.Metadata
{
    /// <summary>
    /// Lists the files of a BIDS dataset that metadata cleaning looks at, in a stable (ordinal) order: every level
    /// (root, subject, session, datatype, because of the inheritance principle), skipping <c>sourcedata/</c> (originals and
    /// backups), <c>derivatives/</c> unless asked, dot-folders (<c>.git</c>, <c>.datalad</c>, <c>.heudiconv</c>) and the
    /// safety layer's temporary files. Directory symlinks are not followed.
    /// </summary>
    public static class DatasetWalker
    {
        /// <summary>JSON files that describe the dataset or columns, not acquisitions; never edited.</summary>
        public static readonly IReadOnlyCollection<string> ExcludedJson = new[] { "dataset_description.json", "participants.json" };

        /// <summary>Enumerates the dataset's files (all kinds).</summary>
        public static IEnumerable<DatasetFile> Enumerate(string datasetRoot, bool includeDerivatives, CancellationToken cancellationToken = default)
        {
            var root = Path.GetFullPath(datasetRoot).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            if (!Directory.Exists(root))
            {
                throw new DirectoryNotFoundException($"The dataset folder '{root}' does not exist.");
            }
            var pending = new Stack<(string Dir, string Rel)>();
            pending.Push((root, ""));
            while (pending.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (dir, rel) = pending.Pop();
                var subdirs = new List<string>();
                var files = new List<string>();
                foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos())
                {
                    var isLinkedDir = entry is DirectoryInfo && (entry.Attributes & FileAttributes.ReparsePoint) != 0;
                    if (entry is DirectoryInfo && !isLinkedDir)
                    {
                        subdirs.Add(entry.Name);
                    }
                    else if (entry is FileInfo)
                    {
                        files.Add(entry.Name);
                    }
                }
                files.Sort(StringComparer.Ordinal);
                foreach (var name in files)
                {
                    if (AtomicFile.IsTempFileName(name))
                    {
                        continue;
                    }
                    yield return new DatasetFile(Path.Combine(dir, name), rel + name, KindOf(name));
                }
                subdirs.Sort(StringComparer.Ordinal);
                for (int i = subdirs.Count - 1; i >= 0; i--)
                {
                    var name = subdirs[i];
                    if (name.StartsWith(".", StringComparison.Ordinal))
                    {
                        continue;
                    }
                    if (rel.Length == 0 && (name == "sourcedata" || (name == "derivatives" && !includeDerivatives)))
                    {
                        continue;
                    }
                    pending.Push((Path.Combine(dir, name), rel + name + "/"));
                }
            }
        }

        /// <summary>The kind of file from its name; excluded JSON files count as <see cref="MetadataFileKind.Other"/>.</summary>
        public static MetadataFileKind KindOf(string fileName)
        {
            if (fileName.EndsWith(".json", StringComparison.Ordinal))
            {
                foreach (var excluded in ExcludedJson)
                {
                    if (fileName == excluded) return MetadataFileKind.Other;
                }
                return MetadataFileKind.Json;
            }
            if (fileName.EndsWith(".tsv", StringComparison.Ordinal)) return MetadataFileKind.Table;
            if (fileName.EndsWith(".nii", StringComparison.Ordinal) || fileName.EndsWith(".nii.gz", StringComparison.Ordinal)) return MetadataFileKind.Nifti;
            return MetadataFileKind.Other;
        }
    }
}
