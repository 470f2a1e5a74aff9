namespace Defacer.Engine.Safety
{
    /// <summary>The result of <see cref="BackupStore.Backup(string)"/>: where the verified copy of an original lives.</summary>
    public sealed class BackupRecord
    {
        /// <summary>Creates a record.</summary>
        public BackupRecord(string originalPath, string backupPath, string sha256, long length, bool reused)
        {
            OriginalPath = originalPath;
            BackupPath = backupPath;
            Sha256 = sha256;
            Length = length;
            Reused = reused;
        }

        /// <summary>Full path of the file that was backed up (the link path when it is a symlink).</summary>
        public string OriginalPath { get; }

        /// <summary>Full path of the backup copy.</summary>
        public string BackupPath { get; }

        /// <summary>SHA-256 (lowercase hex) of the content, equal for original and copy.</summary>
        public string Sha256 { get; }

        /// <summary>Content length in bytes.</summary>
        public long Length { get; }

        /// <summary>True when an identical backup already existed and was kept rather than written again.</summary>
        public bool Reused { get; }
    }
}
