using System;
using System.IO;
using System.Reflection;
using System.Text;

namespace Defacer.Engine.Nifti
{
    /// <summary>
    /// Checks a path before it is opened, so the common non-image cases in real datasets get a precise error:
    /// missing files, dangling symlinks (including git-annex links whose content was never fetched), annex and
    /// LFS pointer files, and zero-byte placeholders.
    /// </summary>
    internal static class NiftiFileCheck
    {
        private const int PointerSniffBytes = 1024;

        /// <summary>Throws a <see cref="NiftiException"/> unless <paramref name="path"/> is an existing, non-empty, non-pointer file.</summary>
        public static long CheckReadable(string path)
        {
            if (Directory.Exists(path))
            {
                throw new NiftiException(path, NiftiErrorKind.NotFound, "is a directory, not a NIfTI file.");
            }
            if (!File.Exists(path))
            {
                throw Missing(path, null);
            }
            long length;
            byte[] head;
            try
            {
                using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
                length = fs.Length;
                head = new byte[(int)Math.Min(length, PointerSniffBytes)];
                NiftiStreams.ReadFully(fs, head, 0, head.Length);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                // File.Exists is true for a symbolic link whose target is gone; opening it is what fails.
                throw Missing(path, ex);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new NiftiException(path, NiftiErrorKind.Io, $"cannot be opened: {ex.Message}", ex);
            }
            if (length == 0)
            {
                throw new NiftiException(path, NiftiErrorKind.EmptyFile, "is an empty (zero-byte) file, a placeholder rather than an image.");
            }
            CheckPointerText(path, head);
            return length;
        }

        private static NiftiException Missing(string path, Exception? inner)
        {
            var target = LinkTarget(path);
            if (target != null)
            {
                if (IsAnnexPath(target))
                {
                    return new NiftiException(path, NiftiErrorKind.AnnexPointer,
                        $"is a git-annex link to '{target}' whose content is not present (run 'datalad get' or 'git annex get').", inner);
                }
                return new NiftiException(path, NiftiErrorKind.DanglingSymlink, $"is a symbolic link to '{target}', which does not exist.", inner);
            }
            return new NiftiException(path, NiftiErrorKind.NotFound, "file not found.", inner);
        }

        /// <summary>Throws when the first bytes of a file are a git-annex or Git LFS pointer instead of an image.</summary>
        public static void CheckPointerText(string path, byte[] head)
        {
            if (head.Length == 0)
            {
                return;
            }
            // Pointer files are short ASCII text; a NIfTI header starts with binary sizeof_hdr, so this never misfires.
            for (int i = 0; i < head.Length; i++)
            {
                byte b = head[i];
                if (b < 0x09 || (b > 0x0D && b < 0x20) || b > 0x7E)
                {
                    return;
                }
            }
            var text = Encoding.ASCII.GetString(head).Trim();
            if (text.StartsWith("/annex/objects/", StringComparison.Ordinal) || text.Contains(".git/annex/objects/"))
            {
                throw new NiftiException(path, NiftiErrorKind.AnnexPointer,
                    $"is a git-annex pointer ('{FirstLine(text)}'), not the image; its content is not present (run 'datalad get' or 'git annex get').");
            }
            if (text.StartsWith("version https://git-lfs", StringComparison.Ordinal))
            {
                throw new NiftiException(path, NiftiErrorKind.LfsPointer, "is a Git LFS pointer, not the image; run 'git lfs pull'.");
            }
        }

        private static string FirstLine(string text)
        {
            int nl = text.IndexOf('\n');
            var line = nl >= 0 ? text.Substring(0, nl) : text;
            return line.Length > 120 ? line.Substring(0, 120) + "..." : line;
        }

        private static bool IsAnnexPath(string target) =>
            target.Replace('\\', '/').Contains(".git/annex/objects/") || target.Replace('\\', '/').Contains("/annex/objects/");

        // FileSystemInfo.LinkTarget exists from .NET 6; this assembly targets netstandard2.0 but runs on a modern
        // runtime under PowerShell 7, so it is looked up by reflection and absent (null) on older frameworks.
        private static readonly PropertyInfo? s_linkTarget = typeof(FileSystemInfo).GetProperty("LinkTarget");

        private static string? LinkTarget(string path)
        {
            if (s_linkTarget == null)
            {
                return null;
            }
            try
            {
                return s_linkTarget.GetValue(new FileInfo(path)) as string;
            }
            catch (Exception)
            {
                // Not a link, or the link cannot be read: report the plain "not found".
                return null;
            }
        }
    }
}
