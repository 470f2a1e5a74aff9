using System;
using System.IO;
using System.Linq;
using System.Threading;
using Defacer.Engine.Deface;
using Defacer.Engine.Nifti;
using Defacer.Engine.Safety;
using Xunit;
using static Defacer.Engine.Tests.Deface.PipelineTestKit;

namespace Defacer.Engine.Tests.Deface
{
    /// <summary>The original is never lost: verified backups, no writing through links, no half-done images.</summary>
    public class PipelineSafetyTests
    {
        [Fact]
        public void InPlace_BackupHoldsOriginalBytes_AndSidecarBackedUp()
        {
            var root = TestData.NewTempDir();
            var path = MakeDataset(root, MakeImage(NiftiDataType.Int16));
            var originalHash = FileHashing.Sha256(path);
            var sidecarHash = FileHashing.Sha256(DefaceMaskName.SidecarPathFor(path));

            var result = Pipeline(FrontBox()).Run(new DefaceTarget(path, root));

            var backup = Path.Combine(root, "sourcedata", "defacer", "sub-01", "anat", "sub-01_T1w.nii.gz");
            Assert.Equal(backup, result.BackupPath);
            Assert.Equal(originalHash, FileHashing.Sha256(backup));
            Assert.Equal(originalHash, result.Sha256Before);
            Assert.Equal(FileHashing.Sha256(path), result.Sha256After);
            Assert.NotEqual(originalHash, result.Sha256After);
            Assert.Equal(sidecarHash, FileHashing.Sha256(Path.Combine(root, "sourcedata", "defacer", "sub-01", "anat", "sub-01_T1w.json")));
        }

        [Fact]
        public void ForcedRerun_KeepsFirstBackup()
        {
            var root = TestData.NewTempDir();
            var path = MakeDataset(root, MakeImage(NiftiDataType.Int16));
            var originalHash = FileHashing.Sha256(path);
            Pipeline(FrontBox()).Run(new DefaceTarget(path, root));

            var second = Pipeline(new BoxMethod(0, 3, 0, 3, 0, 3), o => o.Force = true).Run(new DefaceTarget(path, root));

            Assert.Equal(DefaceStatus.Defaced, second.Status);
            Assert.Equal(originalHash, FileHashing.Sha256(second.BackupPath!));
            Assert.NotEqual(originalHash, second.Sha256Before);
        }

        [Fact]
        public void ExistingDifferentBackup_NotOverwritten_AndOriginalUntouched()
        {
            var root = TestData.NewTempDir();
            var path = MakeDataset(root, MakeImage(NiftiDataType.Int16));
            var backup = Path.Combine(root, "sourcedata", "defacer", "sub-01", "anat", "sub-01_T1w.nii.gz");
            Directory.CreateDirectory(Path.GetDirectoryName(backup)!);
            File.WriteAllText(backup, "someone else's file");
            var tree = HashTree(root);

            var ex = Assert.Throws<SafetyException>(() => Pipeline(FrontBox()).Run(new DefaceTarget(path, root)));

            Assert.Equal(SafetyErrorKind.BackupConflict, ex.Kind);
            Assert.Equal("someone else's file", File.ReadAllText(backup));
            Assert.Equal(tree, HashTree(root));
        }

