using System;
using System.IO;
using System.Reflection;
using System.Text;

namespace Defacer.Engine.Safety
{
    /// <summary>
    /// Recognises the file shapes that DataLad / git-annex datasets use (bids-deid.md section 3): locked files are
    /// relative symlinks into <c>.git/annex/objects/</c> (dangling when the content was not fetched), unlocked files
    /// without content are small pointer files whose text starts with <c>/annex/objects/</c>.
    /// </summary>
    public static class PathSafety
    {
        private const string PointerPrefix = "/annex/objects/";

        // Annex pointer files hold one line (~100 bytes); anything much larger is real content.
        private const int MaxPointerFileLength = 1024;

        // FileSystemInfo.LinkTarget exists from .NET 6 on; this assembly targets netstandard2.0, so it is found at run
        // time. On .NET Framework (Windows PowerShell) it is absent and the ReparsePoint attribute is used instead.
        private static readonly PropertyInfo? s_linkTarget = typeof(FileSystemInfo).GetProperty("LinkTarget");

        /// <summary>True when the path itself is a symbolic link (dangling or not). Never follows the link.</summary>
        public static bool IsSymlink(string path)
        {
            if (s_linkTarget != null)
            {
                return ReadLinkTarget(path) != null;
            }
            try
            {
                return (File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0;
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }

        /// <summary>
        /// The target stored in a symbolic link, exactly as written (often relative), or null when the path is not a
        /// link or does not exist.
        /// </summary>
        public static string? ReadLinkTarget(string path)
        {
            if (s_linkTarget == null)
            {
                return null;
            }
            return s_linkTarget.GetValue(new FileInfo(path)) as string;
        }

        /// <summary>True when the path is a symlink into a git-annex object store.</summary>
        public static bool IsAnnexSymlink(string path)
        {
            var target = ReadLinkTarget(path);
            return target != null && target.Replace('\\', '/').IndexOf("annex/objects/", StringComparison.Ordinal) >= 0;
        }

        /// <summary>
        /// True when the path is a regular (not symlinked) small file whose text starts with <c>/annex/objects/</c>:
        /// an unlocked annexed file whose content has not been fetched.
        /// </summary>
        public static bool IsAnnexPointerFile(string path)
        {
            if (IsSymlink(path))
            {
                return false;
            }
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > MaxPointerFileLength || info.Length < PointerPrefix.Length)
            {
                return false;
            }
            var buffer = new byte[PointerPrefix.Length];
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            {
                int read = 0;
                while (read < buffer.Length)
                {
                    int n = stream.Read(buffer, read, buffer.Length - read);
                    if (n == 0)
                    {
                        return false;
                    }
                    read += n;
                }
            }
            return Encoding.ASCII.GetString(buffer) == PointerPrefix;
        }

        /// <summary>True when the path is a symlink whose target does not exist (annex content not fetched).</summary>
        public static bool IsDanglingSymlink(string path)
        {
            if (!IsSymlink(path))
            {
                return false;
            }
            try
            {
                // Opening follows the whole link chain; File.Exists is true even for a dangling link.
                using (new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
                {
                    return false;
                }
            }
            catch (FileNotFoundException)
            {
                return true;
            }
            catch (DirectoryNotFoundException)
            {
                return true;
            }
        }

        /// <summary>
        /// Throws <see cref="SafetyException"/> (<see cref="SafetyErrorKind.ContentNotPresent"/>) when the file's content
        /// is not available locally: a dangling symlink or an annex pointer file. Call before reading a file to edit it.
        /// </summary>
        public static void RequireContent(string path)
        {
            if (IsDanglingSymlink(path))
            {
                throw new SafetyException(SafetyErrorKind.ContentNotPresent, path,
                    $"'{path}' is a symlink whose content is not present (git-annex content not fetched); run 'datalad get \"{path}\"' first.");
            }
            if (IsAnnexPointerFile(path))
            {
                throw new SafetyException(SafetyErrorKind.ContentNotPresent, path,
                    $"'{path}' is an unlocked git-annex pointer file without content; run 'datalad get \"{path}\"' first.");
            }
        }
    }
}
