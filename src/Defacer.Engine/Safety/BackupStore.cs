using System;
using System.Buffers;
using System.IO;
using System.Security.Cryptography;

namespace Defacer.Engine.Safety
{
    /// <summary>
    /// Keeps verified copies of originals under <c>sourcedata/&lt;tool&gt;/&lt;same relative path&gt;</c> of a dataset
    /// (bids-deid.md 1.4): the full relative path is mirrored so runs, sessions and sidecars never collide; a backup is
    /// never overwritten, so the first (true) original survives repeated runs. The folder holds identifying data and
    /// must not be shared.
    /// </summary>
    public sealed class BackupStore
    {
        private const int BufferSize = 1 << 20;
        private static readonly StringComparison s_pathComparison =
            Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

        /// <summary>Creates a store for the dataset at <paramref name="datasetRoot"/>.</summary>
        /// <param name="datasetRoot">The BIDS dataset folder (holding dataset_description.json).</param>
        /// <param name="toolFolder">The folder name under <c>sourcedata/</c>.</param>
        public BackupStore(string datasetRoot, string toolFolder = "defacer")
        {
            if (string.IsNullOrEmpty(datasetRoot))
            {
                throw new ArgumentException("A dataset root is required.", nameof(datasetRoot));
            }
            if (string.IsNullOrEmpty(toolFolder) || toolFolder.IndexOfAny(new[] { '/', '\\' }) >= 0 || toolFolder == "." || toolFolder == "..")
            {
                throw new ArgumentException($"'{toolFolder}' is not a plain folder name.", nameof(toolFolder));
            }
            DatasetRoot = TrimEndSeparator(Path.GetFullPath(datasetRoot));
            BackupRoot = Path.Combine(DatasetRoot, "sourcedata", toolFolder);
        }

        /// <summary>Full path of the dataset folder.</summary>
        public string DatasetRoot { get; }

        /// <summary>Full path of <c>sourcedata/&lt;tool&gt;</c>.</summary>
        public string BackupRoot { get; }

        /// <summary>
        /// The path a backup of <paramref name="originalPath"/> has: the same path relative to the dataset, under
        /// <see cref="BackupRoot"/>. Throws <see cref="SafetyException"/> for files outside the dataset or already in the
        /// backup folder.
        /// </summary>
        public string GetBackupPath(string originalPath)
        {
            var relative = RelativeToDataset(originalPath);
            return Path.Combine(BackupRoot, relative);
        }

        /// <summary>
        /// Copies the content of <paramref name="originalPath"/> (following a symlink) to its backup path and verifies
        /// that the copy's SHA-256 equals the original's. An existing backup is never overwritten: when it holds the
        /// same content it is reused, otherwise <see cref="SafetyErrorKind.BackupConflict"/> is thrown. The copy is
        /// written to a temporary file and renamed into place, so a backup file is always complete.
        /// </summary>
        public BackupRecord Backup(string originalPath) => Backup(originalPath, flushToDisk: true);

        /// <summary>
        /// As <see cref="Backup(string)"/>; with <paramref name="flushToDisk"/> false the copy is not fsync'ed, and the
        /// caller must make it durable (<see cref="DiskSync.Flush"/>) before replacing the original. Used to back up
        /// thousands of small files with one flush.
        /// </summary>
        public BackupRecord Backup(string originalPath, bool flushToDisk)
        {
            var original = Path.GetFullPath(originalPath);
            var backupPath = GetBackupPath(original);
            PathSafety.RequireContent(original);

            if (File.Exists(backupPath) || PathSafety.IsSymlink(backupPath))
            {
                return ReuseExisting(original, backupPath);
            }

            var folder = Path.GetDirectoryName(backupPath)!;
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new SafetyException(SafetyErrorKind.FolderNotWritable, original,
                    $"Cannot back up '{original}': the folder '{folder}' cannot be created ({ex.Message}).", ex);
            }

