using System;
using System.IO;

namespace Defacer.Engine.Tests
{
    /// <summary>
    /// Locates the shared test data (real heads, templates, BIDS examples) that lives beside the clone in
    /// <c>../shared</c>. It is never committed; a missing folder fails the test with a clear message rather
    /// than skipping it, because a skipped test proves nothing.
    /// </summary>
    public static class TestData
    {
        private static readonly Lazy<string> s_sharedRoot = new Lazy<string>(FindSharedRoot);

        /// <summary>The folder holding <c>data/</c> and <c>docs/</c>.</summary>
        public static string SharedRoot => s_sharedRoot.Value;

        /// <summary>The repository root (the folder holding Defacer.sln).</summary>
        public static string RepoRoot => FindRepoRoot();

        public static string Heads => Path.Combine(SharedRoot, "data", "heads");

        public static string Templates => Path.Combine(SharedRoot, "data", "templates");

        public static string BidsExamples => Path.Combine(SharedRoot, "data", "bids-examples");

        /// <summary>A file under data/heads, checked to exist.</summary>
        public static string Head(string fileName) => Existing(Path.Combine(Heads, fileName));

        /// <summary>A file under data/templates, checked to exist.</summary>
        public static string Template(string fileName) => Existing(Path.Combine(Templates, fileName));

        /// <summary>A fresh empty folder under the system temp folder, unique per call.</summary>
        public static string NewTempDir(string prefix = "defacer-test")
        {
            var dir = Path.Combine(Path.GetTempPath(), prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            Directory.CreateDirectory(dir);
            return dir;
        }

        private static string Existing(string path)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"Shared test file '{path}' is missing. The shared data folder must sit beside the clone (../shared) or be named by DEFACER_SHARED.", path);
            }
            return path;
        }

        private static string FindRepoRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Defacer.sln")))
            {
                dir = dir.Parent;
            }
            if (dir == null)
            {
                throw new DirectoryNotFoundException($"Could not find Defacer.sln above '{AppContext.BaseDirectory}'.");
            }
            return dir.FullName;
        }

        private static string FindSharedRoot()
        {
            var fromEnv = Environment.GetEnvironmentVariable("DEFACER_SHARED");
            var candidate = !string.IsNullOrEmpty(fromEnv)
                ? fromEnv!
                : Path.GetFullPath(Path.Combine(FindRepoRoot(), "..", "shared"));
            if (!Directory.Exists(Path.Combine(candidate, "data", "heads")))
            {
                throw new DirectoryNotFoundException($"Shared test data not found at '{candidate}' (expected data/heads inside). Place the shared folder beside the clone or set DEFACER_SHARED.");
            }
            return candidate;
        }
    }
}
