using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Defacer.Engine.Nifti;
using Defacer.Engine.Volumes;
using Xunit;

namespace Defacer.Engine.Tests.Nifti
{
    /// <summary>Writing an image back unchanged gives identical bytes; gzip output is deterministic.</summary>
    public sealed class NiftiRoundTripTests : IDisposable
    {
        private readonly string _dir = TestData.NewTempDir("nifti-roundtrip");

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        public static TheoryData<string> SharedFiles()
        {
            var data = new TheoryData<string>();
            foreach (var f in Directory.GetFiles(TestData.Heads, "*.nii.gz").Concat(Directory.GetFiles(TestData.Templates, "*.nii.gz")).OrderBy(f => f, StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(Path.GetDirectoryName(f)) + "/" + Path.GetFileName(f));
            }
            return data;
        }

        public static TheoryData<string> NibabelUncompressed()
        {
            var data = new TheoryData<string>();
            foreach (var f in Directory.GetFiles(NibabelReference.NibabelDataDir(), "*.nii").OrderBy(f => f, StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(f));
            }
            return data;
        }

        [Theory]
        [MemberData(nameof(SharedFiles))]
        public void SharedGzipFileWritesBackIdenticalContent(string file)
        {
            var source = Path.Combine(TestData.SharedRoot, "data", file);
            var image = NiftiReader.Read(source);
            var gzOut = Path.Combine(_dir, "out.nii.gz");
            var niiOut = Path.Combine(_dir, "out.nii");
            NiftiWriter.Write(image, gzOut);
            NiftiWriter.Write(image, niiOut);

            var original = Gunzip(source);
            Assert.Equal(original, Gunzip(gzOut));
            Assert.Equal(original, File.ReadAllBytes(niiOut));
        }

        [Theory]
        [MemberData(nameof(NibabelUncompressed))]
        public void NibabelNiiWritesBackByteIdentical(string file)
        {
            var source = Path.Combine(NibabelReference.NibabelDataDir(), file);
            var image = NiftiReader.Read(source);
            var output = Path.Combine(_dir, file);
            NiftiWriter.Write(image, output);
            Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(output));
        }

        [Fact]
        public void GzipOutputIsDeterministicWithNoTimeOrName()
        {
            var image = NiftiReader.Read(TestData.Head("adult-t1w-2mm-ras-fullface-neck-xa30.nii.gz"));
            var a = Path.Combine(_dir, "a.nii.gz");
            var b = Path.Combine(_dir, "b.nii.gz");
            NiftiWriter.Write(image, a);
            System.Threading.Thread.Sleep(1100); // a timestamp in the header would now differ
            NiftiWriter.Write(image, b);
            var ba = File.ReadAllBytes(a);
            Assert.Equal(ba, File.ReadAllBytes(b));
            Assert.Equal(0x1F, ba[0]);
            Assert.Equal(0x8B, ba[1]);
            Assert.Equal(8, ba[2]);            // deflate
            Assert.Equal(0, ba[3]);            // FLG: no name, no comment, no extra
            Assert.Equal(new byte[4], ba.Skip(4).Take(4).ToArray()); // MTIME 0
            Assert.Equal(255, ba[9]);          // OS "unknown", the same on every platform
        }

        [Fact]
        public void WrittenGzipReadsInNibabelWithTheSameValues()
        {
            var source = TestData.Head("adult-flair-axial-5mm-lps-partialface.nii.gz"); // int16 with an extension
            var output = Path.Combine(_dir, "flair.nii.gz");
            NiftiWriter.Write(NiftiReader.Read(source), output);
            var both = NibabelReference.Describe(new[] { source, output });
            var expected = both[source];
            var actual = both[output];
            Assert.False(actual.TryGetProperty("error", out _), "nibabel failed on our output");
            foreach (var key in new[] { "shape", "dtype", "affine", "orientation", "sum", "min", "max", "nonzero", "samples", "extensions" })
            {
                Assert.Equal(expected.GetProperty(key).GetRawText(), actual.GetProperty(key).GetRawText());
            }
        }

