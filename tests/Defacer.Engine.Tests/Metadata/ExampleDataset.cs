using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Defacer.Engine.Safety;

namespace Defacer.Engine.Tests.Metadata
{
    /// <summary>A private copy of a shared bids-examples dataset (the shared folder is never modified).</summary>
    internal sealed class ExampleDataset : IDisposable
    {
        private readonly string _parent;

        public ExampleDataset(string name)
        {
            var source = Path.Combine(TestData.BidsExamples, name);
            if (!Directory.Exists(source))
            {
                throw new DirectoryNotFoundException($"Shared example dataset '{source}' is missing.");
            }
            _parent = TestData.NewTempDir("defacer-" + name);
            Root = Path.Combine(_parent, name);
            Copy(source, Root);
        }

        public string Root { get; }

        public void Dispose() => Directory.Delete(_parent, recursive: true);

        public string File(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

        /// <summary>SHA-256 of every file under the root (relative path -> hash); the tree state for before/after checks.</summary>
        public SortedDictionary<string, string> Snapshot()
        {
            var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var path in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
            {
                map[Path.GetRelativePath(Root, path).Replace('\\', '/')] = PathSafety.IsDanglingSymlink(path) ? "dangling" : FileHashing.Sha256(path);
            }
            return map;
        }

        private static void Copy(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (var file in Directory.GetFiles(from))
            {
                System.IO.File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
            }
            foreach (var dir in Directory.GetDirectories(from))
            {
                Copy(dir, Path.Combine(to, Path.GetFileName(dir)));
            }
        }

        public static IEnumerable<string> Names => new[] { "ds000117", "ds004332", "qmri_mp2rage", "synthetic", "ds114", "ds051", "mri_chunk" };
    }
}
