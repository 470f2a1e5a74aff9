using System;
using System.IO;
using Defacer.Engine.Safety;
using Xunit;

namespace Defacer.Engine.Tests.Safety
{
    public sealed class DiskSyncTests : IDisposable
    {
        private readonly string _dir = TestData.NewTempDir("defacer-sync");

        public void Dispose() => Directory.Delete(_dir, true);

        [Fact]
        public void Flush_LeavesContentAsWritten_AndSkipsMissingFiles()
        {
            var a = Path.Combine(_dir, "a.json");
            File.WriteAllText(a, "{\"a\":1}");
            var missing = Path.Combine(_dir, "missing.json");

            DiskSync.Flush(new[] { a, missing });

            Assert.Equal("{\"a\":1}", File.ReadAllText(a));
            Assert.False(File.Exists(missing));
        }

        [Fact]
        public void FlushEach_FlushesAReadOnlyFile_AndLeavesItReadOnly()
        {
            // The per-file fallback (Windows, macOS) opens files for writing; a replaced read-only original is one.
            var target = Path.Combine(_dir, "ro.json");
            File.WriteAllText(target, "{}");
            if (OperatingSystem.IsWindows())
            {
                File.SetAttributes(target, FileAttributes.ReadOnly);
            }
            else
            {
                File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }

            DiskSync.FlushEach(new[] { target });

            Assert.Equal("{}", File.ReadAllText(target));
            Assert.True(FilePermissions.Of(target)!.IsReadOnly);
        }

        [Fact]
        public void UnflushedReplace_IsStillAtomicForReaders()
        {
            var target = Path.Combine(_dir, "t.json");
            File.WriteAllText(target, "old");
            AtomicFile.Replace(target, s => s.Write(new byte[] { (byte)'n' }), default, flushToDisk: false);
            DiskSync.Flush(new[] { target });
            Assert.Equal("n", File.ReadAllText(target));
            Assert.Single(Directory.GetFiles(_dir));
        }
    }
}
