using System;
using System.IO;
using System.Runtime.Versioning;
using System.Linq;
using System.Threading;
using Defacer.Engine.Safety;
using Xunit;

namespace Defacer.Engine.Tests.Safety
{
    // Symlinks, hard links, Unix modes and chattr: these tests describe the Linux behaviour CI runs on.
    [UnsupportedOSPlatform("windows")]
    public sealed class AtomicFileTests : IDisposable
    {
        private readonly string _dir = TestData.NewTempDir("defacer-atomic");

        public void Dispose()
        {
            Directory.Delete(_dir, recursive: true);
        }

        [Fact]
        public void Replace_WritesNewContent_AndLeavesNoTempFile()
        {
            var target = Path.Combine(_dir, "a.json");
            File.WriteAllText(target, "old");

            AtomicFile.WriteAllBytes(target, new byte[] { 1, 2, 3 });

            Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(target));
            Assert.Equal(new[] { "a.json" }, Directory.GetFiles(_dir).Select(Path.GetFileName));
        }

        [Fact]
        public void Replace_CreatesMissingTarget()
        {
            var target = Path.Combine(_dir, "new.bin");
            AtomicFile.WriteAllBytes(target, new byte[] { 9 });
            Assert.Equal(new byte[] { 9 }, File.ReadAllBytes(target));
        }

        [Fact]
        public void Replace_OnSymlink_ReplacesTheLink_AndNeverWritesThroughIt()
        {
            // Shape of a locked git-annex file: a relative link into a read-only object store.
            var objects = Directory.CreateDirectory(Path.Combine(_dir, ".git", "annex", "objects", "xx")).FullName;
            var objectPath = Path.Combine(objects, "SHA256E-s5--abc.json");
            File.WriteAllText(objectPath, "annex");
            File.SetUnixFileMode(objectPath, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            var link = Path.Combine(_dir, "sub-01_T1w.json");
            File.CreateSymbolicLink(link, Path.Combine(".git", "annex", "objects", "xx", "SHA256E-s5--abc.json"));
            var objectHash = FileHashing.Sha256(objectPath);
            Assert.True(PathSafety.IsSymlink(link));
            Assert.True(PathSafety.IsAnnexSymlink(link));

            AtomicFile.WriteAllBytes(link, new byte[] { (byte)'n', (byte)'e', (byte)'w' });

            Assert.False(PathSafety.IsSymlink(link));
            Assert.Equal("new", File.ReadAllText(link));
            Assert.Equal(objectHash, FileHashing.Sha256(objectPath));
            Assert.Equal("annex", File.ReadAllText(objectPath));
            // The object's 0444 protects the annex store, not the working file: the replacement is a normal,
            // writable file, as after 'git annex unlock'.
            Assert.True((File.GetUnixFileMode(link) & UnixFileMode.UserWrite) != 0);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(objectPath));
        }

