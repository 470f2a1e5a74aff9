using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Security.Cryptography;
using Defacer.Engine.Nifti;
using Defacer.Engine.Volumes;
using Xunit;

namespace Defacer.Engine.Tests.Nifti
{
    /// <summary>
    /// A corpus of broken and hostile files, made here in code. Each gives its typed error naming the file, never an
    /// unhandled exception or a huge allocation, and reading never changes the file.
    /// </summary>
    public sealed class NiftiBrokenFileTests : IDisposable
    {
        private readonly string _dir = TestData.NewTempDir("nifti-broken");

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        /// <summary>A valid little-endian NIfTI-1 single file: 4x5x6 int16 with values 0..119.</summary>
        private static byte[] ValidNii(int nx = 4, int ny = 5, int nz = 6)
        {
            var image = NiftiImage.Create(NiftiDataType.Int16, Affine.FromScaleAndOffset(2, 2, 2, -10, -20, -30), nx, ny, nz);
            var values = new float[nx * ny * nz];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = i;
            }
            image.SetVolumeFromFloat(0, values);
            using var ms = new MemoryStream();
            NiftiWriter.Write(image, ms, gzip: false);
            return ms.ToArray();
        }

        private static byte[] Gzip(byte[] content)
        {
            using var ms = new MemoryStream();
            using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
            {
                gz.Write(content, 0, content.Length);
            }
            return ms.ToArray();
        }

        private string Save(string name, byte[] bytes)
        {
            var path = Path.Combine(_dir, name);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        private static byte[] With(byte[] b, Action<byte[]> change)
        {
            var copy = (byte[])b.Clone();
            change(copy);
            return copy;
        }

        private static NiftiException AssertFails(string path, NiftiErrorKind kind)
        {
            byte[]? before = Hash(path);
            var ex = Assert.Throws<NiftiException>(() => NiftiReader.Read(path));
            Assert.Equal(kind, ex.Kind);
            Assert.Equal(path, ex.FilePath);
            Assert.Contains(path, ex.Message);
            Assert.Equal(before, Hash(path));
            return ex;
        }

        private static byte[]? Hash(string path)
        {
            try
            {
                return SHA256.HashData(File.ReadAllBytes(path));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null; // missing, a directory, or a dangling link
            }
        }

        [Fact]
        public void ValidFileReads()
        {
            var image = NiftiReader.Read(Save("ok.nii", ValidNii()));
            Assert.Equal(119f, image.GetVolumeAsFloat()[119]);
            var gz = NiftiReader.Read(Save("ok.nii.gz", Gzip(ValidNii())));
            Assert.Equal(image.RawData, gz.RawData);
        }

        [Fact]
        public void MissingFile() => AssertFails(Path.Combine(_dir, "nope.nii.gz"), NiftiErrorKind.NotFound);

        [Fact]
        public void Directory_IsNotAFile()
        {
            var sub = Path.Combine(_dir, "sub.nii");
            Directory.CreateDirectory(sub);
            AssertFails(sub, NiftiErrorKind.NotFound);
        }

        [Fact]
        public void DanglingSymlink()
        {
            var link = Path.Combine(_dir, "dangling.nii.gz");
            File.CreateSymbolicLink(link, Path.Combine(_dir, "gone.nii.gz"));
            var ex = AssertFails(link, NiftiErrorKind.DanglingSymlink);
            Assert.Contains("gone.nii.gz", ex.Message);
        }

        [Fact]
        public void AnnexSymlinkWithoutContent()
        {
            var link = Path.Combine(_dir, "sub-01_T1w.nii.gz");
            File.CreateSymbolicLink(link, "../../.git/annex/objects/Xx/Yy/MD5E-s123--abc.nii.gz/MD5E-s123--abc.nii.gz");
            AssertFails(link, NiftiErrorKind.AnnexPointer);
        }

        [Fact]
        public void AnnexPointerFile() =>
            AssertFails(Save("annex.nii.gz", System.Text.Encoding.ASCII.GetBytes("/annex/objects/SHA256E-s1234--0123456789abcdef.nii.gz\n")), NiftiErrorKind.AnnexPointer);

        [Fact]
        public void LfsPointerFile() =>
            AssertFails(Save("lfs.nii.gz", System.Text.Encoding.ASCII.GetBytes("version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 123\n")), NiftiErrorKind.LfsPointer);

        [Fact]
        public void ZeroByteFile() => AssertFails(Save("empty.nii.gz", Array.Empty<byte>()), NiftiErrorKind.EmptyFile);

        [Fact]
        public void ZeroBytesInsideGzip() => AssertFails(Save("emptygz.nii.gz", Gzip(Array.Empty<byte>())), NiftiErrorKind.EmptyFile);

        [Fact]
        public void WrongSizeofHdr() =>
            AssertFails(Save("size.nii", With(ValidNii(), b => BinaryPrimitives.WriteInt32LittleEndian(b, 349))), NiftiErrorKind.BadHeaderSize);

        [Fact]
        public void FileShorterThanHeader() =>
            AssertFails(Save("short.nii", ValidNii().AsSpan(0, 200).ToArray()), NiftiErrorKind.BadHeaderSize);

        [Fact]
        public void RandomBytes() =>
            AssertFails(Save("random.nii", new Random(42).GetBytesArray(5000)), NiftiErrorKind.BadHeaderSize);

        [Fact]
        public void BadMagic() =>
            AssertFails(Save("magic.nii", With(ValidNii(), b => b[345] = (byte)'x')), NiftiErrorKind.BadMagic);

        [Fact]
        public void AnalyzeHeaderHasNoMagic() =>
            AssertFails(Save("analyze.nii", With(ValidNii(), b => { b[344] = 0; b[345] = 0; b[346] = 0; })), NiftiErrorKind.BadMagic);

        [Fact]
        public void PairMagicInSingleFile()
        {
            var path = Save("pairmagic.nii", With(ValidNii(), b => b[345] = (byte)'i'));
            AssertFails(path, NiftiErrorKind.BadMagic);
            Assert.Equal(NiftiErrorKind.BadMagic, Assert.Throws<NiftiException>(() => NiftiReader.ReadHeader(path)).Kind);
        }

        [Theory]
        [InlineData(0, 0)]   // dim[0] = 0
        [InlineData(0, 9)]   // dim[0] = 9 reads as byte-swapped, which is then nonsense
        [InlineData(2, -5)]  // negative dimension
        [InlineData(3, 0)]   // zero dimension
        public void BadDimensions(int index, short value) =>
            AssertFails(Save($"dims{index}_{value}.nii", With(ValidNii(), b => BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(40 + 2 * index), value))), NiftiErrorKind.BadDimensions);