        [Fact]
        public void MultiMemberGzipIsRead()
        {
            var source = TestData.Head("adult-t1w-2mm-ras-fullface-neck-xa30.nii.gz");
            var content = Gunzip(source);
            var path = Path.Combine(_dir, "multi.nii.gz");
            using (var fs = File.Create(path))
            {
                // Three members, split inside the header and inside the data, as `cat a.gz b.gz` makes.
                foreach (var (start, end) in new[] { (0, 200), (200, 100000), (100000, content.Length) })
                {
                    using var gz = new GZipStream(fs, CompressionLevel.Fastest, leaveOpen: true);
                    gz.Write(content, start, end - start);
                }
            }
            var image = NiftiReader.Read(path);
            var whole = NiftiReader.Read(source);
            Assert.Equal(whole.RawData, image.RawData);
            Assert.Equal(whole.Header.GetRawBytes(), image.Header.GetRawBytes());
        }

        [Fact]
        public void PairWritesAndReadsBack()
        {
            var image = NiftiReader.Read(TestData.Head("adult39-t1w-2mm-psr-fullface-ixi012.nii.gz")); // scaled uint8 + extension
            var hdr = Path.Combine(_dir, "pair.hdr");
            NiftiWriter.Write(image, hdr);
            Assert.True(File.Exists(Path.Combine(_dir, "pair.img")));
            Assert.Equal(image.Header.DataByteCount, new FileInfo(Path.Combine(_dir, "pair.img")).Length);
            var back = NiftiReader.Read(Path.Combine(_dir, "pair.img"));
            Assert.Equal("ni1", back.Header.Magic);
            Assert.Equal(image.RawData, back.RawData);
            Assert.Equal(image.Extensions.Select(e => e.Code), back.Extensions.Select(e => e.Code));
            Assert.Equal(image.Extensions[0].Content, back.Extensions[0].Content);
            Assert.True(image.Header.GetAffine().ApproximatelyEquals(back.Header.GetAffine(), 0));
            Assert.Equal(image.GetVolumeAsFloat(), back.GetVolumeAsFloat());

            // And back to a single file: identical to the original content.
            var nii = Path.Combine(_dir, "single.nii");
            NiftiWriter.Write(back, nii);
            Assert.Equal(Gunzip(TestData.Head("adult39-t1w-2mm-psr-fullface-ixi012.nii.gz")), File.ReadAllBytes(nii));
        }

        [Fact]
        public void ChangedExtensionsRelayOutTheFileAndNibabelSeesThem()
        {
            var image = NiftiReader.Read(TestData.Head("adult-t1w-2mm-ras-fullface-neck-xa30.nii.gz"));
            image.Extensions.Add(new NiftiExtension(6, System.Text.Encoding.ASCII.GetBytes("a comment of some length\0\0\0\0\0\0\0\0")));
            var output = Path.Combine(_dir, "ext.nii");
            NiftiWriter.Write(image, output);
            var back = NiftiReader.Read(output);
            Assert.Single(back.Extensions);
            Assert.Equal(6, back.Extensions[0].Code);
            Assert.Equal(48, back.Extensions[0].ESize); // 8 + 32 content, padded to a multiple of 16
            Assert.Equal(0, back.Header.VoxOffset % 16);
            Assert.Equal(image.RawData, back.RawData);
            var nib = NibabelReference.Describe(new[] { output })[output];
            Assert.Equal(6, nib.GetProperty("extensions")[0][0].GetInt32());

            back.Extensions.Clear();
            NiftiWriter.Write(back, output);
            var stripped = NiftiReader.Read(output);
            Assert.Empty(stripped.Extensions);
            Assert.Equal(352, stripped.Header.VoxOffset);
            Assert.Equal(352 + image.RawData.Length, new FileInfo(output).Length);
        }

        [Fact]
        public void WriteReplacesASymlinkInsteadOfWritingThroughIt()
        {
            var target = Path.Combine(_dir, "target.nii");
            var link = Path.Combine(_dir, "link.nii");
            var image = NiftiReader.Read(Path.Combine(NibabelReference.NibabelDataDir(), "functional.nii"));
            NiftiWriter.Write(image, target);
            var before = File.ReadAllBytes(target);
            File.CreateSymbolicLink(link, target);
            image.Header.Descrip = "changed";
            NiftiWriter.Write(image, link);
            Assert.Equal(before, File.ReadAllBytes(target));
            Assert.Null(new FileInfo(link).LinkTarget);
            Assert.Equal("changed", NiftiReader.ReadHeader(link).Descrip);
            Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
        }

        private static byte[] Gunzip(string path)
        {
            using var fs = File.OpenRead(path);
            using var gz = new GZipStream(fs, CompressionMode.Decompress);
            using var ms = new MemoryStream();
            gz.CopyTo(ms);
            return ms.ToArray();
        }
    }
}