        [Theory]
        [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead)]   // 0604: no umask's default
        [InlineData(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead)]   // 0444: read-only original
        public void Replace_KeepsTheUnixModeOfTheReplacedFile_EvenAReadOnlyOne(UnixFileMode mode)
        {
            // A read-only dataset (chmod -R a-w, a DataLad procedure) is still cleaned: renaming needs a writable
            // folder only, and the result is read-only again.
            var target = Path.Combine(_dir, "sub-01_T1w.json");
            File.WriteAllText(target, "{\"PatientName\":\"x\"}");
            File.SetUnixFileMode(target, mode);

            AtomicFile.WriteAllBytes(target, new byte[] { (byte)'{', (byte)'}' });

            Assert.Equal("{}", File.ReadAllText(target));
            Assert.Equal(mode, File.GetUnixFileMode(target));
            Assert.Single(Directory.GetFiles(_dir));
        }

        [Fact]
        public void Replace_WhenWriterThrows_KeepsTheOriginalsMode()
        {
            var readOnly = UnixFileMode.UserRead | UnixFileMode.GroupRead;
            var target = Path.Combine(_dir, "keep.json");
            File.WriteAllText(target, "old");
            File.SetUnixFileMode(target, readOnly);

            Assert.Throws<InvalidDataException>(() => AtomicFile.Replace(target, s => throw new InvalidDataException("boom")));

            Assert.Equal(readOnly, File.GetUnixFileMode(target));
            Assert.Equal("old", File.ReadAllText(target));
            Assert.Single(Directory.GetFiles(_dir));
        }

        [Fact]
        public void Replace_OnHardLink_LeavesTheOtherNameUnchanged()
        {
            var first = Path.Combine(_dir, "object");
            File.WriteAllText(first, "original");
            var second = Path.Combine(_dir, "thin.json");
            Assert.Equal(0, Link(first, second));

            AtomicFile.WriteAllBytes(second, new byte[] { (byte)'x' });

            Assert.Equal("original", File.ReadAllText(first));
            Assert.Equal("x", File.ReadAllText(second));
        }

        [Fact]
        public void Replace_WhenWriterThrows_LeavesOriginalUntouched_AndNoTempFile()
        {
            var target = Path.Combine(_dir, "keep.json");
            File.WriteAllText(target, "{\"a\":1}");

            var ex = Assert.Throws<InvalidDataException>(() => AtomicFile.Replace(target, s =>
            {
                s.WriteByte(42);
                throw new InvalidDataException("boom");
            }));

            Assert.Equal("boom", ex.Message);
            Assert.Equal("{\"a\":1}", File.ReadAllText(target));
            Assert.Equal(new[] { "keep.json" }, Directory.GetFiles(_dir).Select(Path.GetFileName));
        }

        [Fact]
        public void Replace_WhenCancelled_LeavesOriginalUntouched_AndNoTempFile()
        {
            var target = Path.Combine(_dir, "keep.json");
            File.WriteAllText(target, "old");
            using var cts = new CancellationTokenSource();

            Assert.ThrowsAny<OperationCanceledException>(() => AtomicFile.Replace(target, s =>
            {
                s.WriteByte(1);
                cts.Cancel();   // e.g. Ctrl+C arriving while the content is being written
            }, cts.Token));

            Assert.Equal("old", File.ReadAllText(target));
            Assert.Single(Directory.GetFiles(_dir));
        }

        [Fact]
        public void Replace_InReadOnlyFolder_ThrowsFolderNotWritable_NamingTheFile()
        {
            var folder = Directory.CreateDirectory(Path.Combine(_dir, "ro")).FullName;
            var target = Path.Combine(folder, "x.json");
            File.WriteAllText(target, "old");
            using (new ReadOnlyFolder(folder))
            {
                var ex = Assert.Throws<SafetyException>(() => AtomicFile.WriteAllBytes(target, new byte[] { 1 }));

                Assert.Equal(SafetyErrorKind.FolderNotWritable, ex.Kind);
                Assert.Equal(target, ex.Path);
                Assert.Contains(target, ex.Message);
                Assert.Equal("old", File.ReadAllText(target));
                Assert.Single(Directory.GetFiles(folder));
            }
        }

        [Fact]
        public void Replace_MissingFolder_Throws()
        {
            var ex = Assert.Throws<SafetyException>(() => AtomicFile.WriteAllBytes(Path.Combine(_dir, "nope", "x"), new byte[1]));
            Assert.Equal(SafetyErrorKind.FolderMissing, ex.Kind);
        }

        [Fact]
        public void IsTempFileName_RecognisesOwnTempFiles()
        {
            Assert.True(AtomicFile.IsTempFileName(".sub-01_T1w.json.defacer-tmp-0123456789abcdef"));
            Assert.False(AtomicFile.IsTempFileName("sub-01_T1w.json"));
        }

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        private static extern int link(string oldpath, string newpath);

        private static int Link(string existing, string newName) => link(existing, newName);
    }
}
