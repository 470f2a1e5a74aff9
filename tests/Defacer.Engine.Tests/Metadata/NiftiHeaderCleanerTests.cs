using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Defacer.Engine.Metadata;
using Defacer.Engine.Nifti;
using Defacer.Engine.Safety;
using Defacer.Engine.Volumes;
using Xunit;

namespace Defacer.Engine.Tests.Metadata
{
    /// <summary>NIfTI header cleaning through a real run on a minimal generated dataset.</summary>
    public sealed class NiftiHeaderCleanerTests : IDisposable
    {
        private readonly string _root = TestData.NewTempDir("defacer-nifti-meta");

        public NiftiHeaderCleanerTests()
        {
            File.WriteAllText(Path.Combine(_root, "dataset_description.json"), "{\"Name\":\"t\",\"BIDSVersion\":\"1.10.0\"}");
            Directory.CreateDirectory(Path.Combine(_root, "sub-01", "anat"));
        }

        public void Dispose() => Directory.Delete(_root, true);

        private string Anat(string name) => Path.Combine(_root, "sub-01", "anat", name);

        /// <summary>A small int16 image with every identifying header field filled and two extensions.</summary>
        private static NiftiImage LeakyImage(int version = 1)
        {
            var image = NiftiImage.Create(NiftiDataType.Int16, Affine.FromScaleAndOffset(1, 1, 1.2, -10, -12, -8), 6, 5, 4);
            if (version == 2)
            {
                var raw2 = NiftiHeader.Create(2, NiftiDataType.Int16, 6, 5, 4);
                image = new NiftiImage(raw2, new byte[raw2.DataByteCount]);
            }
            for (int i = 0; i < image.RawData.Length; i++) image.RawData[i] = (byte)(i * 37 + 11);
            image.Header.Descrip = "1.5T 3D GR TR=10.2ms 30-May-2013 8:36:44";
            image.Header.AuxFile = "DOE^JOHN comments";
            image.Header.IntentName = "patient";
            image.Extensions.Add(new NiftiExtension(4, Encoding.ASCII.GetBytes("<AFNI HISTORY_NOTE=\"jdoe@scanner 2013-05-30\"/>  ")));
            image.Extensions.Add(new NiftiExtension(27, Encoding.ASCII.GetBytes("{\"PatientName\":\"DOE^JOHN\"}     ")));
            return image;
        }

        private static byte[] WithUnusedText(byte[] file, int version)
        {
            if (version == 1)
            {
                Encoding.ASCII.GetBytes("SECRETDT").CopyTo(file, 4);       // data_type[10]
                Encoding.ASCII.GetBytes("DOE_JOHN_DB").CopyTo(file, 14);   // db_name[18]
            }
            else
            {
                Encoding.ASCII.GetBytes("DOE_JOHN").CopyTo(file, 525);     // unused_str[15]
            }
            return file;
        }

        /// <summary>gzip with FNAME and MTIME in the header, as gzip(1) writes it.</summary>
        private static byte[] GzipWithNameAndTime(byte[] content, string name)
        {
            using var ms = new MemoryStream();
            ms.Write(new byte[] { 0x1f, 0x8b, 8, 0x08, 0x10, 0x20, 0x30, 0x40, 0, 3 });
            ms.Write(Encoding.ASCII.GetBytes(name + "\0"));
            using (var deflate = new DeflateStream(ms, CompressionLevel.Optimal, leaveOpen: true))
            {
                deflate.Write(content);
            }
            uint crc = Defacer.Engine.Nifti.Crc32.Append(0, content, 0, content.Length);
            ms.Write(BitConverter.GetBytes(crc));
            ms.Write(BitConverter.GetBytes((uint)content.Length));
            return ms.ToArray();
        }

        private static byte[] NiiBytes(NiftiImage image)
        {
            using var ms = new MemoryStream();
            NiftiWriter.Write(image, ms, gzip: false);
            return ms.ToArray();
        }