            var tempPath = Path.Combine(folder, "." + Path.GetFileName(backupPath) + ".defacer-tmp-" + Guid.NewGuid().ToString("N"));
            try
            {
                string originalHash;
                long length;
                try
                {
                    (originalHash, length) = CopyHashing(original, tempPath, flushToDisk);
                }
                catch (Exception ex) when (ex is UnauthorizedAccessException || (ex is IOException && !(ex is FileNotFoundException)))
                {
                    throw new SafetyException(SafetyErrorKind.FolderNotWritable, original,
                        $"Cannot back up '{original}' to '{backupPath}': {ex.Message}", ex);
                }

                // Read the copy back from disk: this is what proves the backup, not the bytes we meant to write.
                var copyHash = FileHashing.Sha256(tempPath);
                if (!string.Equals(copyHash, originalHash, StringComparison.Ordinal))
                {
                    throw new SafetyException(SafetyErrorKind.BackupVerificationFailed, original,
                        $"Backup of '{original}' failed verification: the copy hashes to {copyHash}, the original to {originalHash}.");
                }

                try
                {
                    // Without overwrite: if another process created the backup meanwhile, this fails and we re-check.
                    File.Move(tempPath, backupPath);
                }
                catch (IOException) when (File.Exists(backupPath))
                {
                    return ReuseExisting(original, backupPath);
                }
                return new BackupRecord(original, backupPath, originalHash, length, reused: false);
            }
            finally
            {
                if (File.Exists(tempPath))
                {
                    try { File.Delete(tempPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                }
            }
        }

        /// <summary>
        /// Like <see cref="Backup(string)"/>, for tools that run one after another on the same dataset (Invoke-Deface marks a
        /// sidecar, then Remove-BidsMetadata cleans it): when the backup path already holds a different file (the true
        /// original, kept as it is), the current content is kept beside it as <c>&lt;stem&gt;.prev-&lt;first 12 hex of
        /// its SHA-256&gt;&lt;extension&gt;</c> (e.g. <c>sub-01_T1w.prev-3fa9c2d1e0b4.nii.gz</c>: the extension stays last,
        /// so readers that go by it still work), verified the same way. Nothing is overwritten and every version stays recoverable; running
        /// again with the same content reuses that copy.
        /// </summary>
        public BackupRecord BackupKeepingHistory(string originalPath) => BackupKeepingHistory(originalPath, flushToDisk: true);

        /// <summary>As <see cref="BackupKeepingHistory(string)"/>; <paramref name="flushToDisk"/> as in <see cref="Backup(string, bool)"/>.</summary>
        public BackupRecord BackupKeepingHistory(string originalPath, bool flushToDisk)
        {
            try
            {
                return Backup(originalPath, flushToDisk);
            }
            catch (SafetyException ex) when (ex.Kind == SafetyErrorKind.BackupConflict)
            {
                var original = Path.GetFullPath(originalPath);
                var hash = FileHashing.Sha256(original);
                var versionPath = VersionPath(GetBackupPath(original), hash);
                if (File.Exists(versionPath))
                {
                    return ReuseExisting(original, versionPath);
                }
                var tempPath = Path.Combine(Path.GetDirectoryName(versionPath)!, "." + Path.GetFileName(versionPath) + ".defacer-tmp-" + Guid.NewGuid().ToString("N"));
                try
                {
                    var (copyHash, length) = CopyHashing(original, tempPath, flushToDisk);
                    if (!string.Equals(copyHash, hash, StringComparison.Ordinal) || !string.Equals(FileHashing.Sha256(tempPath), hash, StringComparison.Ordinal))
                    {
                        throw new SafetyException(SafetyErrorKind.BackupVerificationFailed, original,
                            $"Backup of '{original}' to '{versionPath}' failed verification: the file changed while it was copied.");
                    }
                    File.Move(tempPath, versionPath);
                    return new BackupRecord(original, versionPath, hash, length, reused: false);
                }
                finally
                {
                    if (File.Exists(tempPath))
                    {
                        try { File.Delete(tempPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                    }
                }
            }
        }

        private static string VersionPath(string backupPath, string hash)
        {
            var name = Path.GetFileName(backupPath);
            var extension = name.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase) ? name.Substring(name.Length - 7) : Path.GetExtension(name);
            var stem = name.Substring(0, name.Length - extension.Length);
            return Path.Combine(Path.GetDirectoryName(backupPath)!, stem + ".prev-" + hash.Substring(0, 12) + extension);
        }

        private BackupRecord ReuseExisting(string original, string backupPath)
        {
            var originalHash = FileHashing.Sha256(original);
            string existingHash;
            try
            {
                existingHash = FileHashing.Sha256(backupPath);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new SafetyException(SafetyErrorKind.BackupConflict, original,
                    $"A backup entry '{backupPath}' for '{original}' exists but cannot be read ({ex.Message}); it is left as it is.", ex);
            }
            if (!string.Equals(originalHash, existingHash, StringComparison.Ordinal))
            {
                throw new SafetyException(SafetyErrorKind.BackupConflict, original,
                    $"A different backup of '{original}' already exists at '{backupPath}'; it is never overwritten. Move it away to back up the current file.");
            }
            return new BackupRecord(original, backupPath, originalHash, new FileInfo(backupPath).Length, reused: true);
        }

        private static (string Hash, long Length) CopyHashing(string source, string destination, bool flushToDisk)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                using (var sha = SHA256.Create())
                using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
                using (var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
                {
                    long length = 0;
                    int n;
                    while ((n = input.Read(buffer, 0, BufferSize)) > 0)
                    {
                        sha.TransformBlock(buffer, 0, n, null, 0);
                        output.Write(buffer, 0, n);
                        length += n;
                    }
                    sha.TransformFinalBlock(buffer, 0, 0);
                    output.Flush(flushToDisk);
                    return (FileHashing.ToHex(sha.Hash!), length);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private string RelativeToDataset(string path)
        {
            var full = TrimEndSeparator(Path.GetFullPath(path));
            var prefix = DatasetRoot + Path.DirectorySeparatorChar;
            if (!full.StartsWith(prefix, s_pathComparison))
            {
                throw new SafetyException(SafetyErrorKind.OutsideDataset, full, $"'{full}' is not inside the dataset '{DatasetRoot}'.");
            }
            var backupPrefix = BackupRoot + Path.DirectorySeparatorChar;
            if (full.StartsWith(backupPrefix, s_pathComparison))
            {
                throw new SafetyException(SafetyErrorKind.InsideBackupFolder, full, $"'{full}' is inside the backup folder '{BackupRoot}'; backups are not backed up.");
            }
            return full.Substring(prefix.Length);
        }

        private static string TrimEndSeparator(string path)
        {
            var root = Path.GetPathRoot(path);
            while (path.Length > (root?.Length ?? 0) && (path.EndsWith("/", StringComparison.Ordinal) || path.EndsWith("\\", StringComparison.Ordinal)))
            {
                path = path.Substring(0, path.Length - 1);
            }
            return path;
        }
    }
}
