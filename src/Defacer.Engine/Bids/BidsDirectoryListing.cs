using System;
using System.Collections.Generic;
using System.IO;

namespace Defacer.Engine.Bids
{
    /// <summary>
    /// The entries of one folder, read once: files and sub-folders by name, plus (built on first use) the JSON
    /// sidecars it holds with their parsed names. The listing reuses it for every image below the folder.
    /// </summary>
    internal sealed class BidsDirectoryListing
    {
        private List<SidecarCandidate>? _sidecars;

        private BidsDirectoryListing(string path, List<FileInfo> files, List<DirectoryInfo> directories)
        {
            Path = path;
            Files = files;
            Directories = directories;
        }

        public string Path { get; }

        /// <summary>Files (and file links, dangling ones included), ordinal by name.</summary>
        public List<FileInfo> Files { get; }

        /// <summary>Sub-folders, ordinal by name.</summary>
        public List<DirectoryInfo> Directories { get; }

        public static BidsDirectoryListing Read(string path, ICollection<BidsIssue> issues)
        {
            var files = new List<FileInfo>();
            var dirs = new List<DirectoryInfo>();
            try
            {
                foreach (var entry in new DirectoryInfo(path).EnumerateFileSystemInfos())
                {
                    if (entry is FileInfo f) files.Add(f);
                    else if (entry is DirectoryInfo d) dirs.Add(d);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException)
            {
                issues.Add(new BidsIssue(path, BidsIssueCodes.FileUnreadable, $"Cannot list folder '{path}': {ex.Message}", BidsIssueSeverity.Error));
            }
            files.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            dirs.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return new BidsDirectoryListing(path, files, dirs);
        }

        public FileInfo? FindFile(string name)
        {
            foreach (var f in Files)
            {
                if (string.Equals(f.Name, name, StringComparison.Ordinal)) return f;
            }
            return null;
        }

        public DirectoryInfo? FindDirectory(string name)
        {
            foreach (var d in Directories)
            {
                if (string.Equals(d.Name, name, StringComparison.Ordinal)) return d;
            }
            return null;
        }

        /// <summary>The well-formed <c>*.json</c> names of this folder (dotfiles excluded).</summary>
        public List<SidecarCandidate> Sidecars
        {
            get
            {
                if (_sidecars != null) return _sidecars;
                var list = new List<SidecarCandidate>();
                foreach (var f in Files)
                {
                    if (f.Name.StartsWith(".", StringComparison.Ordinal) || !f.Name.EndsWith(".json", StringComparison.Ordinal)) continue;
                    var name = BidsFileName.Parse(f.Name);
                    if (name.Extension != ".json" || name.Suffix.Length == 0 || HasMalformedToken(name)) continue;
                    list.Add(new SidecarCandidate(f.FullName, name));
                }
                return _sidecars = list;
            }
        }

        private static bool HasMalformedToken(BidsFileName name)
        {
            foreach (var p in name.Problems)
            {
                if (p.Code == BidsIssueCodes.FileNameMalformed) return true;
            }
            return false;
        }
    }

    /// <summary>A JSON file that may apply to images below its folder.</summary>
    internal sealed class SidecarCandidate
    {
        public SidecarCandidate(string path, BidsFileName name)
        {
            Path = path;
            Name = name;
        }

        public string Path { get; }

        public BidsFileName Name { get; }
    }
}