        private List<MetadataChange> Run(MetadataOptions? options = null)
        {
            var run = new MetadataRun(_root, options ?? new MetadataOptions());
            var changes = new List<MetadataChange>();
            foreach (var plan in run.Plan(true).ToList())
            {
                Assert.Null(plan.Error);
                if (plan.HasChanges) changes.Add(run.Apply(plan));
            }
            return changes;
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        public void NiiGz_TextFieldsAndExtensionsAreCleared_GzipHeaderIsClean_VoxelsAreBitIdentical(int version)
        {
            var image = LeakyImage(version);
            var nii = WithUnusedText(NiiBytes(image), version);
            var path = Anat("sub-01_T1w.nii.gz");
            File.WriteAllBytes(path, GzipWithNameAndTime(nii, "DOE_JOHN_T1.nii"));
            var originalHash = FileHashing.Sha256(path);
            var before = NiftiReader.Read(path);

            var change = Assert.Single(Run());

            var after = NiftiReader.Read(path);
            Assert.Equal("", after.Header.Descrip);
            Assert.Equal("", after.Header.AuxFile);
            Assert.Equal("", after.Header.IntentName);
            Assert.Empty(after.Extensions);
            Assert.Equal(before.Header.VoxOffset, after.Header.VoxOffset);
            Assert.Equal(before.RawData, after.RawData);
            Assert.Equal(before.Header.GetAffine().ToString(), after.Header.GetAffine().ToString());
            var header = DatasetChecks.ReadGzipHeader(path)!.Value;
            Assert.Equal(0u, header.MTime);
            Assert.Null(header.Name);
            var raw = after.Header.GetRawBytes();
            Assert.DoesNotContain("DOE", Encoding.ASCII.GetString(Decompress(File.ReadAllBytes(path))));
            Assert.Equal(originalHash, FileHashing.Sha256(change.BackupPath));
            Assert.Contains("descrip", change.Removed);
            Assert.Contains(version == 1 ? "db_name" : "unused_str", change.Removed);
            Assert.Contains("extension 4", change.Removed);
            Assert.Single(change.Changed);   // the gzip header
        }

        [Fact]
        public void Nii_OnlyTheHeaderAndExtensionBytesChange()
        {
            var image = LeakyImage();
            var nii = NiiBytes(image);
            var path = Anat("sub-01_T2w.nii");
            File.WriteAllBytes(path, nii);
            int voxOffset = (int)NiftiReader.ReadHeader(path).VoxOffset;   // the writer placed the data after the extensions
            Assert.True(voxOffset > 352);

            Run();

            var cleaned = File.ReadAllBytes(path);
            Assert.Equal(nii.Length, cleaned.Length);
            Assert.Equal(nii.Skip(voxOffset), cleaned.Skip(voxOffset));
            Assert.All(cleaned.Skip(348).Take(voxOffset - 348), b => Assert.Equal(0, b));
            Assert.Equal(nii.Take(148), cleaned.Take(148));        // dims, datatype, pixdim ... untouched
        }

        [Fact]
        public void HeaderOnlyFile_IsCleanedToo()
        {
            // synthetic/mri_chunk style: a header declaring data that is not there, with dcm2niix's time in descrip.
            var header = NiftiHeader.Create(1, NiftiDataType.Float32, 64, 64, 64);
            header.Descrip = "TE=1.2e+02;Time=103332.163;phase=1";
            var bytes = header.GetRawBytes().Concat(new byte[4]).ToArray();
            var path = Anat("sub-01_FLAIR.nii");
            File.WriteAllBytes(path, bytes);

            var change = Assert.Single(Run());

            Assert.Equal(new[] { "descrip" }, change.Removed);
            Assert.Equal(bytes.Length, new FileInfo(path).Length);
            Assert.Equal("", NiftiReader.ReadHeader(path).Descrip);
        }

        [Fact]
        public void IntentNameWithAnIntent_IsKept_AndReported()
        {
            var image = NiftiImage.Create(NiftiDataType.Float32, Affine.Identity, 2, 2, 2);
            image.Header.IntentCode = 3;   // t-test
            image.Header.IntentName = "tstat";
            File.WriteAllBytes(Anat("sub-01_T1w.nii"), NiiBytes(image));

            var plans = new MetadataRun(_root, new MetadataOptions()).Plan(false).ToList();

            var finding = Assert.Single(plans.SelectMany(p => p.Findings));
            Assert.Equal(MetadataAction.Report, finding.Action);
            Assert.False(plans.Single().HasChanges);
        }

        [Fact]
        public void Output_IsDeterministic()
        {
            var gz = GzipWithNameAndTime(NiiBytes(LeakyImage()), "x.nii");
            File.WriteAllBytes(Anat("sub-01_T1w.nii.gz"), gz);
            Run();
            var first = File.ReadAllBytes(Anat("sub-01_T1w.nii.gz"));
            Directory.Delete(Path.Combine(_root, "sourcedata"), true);
            File.WriteAllBytes(Anat("sub-01_T1w.nii.gz"), gz);
            Run();
            Assert.Equal(first, File.ReadAllBytes(Anat("sub-01_T1w.nii.gz")));
        }

        [Fact]
        public void AnnexLinkedImage_IsReplaced_TheObjectKeepsItsBytes()
        {
            var objectPath = Path.Combine(_root, ".git", "annex", "objects", "aa", "bb", "K", "K");
            Directory.CreateDirectory(Path.GetDirectoryName(objectPath)!);
            File.WriteAllBytes(objectPath, NiiBytes(LeakyImage()));
            var objectHash = FileHashing.Sha256(objectPath);
            var link = Anat("sub-01_T1w.nii");
            File.CreateSymbolicLink(link, "../../.git/annex/objects/aa/bb/K/K");

            Run();

            Assert.False(PathSafety.IsSymlink(link));
            Assert.Equal("", NiftiReader.ReadHeader(link).Descrip);
            Assert.Equal(objectHash, FileHashing.Sha256(objectPath));
        }

        [Fact]
        public void ZeroBytePlaceholder_IsIgnored()
        {
            File.WriteAllBytes(Anat("sub-01_T1w.nii.gz"), Array.Empty<byte>());
            Assert.Empty(new MetadataRun(_root, new MetadataOptions()).Plan(true));
        }

        [Fact]
        public void NiftiScopeNone_LeavesImagesAlone()
        {
            File.WriteAllBytes(Anat("sub-01_T1w.nii"), NiiBytes(LeakyImage()));
            Assert.Empty(Run(new MetadataOptions { Nifti = NiftiScope.None }));
        }

        [Fact]
        public void GzippedFileNamedNii_IsCleanedAsGzip_AndStaysGzip()
        {
            // A converter that wrote gzip under a .nii name: the content decides, or the header would be spliced into
            // compressed bytes and the image destroyed.
            var image = LeakyImage();
            var nii = NiiBytes(image);
            var path = Anat("sub-01_T1w.nii");
            File.WriteAllBytes(path, GzipWithNameAndTime(nii, "DOE_JOHN_T1.nii"));
            int voxOffset = (int)NiftiReader.ReadHeader(path).VoxOffset;

            var change = Assert.Single(Run());

            var written = File.ReadAllBytes(path);
            Assert.Equal(new byte[] { 0x1F, 0x8B }, written.Take(2));
            var content = Decompress(written);
            Assert.Equal(nii.Length, content.Length);
            Assert.Equal(nii.Skip(voxOffset), content.Skip(voxOffset));
            Assert.Equal("", NiftiReader.ReadHeader(path).Descrip);
            Assert.Null(DatasetChecks.ReadGzipHeader(path)!.Value.Name);
            Assert.Contains("descrip", change.Removed);
        }

        [Fact]
        public void PlainFileNamedNiiGz_IsCleanedAsPlain()
        {
            var nii = NiiBytes(LeakyImage());
            var path = Anat("sub-01_T1w.nii.gz");
            File.WriteAllBytes(path, nii);
            int voxOffset = (int)NiftiReader.ReadHeader(path).VoxOffset;

            Run();

            var written = File.ReadAllBytes(path);
            Assert.Equal(nii.Length, written.Length);
            Assert.Equal(nii.Skip(voxOffset), written.Skip(voxOffset));
            Assert.Equal("", NiftiReader.ReadHeader(path).Descrip);
        }

        [Fact]
        public void Rewrite_FromABackupNameWithoutGz_ReadsAndWritesGzip()
        {
            var nii = NiiBytes(LeakyImage());
            var source = Path.Combine(_root, "backup-copy");   // no extension at all
            File.WriteAllBytes(source, GzipWithNameAndTime(nii, "x.nii"));
            var header = NiftiReader.ReadHeader(source, out var extensions);
            NiftiHeaderCleaner.Inspect(new DatasetFile(source, "backup-copy", MetadataFileKind.Nifti), header, extensions, out var cleaned);

            using var output = new MemoryStream();
            var dataHash = NiftiHeaderCleaner.Rewrite(source, cleaned!, output);

            Assert.True(NiftiHeaderCleaner.IsGzip(source));
            var content = Decompress(output.ToArray());
            int voxOffset = (int)header.VoxOffset;
            Assert.Equal(nii.Skip(voxOffset), content.Skip(voxOffset));
            Assert.Equal(dataHash, NiftiHeaderCleaner.DataHash(source, voxOffset));
        }

        private static byte[] Decompress(byte[] gz)
        {
            using var input = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            return output.ToArray();
        }
    }
}