        [Fact]
        public void SidecarAlreadyBackedUpByAnotherTool_KeptAndVersioned_ImageDefaced()
        {
            var root = TestData.NewTempDir();
            var path = MakeDataset(root, MakeImage(NiftiDataType.Int16));
            var sidecar = DefaceMaskName.SidecarPathFor(path);
            // As after Remove-BidsMetadata: the original sidecar is backed up, the live one is already edited.
            var sidecarBackup = Path.Combine(root, "sourcedata", "defacer", "sub-01", "anat", "sub-01_T1w.json");
            Directory.CreateDirectory(Path.GetDirectoryName(sidecarBackup)!);
            File.Copy(sidecar, sidecarBackup);
            File.WriteAllText(sidecar, "{\n  \"RepetitionTime\": 2.3\n}\n");
            var originalSidecarHash = FileHashing.Sha256(sidecarBackup);

            var r = Pipeline(FrontBox()).Run(new DefaceTarget(path, root));

            Assert.Equal(DefaceStatus.Defaced, r.Status);
            Assert.Equal(originalSidecarHash, FileHashing.Sha256(sidecarBackup));
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(sidecarBackup)!, "sub-01_T1w.prev-*.json"));
        }

        [Fact]
        public void AnnexSymlink_ReplacedByFile_ObjectUnchanged()
        {
            var root = TestData.NewTempDir();
            var image = MakeImage(NiftiDataType.Int16);
            var path = MakeDataset(root, image);
            // Turn the image into a git-annex locked file: content in .git/annex/objects, a relative link in its place.
            var objectDir = Path.Combine(root, ".git", "annex", "objects", "Xx", "Yy", "SHA256E-s1--abc.nii.gz");
            Directory.CreateDirectory(objectDir);
            var objectPath = Path.Combine(objectDir, "SHA256E-s1--abc.nii.gz");
            File.Move(path, objectPath);
            File.CreateSymbolicLink(path, "../../.git/annex/objects/Xx/Yy/SHA256E-s1--abc.nii.gz/SHA256E-s1--abc.nii.gz");
            var objectHash = FileHashing.Sha256(objectPath);
            Assert.True(PathSafety.IsAnnexSymlink(path));

            var result = Pipeline(FrontBox()).Run(new DefaceTarget(path, root));

            Assert.Equal(objectHash, FileHashing.Sha256(objectPath));
            Assert.False(PathSafety.IsSymlink(path));
            Assert.Equal(result.Sha256After, FileHashing.Sha256(path));
            Assert.Equal(objectHash, FileHashing.Sha256(result.BackupPath!));
            Assert.False(PathSafety.IsSymlink(result.BackupPath!));
        }

        [Fact]
        public void DanglingAnnexLink_ContentAbsent_NothingWritten()
        {
            var root = TestData.NewTempDir();
            var path = MakeDataset(root, MakeImage(NiftiDataType.Int16));
            File.Delete(path);
            File.CreateSymbolicLink(path, "../../.git/annex/objects/Xx/Yy/SHA256E-s1--abc.nii.gz/SHA256E-s1--abc.nii.gz");
            var tree = HashTree(root);

            var ex = Assert.Throws<DefaceException>(() => Pipeline(FrontBox()).Run(new DefaceTarget(path, root)));

            Assert.Equal(DefaceErrorKind.ImageContentAbsent, ex.Kind);
            Assert.Contains("datalad get", ex.Message);
            Assert.Equal(tree, HashTree(root));
        }

        [Fact]
        public void AnnexPointerFile_ContentAbsent()
        {
            var root = TestData.NewTempDir();
            var path = MakeDataset(root, MakeImage(NiftiDataType.Int16));
            File.WriteAllText(path, "/annex/objects/SHA256E-s844--0123456789abcdef.nii.gz\n");

            var ex = Assert.Throws<DefaceException>(() => Pipeline(FrontBox()).Run(new DefaceTarget(path, root)));

            Assert.Equal(DefaceErrorKind.ImageContentAbsent, ex.Kind);
        }

        [Fact]
        public void FailureMidWrite_OriginalUntouched_NoTempLeft_NotMarked()
        {
            var root = TestData.NewTempDir();
            var path = MakeDataset(root, MakeImage(NiftiDataType.Int16));
            var originalHash = FileHashing.Sha256(path);
            var sidecarHash = FileHashing.Sha256(DefaceMaskName.SidecarPathFor(path));
            var pipeline = Pipeline(FrontBox());
            pipeline.OutputStreamWrapper = s => new FailingStream(s, failAfter: 100);

            Assert.Throws<IOException>(() => pipeline.Run(new DefaceTarget(path, root)));

            Assert.Equal(originalHash, FileHashing.Sha256(path));
            Assert.Equal(sidecarHash, FileHashing.Sha256(DefaceMaskName.SidecarPathFor(path)));
            Assert.Equal(new[] { "sub-01_T1w.json", "sub-01_T1w.nii.gz" }, Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Empty(Directory.GetFiles(Path.Combine(root, "sourcedata"), "*.defacer.json", SearchOption.AllDirectories));
        }

        [Fact]
        public void CancelledDuringMethod_NothingWritten()
        {
            var root = TestData.NewTempDir();
            var path = MakeDataset(root, MakeImage(NiftiDataType.Int16));
            var tree = HashTree(root);
            using var cts = new CancellationTokenSource();
            var method = FrontBox();
            method.OnCompute = _ => cts.Cancel();

            Assert.ThrowsAny<OperationCanceledException>(() => Pipeline(method).Run(new DefaceTarget(path, root), cts.Token));

            Assert.Equal(tree, HashTree(root));
            Assert.False(Directory.Exists(Path.Combine(root, "sourcedata")));
        }

        [Fact]
        public void CancelledBeforeStart_MethodNeverCalled()
        {
            var root = TestData.NewTempDir();
            var path = MakeDataset(root, MakeImage(NiftiDataType.Int16));
            var method = FrontBox();

            Assert.ThrowsAny<OperationCanceledException>(() => Pipeline(method).Run(new DefaceTarget(path, root), new CancellationToken(true)));

            Assert.Equal(0, method.Calls);
        }

        [Fact]
        public void LooseFileInPlace_RequiresOutputPath()
        {
            var dir = TestData.NewTempDir();
            var path = Path.Combine(dir, "head.nii.gz");
            NiftiWriter.Write(MakeImage(NiftiDataType.Uint8), path);
            var hash = FileHashing.Sha256(path);

            var ex = Assert.Throws<DefaceException>(() => Pipeline(FrontBox()).Run(new DefaceTarget(path, null)));

            Assert.Equal(DefaceErrorKind.OutputPathRequired, ex.Kind);
            Assert.Equal(hash, FileHashing.Sha256(path));
        }

        [Fact]
        public void RgbImage_UnsupportedImage_NothingWritten()
        {
            var root = TestData.NewTempDir();
            var rgb = NiftiImage.Create(NiftiDataType.Rgb24, Engine.Volumes.Affine.Identity, Nx, Ny, Nz);
            var path = MakeDataset(root, rgb);
            var tree = HashTree(root);

            var ex = Assert.Throws<DefaceException>(() => Pipeline(FrontBox()).Run(new DefaceTarget(path, root)));

            Assert.Equal(DefaceErrorKind.UnsupportedImage, ex.Kind);
            Assert.Equal(tree, HashTree(root));
        }

        [Fact]
        public void MethodReturnsWrongGrid_MethodFailed()
        {
            var root = TestData.NewTempDir();
            var path = MakeDataset(root, MakeImage(NiftiDataType.Int16));
            var wrong = new WrongGridMethod();

            var ex = Assert.Throws<DefaceException>(() => Pipeline(wrong).Run(new DefaceTarget(path, root)));

            Assert.Equal(DefaceErrorKind.MethodFailed, ex.Kind);
        }

        private sealed class WrongGridMethod : IDefaceMethod
        {
            public string Name => "Wrong";

            public DefaceMaskResult ComputeRemovalMask(Engine.Volumes.Volume3D volume, CancellationToken cancellationToken) =>
                new DefaceMaskResult(new Engine.Volumes.Mask3D(2, 2, 2, volume.Affine), null);
        }

        /// <summary>Passes writes through until a byte budget is spent, then fails like a full disk.</summary>
        private sealed class FailingStream : Stream
        {
            private readonly Stream _inner;
            private long _left;

            public FailingStream(Stream inner, long failAfter)
            {
                _inner = inner;
                _left = failAfter;
            }

            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => _inner.Length;
            public override long Position { get => _inner.Position; set => throw new NotSupportedException(); }
            public override void Flush() => _inner.Flush();
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count)
            {
                int n = (int)Math.Min(count, _left);
                _inner.Write(buffer, offset, n);
                _left -= n;
                if (n < count)
                {
                    throw new IOException("No space left on device (simulated).");
                }
            }
        }
    }
}
