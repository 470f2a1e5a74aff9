using System;
using System.IO;
using System.Runtime.Versioning;
using System.Linq;
using Defacer.Engine.Safety;
using Xunit;

namespace Defacer.Engine.Tests.Safety
{
    // Symlinks, hard links, Unix modes and chattr: these tests describe the Linux behaviour CI runs on.
    [UnsupportedOSPlatform("windows")]
    public sealed class BackupStoreTests : IDisposable
    {
        private readonly string _root = TestData.NewTempDir("defacer-backup");

        public void Dispose()
        {
            Directory.Delete(_root, recursive: true);
        }

        private string MakeFile(string relative, string content)
        {
            var path = Path.Combine(_root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
            return path;
        }

        [Fact]
        public void GetBackupPath_MirrorsTheRelativePath()
        {
            var store = new BackupStore(_root + "/");
            var original = Path.Combine(_root, "sub-01", "ses-1", "anat", "sub-01_ses-1_T1w.json");

            Assert.Equal(Path.Combine(_root, "sourcedata", "defacer", "sub-01", "ses-1", "anat", "sub-01_ses-1_T1w.json"), store.GetBackupPath(original));
            Assert.Equal(Path.Combine(_root, "sourcedata", "other", "T1w.json"), new BackupStore(_root, "other").GetBackupPath(Path.Combine(_root, "T1w.json")));
        }

        [Fact]
        public void GetBackupPath_RefusesFilesOutsideTheDataset_AndBackups()
        {
            var store = new BackupStore(_root);
            var outside = Assert.Throws<SafetyException>(() => store.GetBackupPath(_root + "-sibling/x.json"));
            Assert.Equal(SafetyErrorKind.OutsideDataset, outside.Kind);
            var inside = Assert.Throws<SafetyException>(() => store.GetBackupPath(Path.Combine(store.BackupRoot, "x.json")));
            Assert.Equal(SafetyErrorKind.InsideBackupFolder, inside.Kind);
        }

        [Fact]
        public void Backup_CopiesContent_AndVerifiesTheHash()
        {
            var original = MakeFile("sub-01/anat/sub-01_T1w.json", "{\"PatientName\":\"Doe\"}");
            var store = new BackupStore(_root);

            var record = store.Backup(original);

            Assert.False(record.Reused);
            Assert.Equal(store.GetBackupPath(original), record.BackupPath);
            Assert.Equal(File.ReadAllBytes(original), File.ReadAllBytes(record.BackupPath));
            Assert.Equal(FileHashing.Sha256(original), record.Sha256);
            Assert.Equal(FileHashing.Sha256(record.BackupPath), record.Sha256);
            Assert.Equal(new FileInfo(original).Length, record.Length);
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(record.BackupPath)!));
        }

        [Fact]
        public void Backup_OfSymlink_CopiesTheContent_NotTheLink()
        {
            var objectPath = MakeFile(".git/annex/objects/aa/SHA256E-s4--k.json", "data");
            var link = Path.Combine(_root, "sub-01", "anat", "sub-01_T1w.json");
            Directory.CreateDirectory(Path.GetDirectoryName(link)!);
            File.CreateSymbolicLink(link, "../../.git/annex/objects/aa/SHA256E-s4--k.json");

            var record = new BackupStore(_root).Backup(link);

            Assert.False(PathSafety.IsSymlink(record.BackupPath));
            Assert.Equal("data", File.ReadAllText(record.BackupPath));
            Assert.Equal(FileHashing.Sha256(objectPath), record.Sha256);
        }

        [Fact]
        public void Backup_SameContentTwice_ReusesTheExistingBackup()
        {
            var original = MakeFile("T1w.json", "{}");
            var store = new BackupStore(_root);
            var first = store.Backup(original);
            var written = File.GetLastWriteTimeUtc(first.BackupPath);

            var second = store.Backup(original);

            Assert.True(second.Reused);
            Assert.Equal(first.Sha256, second.Sha256);
            Assert.Equal(written, File.GetLastWriteTimeUtc(second.BackupPath));
        }

        [Fact]
        public void Backup_NeverOverwritesADifferentExistingBackup()
        {
            var original = MakeFile("T1w.json", "{\"a\":1}");
            var store = new BackupStore(_root);
            store.Backup(original);
            File.WriteAllText(original, "{\"a\":2}");

            var ex = Assert.Throws<SafetyException>(() => store.Backup(original));

            Assert.Equal(SafetyErrorKind.BackupConflict, ex.Kind);
            Assert.Equal(original, ex.Path);
            Assert.Equal("{\"a\":1}", File.ReadAllText(store.GetBackupPath(original)));
        }

        [Fact]
        public void BackupKeepingHistory_KeepsTheOriginalAndEveryLaterVersion()
        {
            var original = MakeFile("sub-01_T1w.nii.gz", "{\"a\":1}");
            var store = new BackupStore(_root);
            var first = store.BackupKeepingHistory(original);
            File.WriteAllText(original, "{\"a\":2}");

            var second = store.BackupKeepingHistory(original);
            var again = store.BackupKeepingHistory(original);

            Assert.Equal(store.GetBackupPath(original), first.BackupPath);
            Assert.Equal("{\"a\":1}", File.ReadAllText(first.BackupPath));
            Assert.Matches(@"sub-01_T1w\.prev-[0-9a-f]{12}\.nii\.gz$", second.BackupPath);
            Assert.Equal(Path.GetDirectoryName(first.BackupPath), Path.GetDirectoryName(second.BackupPath));
            Assert.Equal("{\"a\":2}", File.ReadAllText(second.BackupPath));
            Assert.Equal(FileHashing.Sha256(original), second.Sha256);
            Assert.True(again.Reused);
            Assert.Equal(second.BackupPath, again.BackupPath);
        }

        [Fact]
        public void Backup_OfDanglingLink_ThrowsContentNotPresent()
        {
            var link = Path.Combine(_root, "sub-01_T1w.nii.gz");
            File.CreateSymbolicLink(link, ".git/annex/objects/zz/missing/missing");

            var ex = Assert.Throws<SafetyException>(() => new BackupStore(_root).Backup(link));

            Assert.Equal(SafetyErrorKind.ContentNotPresent, ex.Kind);
            Assert.Contains("datalad get", ex.Message);
            Assert.False(Directory.Exists(Path.Combine(_root, "sourcedata")));
        }

        [Fact]
        public void Backup_IntoReadOnlyFolder_ThrowsFolderNotWritable()
        {
            var original = MakeFile("T1w.json", "{}");
            var backupFolder = Directory.CreateDirectory(Path.Combine(_root, "sourcedata", "defacer")).FullName;
            using (new ReadOnlyFolder(backupFolder))
            {
                var ex = Assert.Throws<SafetyException>(() => new BackupStore(_root).Backup(original));
                Assert.Equal(SafetyErrorKind.FolderNotWritable, ex.Kind);
                Assert.Contains(original, ex.Message);
                Assert.Empty(Directory.GetFileSystemEntries(backupFolder));
            }
        }
    }
}
