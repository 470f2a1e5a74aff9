using System;
using System.IO;
using System.Linq;
using Defacer.Engine.Bids;
using Xunit;

namespace Defacer.Engine.Tests.Bids
{
    /// <summary>The developer copies of bids-examples list the subjects, sessions and anat images the BIDS rules give.</summary>
    public class BidsExamplesTests
    {
        private static BidsDataset Open(string name) => BidsDataset.Open(Path.Combine(TestData.BidsExamples, name));

        [Theory]
        [InlineData("ds000117", 17, 16)]
        [InlineData("ds004332", 2, 58)]
        [InlineData("ds051", 13, 41)]
        [InlineData("ds114", 10, 20)]
        [InlineData("mri_chunk", 1, 2)]
        [InlineData("qmri_mp2rage", 1, 7)]
        [InlineData("synthetic", 5, 10)]
        public void EveryExampleListsItsSubjectsAndAnatImagesWithoutErrors(string name, int subjects, int images)
        {
            var ds = Open(name);
            Assert.Equal(subjects, ds.Subjects.Count);
            Assert.Equal(images, ds.Images.Count());
            Assert.DoesNotContain(ds.Issues, i => i.Severity == BidsIssueSeverity.Error);
            // Nothing from derivatives/, sourcedata/ or code/ is ever listed.
            Assert.All(ds.Images, i => Assert.StartsWith("sub-", i.RelativePath));
            Assert.All(ds.Images, i => Assert.Contains("/anat/", i.RelativePath));
            Assert.All(ds.Images, i => Assert.Equal(i.FileName, i.Entities.ToFileName(i.Suffix, i.Extension)));
            Assert.All(ds.Images, i => Assert.Equal(Path.Combine(ds.Root, i.RelativePath.Replace('/', Path.DirectorySeparatorChar)), i.Path));
        }

        [Fact]
        public void Ds000117HasMegAndMriSessionsAndTheEmptyRoomSubjectWithDateSessions()
        {
            var ds = Open("ds000117");
            Assert.Equal(Enumerable.Range(1, 16).Select(i => i.ToString("00")).Concat(new[] { "emptyroom" }), ds.Subjects.Select(s => s.Label));
            var sub01 = ds.GetSubject("sub-01")!;
            Assert.Equal(new[] { "meg", "mri" }, sub01.Sessions.Select(s => s.Label));
            Assert.True(sub01.HasSessions);
            var t1 = Assert.Single(sub01.Images);
            Assert.Equal("sub-01/ses-mri/anat/sub-01_ses-mri_acq-mprage_T1w.nii.gz", t1.RelativePath);
            Assert.Equal("mri", t1.SessionLabel);
            Assert.Equal("mprage", t1.Entities.Acquisition);
            Assert.Equal(BidsContentState.Empty, t1.ContentState);

            var emptyRoom = ds.GetSubject("emptyroom")!;
            Assert.Empty(emptyRoom.Images);
            Assert.Equal(new[] { "20090409", "20090506", "20090511", "20090515", "20090518", "20090601", "20091126", "20091208" },
                emptyRoom.Sessions.Select(s => s.Label));
            // Sessions without anat are still sessions; the root-level files of the subject make no session-less level.
            Assert.DoesNotContain(emptyRoom.Sessions, s => s.Label == null);
        }

        [Fact]
        public void Ds000117FlashImagesHiddenByBidsignoreAreReportedNotListed()
        {
            var ds = Open("ds000117");
            Assert.Equal(16 * 2 * 7, ds.IgnoredAnatImages.Count);
            Assert.All(ds.IgnoredAnatImages, i => Assert.Equal("FLASH", i.Suffix));
            Assert.All(ds.IgnoredAnatImages, i => Assert.True(i.IsBidsIgnored));
            Assert.DoesNotContain(ds.Images, i => i.Suffix == "FLASH");
            var sub01 = ds.GetSubject("01")!;
            Assert.Equal(14, sub01.IgnoredAnatImages.Count);
            // Ignored images still inherit their (also ignored) root sidecar: users must see what they hold.
            var flash = sub01.IgnoredAnatImages.Single(i => i.Entities.Run == "2" && i.Entities.Echo == "7");
            Assert.Equal(Path.Combine(ds.Root, "run-2_echo-7_FLASH.json"), flash.SidecarChain[0]);
        }