        [Fact]
        public void OverflowingNifti2Dimensions()
        {
            var h = NiftiHeader.Create(2, NiftiDataType.Float64, 1L << 40, 1L << 40, 1L << 40);
            var bytes = new byte[544];
            h.GetRawBytes().CopyTo(bytes, 0);
            AssertFails(Save("overflow.nii", bytes), NiftiErrorKind.BadDimensions);
        }

        [Fact]
        public void UnknownDatatype() =>
            AssertFails(Save("dtype.nii", With(ValidNii(), b => BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(70), 999))), NiftiErrorKind.BadDataType);

        [Fact]
        public void BinaryDatatypeUnsupported() =>
            AssertFails(Save("binary.nii", With(ValidNii(), b => BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(70), 1))), NiftiErrorKind.Unsupported);

        [Fact]
        public void VoxOffsetPastEnd() =>
            AssertFails(Save("voxoff.nii", With(ValidNii(), b => BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(108), 1e6f))), NiftiErrorKind.VoxOffsetPastEnd);

        [Fact]
        public void VoxOffsetInsideHeader() =>
            AssertFails(Save("voxin.nii", With(ValidNii(), b => BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(108), 100f))), NiftiErrorKind.BadVoxOffset);

        [Fact]
        public void NegativeVoxOffset() =>
            AssertFails(Save("voxneg.nii", With(ValidNii(), b => BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(108), -352f))), NiftiErrorKind.BadVoxOffset);

        [Fact]
        public void TruncatedData()
        {
            var ok = ValidNii();
            AssertFails(Save("trunc.nii", ok.AsSpan(0, ok.Length - 10).ToArray()), NiftiErrorKind.TruncatedData);
        }

        [Fact]
        public void TruncatedDataInsideCompleteGzip()
        {
            var ok = ValidNii();
            AssertFails(Save("trunc.nii.gz", Gzip(ok.AsSpan(0, ok.Length - 10).ToArray())), NiftiErrorKind.TruncatedData);
        }

        [Fact]
        public void DataLongerThanDeclared() =>
            AssertFails(Save("long.nii", [.. ValidNii(), .. new byte[100]]), NiftiErrorKind.DataTooLong);

        [Fact]
        public void HeaderOnlyFileLikeBidsExamples()
        {
            // bids-examples/synthetic ships 352-byte files declaring 256^3 float64 (128 MiB): no allocation for it.
            var h = NiftiHeader.Create(1, NiftiDataType.Float64, 256, 256, 256);
            var bytes = new byte[352];
            h.GetRawBytes().CopyTo(bytes, 0);
            var path = Save("headeronly.nii", bytes);
            long before = GC.GetAllocatedBytesForCurrentThread();
            AssertFails(path, NiftiErrorKind.HeaderOnly);
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 << 20, "no allocation for the declared data");
            Assert.Equal(256, NiftiReader.ReadHeader(path).Nx);

            var gzPath = Save("headeronly.nii.gz", Gzip(bytes));
            before = GC.GetAllocatedBytesForCurrentThread();
            AssertFails(gzPath, NiftiErrorKind.HeaderOnly);
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 << 20, "no allocation for the declared data (gzip)");
            Assert.Equal(256, NiftiReader.ReadHeader(gzPath).Nz);
        }

        [Fact]
        public void HeaderOnlyWithoutExtender()
        {
            var bytes = ValidNii().AsSpan(0, 348).ToArray();
            AssertFails(Save("h348.nii", bytes), NiftiErrorKind.HeaderOnly);
            Assert.Equal(4, NiftiReader.ReadHeader(Path.Combine(_dir, "h348.nii")).Nx);
        }

        [Fact]
        public void TruncatedGzip()
        {
            var gz = Gzip(ValidNii(40, 40, 40));
            AssertFails(Save("cut.nii.gz", gz.AsSpan(0, gz.Length / 2).ToArray()), NiftiErrorKind.TruncatedGzip);
            // Cut inside the 8-byte trailer: all data decompresses but the CRC/length check is missing.
            AssertFails(Save("cut-trailer.nii.gz", gz.AsSpan(0, gz.Length - 4).ToArray()), NiftiErrorKind.TruncatedGzip);
        }

        [Fact]
        public void CorruptGzip()
        {
            var gz = Gzip(ValidNii(40, 40, 40));
            AssertFails(Save("crc.nii.gz", With(gz, b => b[b.Length - 6] ^= 0xFF)), NiftiErrorKind.TruncatedGzip);
        }

        [Fact]
        public void GzipBombIsStoppedWithoutDecompressingItAll()
        {
            // A 4x5x6 header followed by 512 MiB of zeros: compresses to about 0.5 MiB.
            var header = ValidNii();
            var path = Path.Combine(_dir, "bomb.nii.gz");
            using (var fs = File.Create(path))
            using (var gz = new GZipStream(fs, CompressionLevel.Optimal))
            {
                gz.Write(header, 0, header.Length);
                var zeros = new byte[1 << 20];
                for (int i = 0; i < 512; i++)
                {
                    gz.Write(zeros, 0, zeros.Length);
                }
            }
            long before = GC.GetAllocatedBytesForCurrentThread();
            var sw = System.Diagnostics.Stopwatch.StartNew();
            AssertFails(path, NiftiErrorKind.DataTooLong);
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 << 20, "bounded allocation");
            Assert.True(sw.ElapsedMilliseconds < 2000, $"took {sw.ElapsedMilliseconds} ms: the bomb was decompressed");
        }

        [Fact]
        public void GzipClaimingMoreThanItCanHold()
        {
            // A complete gzip whose header declares 1024^3 int16 (2 GiB) but which holds 1 KiB: refused before allocating.
            var h = NiftiHeader.Create(1, NiftiDataType.Int16, 1024, 1024, 1024);
            var bytes = new byte[352 + 1024];
            h.GetRawBytes().CopyTo(bytes, 0);
            var path = Save("claims.nii.gz", Gzip(bytes));
            long before = GC.GetAllocatedBytesForCurrentThread();
            AssertFails(path, NiftiErrorKind.TruncatedData);
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 << 20, "no allocation for the declared data");
        }

        [Fact]
        public void BadExtensionSize()
        {
            var ok = ValidNii();
            // Declare an extension in a file whose vox_offset leaves 16 bytes after the extender: esize 1000 cannot fit.
            var bytes = new byte[ok.Length + 16];
            Array.Copy(ok, bytes, 348);
            Array.Copy(ok, 352, bytes, 368, ok.Length - 352);
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(108), 368f);
            bytes[348] = 1;
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(352), 1000);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(356), 6);
            AssertFails(Save("ext.nii", bytes), NiftiErrorKind.BadExtension);
        }

        [Fact]
        public void PairWithMissingImage()
        {
            var image = NiftiReader.Read(Save("p.nii", ValidNii()));
            NiftiWriter.Write(image, Path.Combine(_dir, "pair.hdr"));
            File.Delete(Path.Combine(_dir, "pair.img"));
            var ex = Assert.Throws<NiftiException>(() => NiftiReader.Read(Path.Combine(_dir, "pair.hdr")));
            Assert.Equal(NiftiErrorKind.NotFound, ex.Kind);
            Assert.EndsWith("pair.img", ex.FilePath);
        }

        [Fact]
        public void StreamReadSniffsCompressionOfSeekableStreams()
        {
            var plain = ValidNii();
            using var raw = new MemoryStream(plain);
            using var gz = new MemoryStream(Gzip(plain));
            Assert.Equal(NiftiReader.Read(raw, "a.nii.gz", gzip: true).RawData, NiftiReader.Read(gz, "a.nii", gzip: false).RawData);
        }

        [Fact]
        public void StreamReadNamesTheStream()
        {
            using var ms = new MemoryStream(new byte[10]);
            var ex = Assert.Throws<NiftiException>(() => NiftiReader.Read(ms, "upload #3", gzip: false));
            Assert.Equal(NiftiErrorKind.BadHeaderSize, ex.Kind);
            Assert.Contains("upload #3", ex.Message);
        }
    }

    internal static class RandomExtensions
    {
        public static byte[] GetBytesArray(this Random r, int n)
        {
            var b = new byte[n];
            r.NextBytes(b);
            return b;
        }
    }
}
