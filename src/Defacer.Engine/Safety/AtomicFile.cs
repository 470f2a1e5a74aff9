using System;
using System.IO;
using System.Reflection;
using System.Threading;

namespace Defacer.Engine.Safety
{
    /// <summary>
    /// Replaces files without ever opening an existing file for writing: new content goes to a temporary file in the
    /// same folder, is flushed to disk, then renamed over the target. A rename replaces a symlink or hard link itself,
    /// so an annex object (or the other name of a hard link) keeps its bytes (bids-deid.md 3.2/3.3), and a reader
    /// sees either the whole old file or the whole new one, never half of each. The new file keeps the replaced file's
    /// permissions (<see cref="FilePermissions"/>): a read-only original is replaced and comes back read-only.
    /// </summary>
    public static class AtomicFile
    {
        private const string TempMarker = ".defacer-tmp-";

        // File.Move(string, string, bool overwrite) exists from .NET Core 3.0 on (rename(2) on Unix, MoveFileEx with
        // REPLACE_EXISTING on Windows). This assembly targets netstandard2.0, so it is looked up at run time;
        // .NET Framework falls back to File.Replace, which also renames rather than writes through.
        private static readonly MethodInfo? s_moveOverwrite =
            typeof(File).GetMethod("Move", new[] { typeof(string), typeof(string), typeof(bool) });

        /// <summary>
        /// Replaces <paramref name="targetPath"/> (which may or may not exist) with the bytes that
        /// <paramref name="writeContent"/> writes to the stream it is given. If the target is a symlink the link itself
        /// is replaced by a regular file; the link's target is never written. On any failure (including an exception
        /// from <paramref name="writeContent"/>) the target is untouched and the temporary file removed.
        /// </summary>
        public static void Replace(string targetPath, Action<Stream> writeContent) =>
            Replace(targetPath, writeContent, CancellationToken.None);

        /// <summary>
        /// As <see cref="Replace(string, Action{Stream})"/>; the token is checked before the rename, so a cancelled
        /// operation never replaces the target (the content writer should also observe it).
        /// </summary>
        public static void Replace(string targetPath, Action<Stream> writeContent, CancellationToken cancellationToken) =>
            Replace(targetPath, writeContent, cancellationToken, flushToDisk: true);

        /// <summary>
        /// As <see cref="Replace(string, Action{Stream}, CancellationToken)"/>; with <paramref name="flushToDisk"/> false
        /// the temporary file is not fsync'ed before the rename (still atomic for readers); the caller makes a batch
        /// durable with <see cref="DiskSync.Flush"/>.
        /// </summary>
        public static void Replace(string targetPath, Action<Stream> writeContent, CancellationToken cancellationToken, bool flushToDisk)
        {
            if (writeContent == null)
            {
                throw new ArgumentNullException(nameof(writeContent));
            }
            var fullPath = Path.GetFullPath(targetPath);
            if (Directory.Exists(fullPath) && !PathSafety.IsSymlink(fullPath))
            {
                throw new SafetyException(SafetyErrorKind.TargetIsDirectory, fullPath, $"Cannot replace '{fullPath}': it is a directory.");
            }
            var folder = Path.GetDirectoryName(fullPath)!;
            if (!Directory.Exists(folder))
            {
                throw new SafetyException(SafetyErrorKind.FolderMissing, fullPath, $"Cannot write '{fullPath}': the folder '{folder}' does not exist.");
            }
            cancellationToken.ThrowIfCancellationRequested();

            var tempPath = Path.Combine(folder, "." + Path.GetFileName(fullPath) + TempMarker + Guid.NewGuid().ToString("N"));
            var permissions = FilePermissions.Of(fullPath);
            var committed = false;
            try
            {
                using (var stream = CreateTemp(tempPath, fullPath))
                {
                    writeContent(stream);
                    stream.Flush(flushToDisk);
                }
                // The new file takes the original's permissions before it takes its name, so no reader ever sees it
                // with other ones. A read-only original is replaced all the same (renaming needs a writable folder,
                // not a writable file) and the result is read-only again.
                permissions?.ApplyTo(tempPath);
                cancellationToken.ThrowIfCancellationRequested();
                // Windows alone refuses to rename over a read-only file: lift the attribute for the rename (it is put
                // back on the original if the rename fails).
                using (FilePermissions.IsWindows ? permissions?.OpenForWriting(fullPath) : null)
                {
                    MoveOverwrite(tempPath, fullPath);
                }
                committed = true;
            }
            finally
            {
                if (!committed)
                {
                    TryDelete(tempPath);
                }
            }
        }

        /// <summary>Replaces (or creates) a file with the given bytes, atomically as <see cref="Replace(string, Action{Stream})"/>.</summary>
        public static void WriteAllBytes(string path, byte[] bytes)
        {
            if (bytes == null)
            {
                throw new ArgumentNullException(nameof(bytes));
            }
            Replace(path, s => s.Write(bytes, 0, bytes.Length));
        }

        /// <summary>True when a file name is one of this class's temporary files (listers should skip them).</summary>
        public static bool IsTempFileName(string fileName) =>
            fileName.StartsWith(".", StringComparison.Ordinal) && fileName.IndexOf(TempMarker, StringComparison.Ordinal) > 0;

        private static FileStream CreateTemp(string tempPath, string targetPath)
        {
            try
            {
                // CreateNew: never reuse or follow an existing entry with that name.
                return new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new SafetyException(SafetyErrorKind.FolderNotWritable, targetPath,
                    $"Cannot replace '{targetPath}': its folder '{Path.GetDirectoryName(tempPath)}' is not writable ({ex.Message}).", ex);
            }
            catch (IOException ex)
            {
                throw new SafetyException(SafetyErrorKind.FolderNotWritable, targetPath,
                    $"Cannot replace '{targetPath}': cannot create a temporary file in '{Path.GetDirectoryName(tempPath)}' ({ex.Message}).", ex);
            }
        }

        private static void MoveOverwrite(string source, string target)
        {
            try
            {
                if (s_moveOverwrite != null)
                {
                    try
                    {
                        s_moveOverwrite.Invoke(null, new object[] { source, target, true });
                    }
                    catch (TargetInvocationException ex) when (ex.InnerException != null)
                    {
                        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                    }
                }
                else if (File.Exists(target))
                {
                    File.Replace(source, target, null, ignoreMetadataErrors: true);
                }
                else
                {
                    File.Move(source, target);
                }
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new SafetyException(SafetyErrorKind.FolderNotWritable, target, $"Cannot replace '{target}': permission denied ({ex.Message}).", ex);
            }
            catch (IOException ex)
            {
                throw new SafetyException(SafetyErrorKind.WriteFailed, target, $"Cannot replace '{target}': {ex.Message}", ex);
            }
        }

        private static void TryDelete(string path)
        {
            try
            {
                if (FilePermissions.IsWindows && File.Exists(path))
                {
                    File.SetAttributes(path, FileAttributes.Normal);   // a read-only file cannot be deleted there
                }
                File.Delete(path);
            }
            catch (IOException)
            {
                // Best effort: the original is untouched either way, and the name marks the file as ours.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