        [Fact]
        public void Ds000117RootSidecarIsInheritedAndTheSubjectSidecarMergedBelowIt()
        {
            var ds = Open("ds000117");
            foreach (var t1 in ds.Images)
            {
                Assert.Equal(Path.Combine(ds.Root, "acq-mprage_T1w.json"), t1.SidecarChain[0]);
                Assert.Equal("35119", (string?)t1.Metadata["DeviceSerialNumber"]);
                Assert.Equal("MRC Cognition and Brain Sciences Unit", (string?)t1.Metadata["InstitutionName"]);
            }
            var sub01 = ds.GetSubject("01")!.Images[0];
            Assert.Equal(2, sub01.SidecarChain.Count);
            Assert.Equal(Path.Combine(ds.Root, "sub-01", "ses-mri", "anat", "sub-01_ses-mri_acq-mprage_T1w.json"), sub01.SidecarPath);
            Assert.NotNull(sub01.Metadata["AnatomicalLandmarkCoordinates"]);
        }

        [Fact]
        public void Ds000117ScansTsvRowsComeFromTheirSession()
        {
            var ds = Open("ds000117");
            var sub01 = ds.GetSubject("01")!;
            var meg = sub01.Sessions.Single(s => s.Label == "meg");
            Assert.Equal(Path.Combine(sub01.Path, "ses-meg", "sub-01_ses-meg_scans.tsv"), meg.ScansTsvPath);
            var t1 = sub01.Images[0];
            Assert.Equal(File.Exists(Path.Combine(sub01.Path, "ses-mri", "sub-01_ses-mri_scans.tsv")), t1.ScansTsvPath != null);
        }

        [Fact]
        public void Ds004332ListsUncompressedNiftiWithTaskAcqRecAndNoSessions()
        {
            var ds = Open("ds004332");
            var sub01 = ds.GetSubject("01")!;
            var session = Assert.Single(sub01.Sessions);
            Assert.Null(session.Label);
            Assert.Equal(sub01.Path, session.Path);
            Assert.False(sub01.HasSessions);
            Assert.All(ds.Images, i => Assert.Equal(".nii", i.Extension));
            Assert.All(ds.Images, i => Assert.Null(i.SessionLabel));
            var counts = ds.Images.GroupBy(i => i.Suffix).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(32, counts["T1w"]);
            Assert.Equal(12, counts["T2w"]);
            Assert.Equal(6, counts["FLAIR"]);
            Assert.Equal(8, counts["T2starw"]);
            var img = sub01.Images.Single(i => i.FileName == "sub-01_task-nodding_acq-mpragePMCoff_rec-wore_T1w.nii");
            Assert.Equal(new[] { "sub", "task", "acq", "rec" }, img.Entities.Keys);
            Assert.Equal("nodding", img.Entities.Task);
            Assert.Equal("wore", img.Entities.Reconstruction);
            Assert.Equal(img.Path.Substring(0, img.Path.Length - 4) + ".json", img.SidecarPath);
            Assert.False(string.IsNullOrEmpty((string?)img.Metadata["InstitutionName"]));
        }

        [Fact]
        public void Ds051ListsSeveralRunsInNumericOrder()
        {
            var ds = Open("ds051");
            Assert.Null(ds.Participants);
            var sub07 = ds.GetSubject("07")!;
            var t1 = sub07.Images.Where(i => i.Suffix == "T1w").ToList();
            Assert.Equal(new[] { "01", "02", "03" }, t1.Select(i => i.Entities.Run));
            Assert.Equal(new int?[] { 1, 2, 3 }, t1.Select(i => i.Entities.GetIndex("run")));
            Assert.Equal(2, sub07.Images.Count(i => i.Suffix == "inplaneT2"));
            Assert.Equal(27, ds.Images.Count(i => i.Suffix == "T1w"));
            Assert.Equal(14, ds.Images.Count(i => i.Suffix == "inplaneT2"));
        }

