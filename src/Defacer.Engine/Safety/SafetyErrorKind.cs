namespace Defacer.Engine.Safety
{
    /// <summary>What went wrong in a <see cref="SafetyException"/>; stable, so callers can map it to error ids.</summary>
    public enum SafetyErrorKind
    {
        /// <summary>A backup with different content already exists; it is never overwritten.</summary>
        BackupConflict,

        /// <summary>The copy written as a backup does not hash to the original's SHA-256.</summary>
        BackupVerificationFailed,

        /// <summary>The file's content is not here: a dangling (annex) symlink or an unlocked annex pointer file.</summary>
        ContentNotPresent,

        /// <summary>The file is not inside the dataset whose backup store was asked to back it up.</summary>
        OutsideDataset,

        /// <summary>The file is itself inside the backup folder; backing up a backup is refused.</summary>
        InsideBackupFolder,

        /// <summary>The folder that must receive a temporary or backup file cannot be written (permissions, read-only).</summary>
        FolderNotWritable,

        /// <summary>The folder that should hold the file does not exist.</summary>
        FolderMissing,

        /// <summary>The target path names a directory, not a file.</summary>
        TargetIsDirectory,

        /// <summary>An I/O error while writing or renaming.</summary>
        WriteFailed,

        /// <summary>The file changed between being read and being replaced (another program wrote it); it is left alone.</summary>
        ChangedSinceRead,
    }
}
