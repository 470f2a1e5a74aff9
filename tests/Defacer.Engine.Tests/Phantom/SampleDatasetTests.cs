using System;
using System.IO;
using System.Linq;
using Defacer.Engine.Nifti;
using Defacer.Engine.Phantom;
using Defacer.Engine.Safety;
using Newtonsoft.Json.Linq;
using Xunit;

namespace Defacer.Engine.Tests.Phantom
{
    public class SampleDatasetTests
    {
        [Fact]
        public void Write_ThreeSubjects_LayoutMetadataAndImages()
        {
            var root = Path.Combine(TestData.NewTempDir(), "sample");

            var images = SampleDataset.Write(root, subjects: 3, voxelSizeMm: 4);

            Assert.Equal(new[]
            {
                "sub-01/ses-1/anat/sub-01_ses-1_T1w.nii.gz", "sub-01/ses-1/anat/sub-01_ses-1_T2w.nii.gz",
                "sub-01/ses-2/anat/sub-01_ses-2_T1w.nii.gz", "sub-02/anat/sub-02_T1w.nii.gz", "sub-02/anat/sub-02_T2w.nii.gz",
                "sub-03/anat/sub-03_T1w.nii.gz",
            }, images.Select(p => p.Replace('\\', '/')));
            var participants = File.ReadAllLines(Path.Combine(root, "participants.tsv"));
            Assert.Equal("participant_id\tname\tbirth_date\tage\tsex\thandedness", participants[0]);
            Assert.Equal(4, participants.Length);
            Assert.Equal("1.10.0", (string?)JObject.Parse(File.ReadAllText(Path.Combine(root, "dataset_description.json")))["BIDSVersion"]);
            foreach (var rel in images)
            {
                var path = Path.Combine(root, rel);
                var image = NiftiReader.Read(path);
                Assert.Equal(NiftiDataType.Int16, image.Header.DataType);
                Assert.True(image.GetVolumeAsFloat(0).Max() > 500, rel);
                var sidecar = JObject.Parse(File.ReadAllText(Path.ChangeExtension(Path.ChangeExtension(path, null), ".json")));
                Assert.False(string.IsNullOrEmpty((string?)sidecar["DeviceSerialNumber"]));
                Assert.False(string.IsNullOrEmpty((string?)sidecar["InstitutionName"]));
            }
            // scans.tsv lists exactly the images of its folder, with acq_time.
            var scans = File.ReadAllLines(Path.Combine(root, "sub-02/sub-02_scans.tsv"));
            Assert.Equal("filename\tacq_time", scans[0]);
            Assert.Equal(new[] { "anat/sub-02_T1w.nii.gz", "anat/sub-02_T2w.nii.gz" }, scans.Skip(1).Select(l => l.Split('\t')[0]));
            Assert.True(File.Exists(Path.Combine(root, "sub-01/sub-01_sessions.tsv")));
        }

        [Fact]
        public void Write_IsDeterministic_AndRefusesNonEmptyFolder()
        {
            var a = Path.Combine(TestData.NewTempDir(), "a");
            var b = Path.Combine(TestData.NewTempDir(), "b");
            SampleDataset.Write(a, 1, 4);
            SampleDataset.Write(b, 1, 4);
            var rels = Directory.GetFiles(a, "*", SearchOption.AllDirectories).Select(p => p.Substring(a.Length)).OrderBy(p => p, StringComparer.Ordinal).ToList();
            Assert.NotEmpty(rels);
            foreach (var rel in rels)
            {
                Assert.Equal(FileHashing.Sha256(a + rel), FileHashing.Sha256(b + rel));
            }
            Assert.Throws<IOException>(() => SampleDataset.Write(a, 1, 4));
            Assert.Throws<ArgumentOutOfRangeException>(() => SampleDataset.Write(Path.Combine(a, "x"), 0));
        }
    }
}