        [Fact]
        public void QmriMp2rageHasADefacemaskAndInheritsTheRootMp2rageSidecar()
        {
            var ds = Open("qmri_mp2rage");
            var sub = Assert.Single(ds.Subjects);
            var mask = Assert.Single(sub.Images, i => i.IsDefaceMask);
            Assert.Equal("sub-1_mod-MP2RAGE_defacemask.nii.gz", mask.FileName);
            Assert.Equal("MP2RAGE", mask.Entities.Modality);
            Assert.Equal(".nii.gz", mask.Extension);
            var mp2rage = sub.Images.Where(i => i.Suffix == "MP2RAGE").ToList();
            Assert.Equal(4, mp2rage.Count);
            var phase = mp2rage.Single(i => i.Entities.Inversion == "1" && i.Entities.Part == "phase");
            Assert.Equal(new[] { Path.Combine(ds.Root, "MP2RAGE.json"), Path.Combine(sub.Path, "anat", "sub-1_inv-1_MP2RAGE.json") }, phase.SidecarChain);
            Assert.Equal(0.8, (double)phase.Metadata["InversionTime"]!);
            Assert.Equal(7, (int)phase.Metadata["MagneticFieldStrength"]!);
            Assert.Single(sub.Images, i => i.Suffix == "UNIT1");
            Assert.Single(sub.Images, i => i.Suffix == "T1map");
            Assert.Contains(sub.Images, i => i.Extension == ".nii");
            Assert.Equal("derivative", BidsDataset.Open(Path.Combine(ds.Root, "derivatives", "pymp2rage")).DatasetType);
        }

        [Fact]
        public void SyntheticImagesAreHeaderOnlyWithSessionsAndScansRows()
        {
            var ds = Open("synthetic");
            Assert.All(ds.Subjects, s => Assert.Equal(new[] { "01", "02" }, s.Sessions.Select(x => x.Label)));
            Assert.All(ds.Images, i => Assert.Equal(BidsContentState.HeaderOnly, i.ContentState));
            var img = ds.GetSubject("01")!.Images[0];
            Assert.Equal("sub-01/ses-01/anat/sub-01_ses-01_T1w.nii", img.RelativePath);
            Assert.Equal("1880-01-10T05:17:54", img.ScansRow!["acq_time"]);
            Assert.Equal("112", ds.GetSubject("01")!.Sessions[0].SessionsRow!["systolic_blood_pressure"]);
            Assert.NotNull(ds.GetSubject("01")!.ParticipantRow);
        }

        [Fact]
        public void MriChunkListsBothChunksWithTheirOwnSidecars()
        {
            var ds = Open("mri_chunk");
            var images = ds.Subjects[0].Images;
            Assert.Equal(new[] { "1", "2" }, images.Select(i => i.Entities.Chunk));
            Assert.All(images, i => Assert.Equal(BidsContentState.HeaderOnly, i.ContentState));
            Assert.All(images, i => Assert.EndsWith($"chunk-{i.Entities.Chunk}_T1w.json", i.SidecarPath));
            Assert.Equal("TEST_VC^SPINE", (string?)images[0].Metadata["ProcedureStepDescription"]);
        }

        [Fact]
        public void Ds114HasTestAndRetestSessions()
        {
            var ds = Open("ds114");
            Assert.All(ds.Subjects, s => Assert.Equal(new[] { "retest", "test" }, s.Sessions.Select(x => x.Label)));
            Assert.All(ds.Images, i => Assert.Equal("T1w", i.Suffix));
            Assert.Equal(10, ds.Participants!.Labels.Count);
        }

        [Fact]
        public void ADerivativeFolderWithoutDescriptionIsNotADataset()
        {
            var path = Path.Combine(TestData.BidsExamples, "ds000117", "derivatives", "freesurfer");
            var ex = Assert.Throws<BidsException>(() => BidsDataset.Open(path));
            Assert.Equal(path, ex.Path);
            Assert.Contains("dataset_description.json", ex.Message);
        }
    }
}
