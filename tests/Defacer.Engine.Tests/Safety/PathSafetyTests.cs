using System;
using System.IO;
using Defacer.Engine.Safety;
using Xunit;

namespace Defacer.Engine.Tests.Safety
{
    public sealed class PathSafetyTests : IDisposable
    {
        private readonly string _dir = TestData.NewTempDir("defacer-paths");

        public void Dispose()
        {
            Directory.Delete(_dir, recursive: true);
        }

        [Fact]
        public void RegularFile_IsNeitherLinkNorPointer()
        {
            var path = Path.Combine(_dir, "a.json");
            File.WriteAllText(path, "{}");
            Assert.False(PathSafety.IsSymlink(path));
            Assert.Null(PathSafety.ReadLinkTarget(path));
            Assert.False(PathSafety.IsAnnexPointerFile(path));
            PathSafety.RequireContent(path);
        }

        [Fact]
        public void DanglingLink_IsDetected()
        {
            var link = Path.Combine(_dir, "b.nii.gz");
            File.CreateSymbolicLink(link, "../.git/annex/objects/Xx/yY/SHA256E-s844--k.nii.gz/SHA256E-s844--k.nii.gz");
            Assert.True(PathSafety.IsSymlink(link));
            Assert.True(PathSafety.IsAnnexSymlink(link));
            Assert.True(PathSafety.IsDanglingSymlink(link));
            Assert.Equal("../.git/annex/objects/Xx/yY/SHA256E-s844--k.nii.gz/SHA256E-s844--k.nii.gz", PathSafety.ReadLinkTarget(link));
            Assert.Equal(SafetyErrorKind.ContentNotPresent, Assert.Throws<SafetyException>(() => PathSafety.RequireContent(link)).Kind);
        }

        [Fact]
        public void PointerFile_IsDetected()
        {
            var path = Path.Combine(_dir, "c.nii.gz");
            File.WriteAllText(path, "/annex/objects/SHA256E-s844--0123456789abcdef.nii.gz\n");
            Assert.True(PathSafety.IsAnnexPointerFile(path));
            Assert.Equal(SafetyErrorKind.ContentNotPresent, Assert.Throws<SafetyException>(() => PathSafety.RequireContent(path)).Kind);
        }

        [Fact]
        public void LargeFileStartingLikeAPointer_IsNotAPointer()
        {
            var path = Path.Combine(_dir, "d.txt");
            File.WriteAllText(path, "/annex/objects/" + new string('x', 2000));
            Assert.False(PathSafety.IsAnnexPointerFile(path));
        }

        [Fact]
        public void MissingPath_IsNotALink()
        {
            Assert.False(PathSafety.IsSymlink(Path.Combine(_dir, "none")));
            Assert.False(PathSafety.IsAnnexPointerFile(Path.Combine(_dir, "none")));
        }
    }
}
