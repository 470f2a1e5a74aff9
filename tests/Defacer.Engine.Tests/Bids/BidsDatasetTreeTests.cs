using System;
using System.IO;
using System.Linq;
using Defacer.Engine.Bids;
using Xunit;

namespace Defacer.Engine.Tests.Bids
{
    /// <summary>Layouts built in the test: sessions mixed with session-less subjects, odd paths, bad input.</summary>
    public class BidsDatasetTreeTests
    {
        [Fact]
        public void NotAFolderOrNoDescriptionThrowsNamingThePath()
        {
            using var tree = new BidsTree(withDescription: false);
            var ex = Assert.Throws<BidsException>(() => BidsDataset.Open(tree.Root));
            Assert.Equal(tree.Root, ex.Path);
            Assert.Contains("dataset_description.json", ex.Message);

            var missing = Path.Combine(tree.Root, "nope");
            Assert.Equal(missing, Assert.Throws<BidsException>(() => BidsDataset.Open(missing)).Path);
            tree.Write("dataset_description.json", "{}");
            tree.Nifti("sub-01/anat/sub-01_T1w.nii.gz");
            var inside = Assert.Throws<BidsException>(() => BidsDataset.Open(tree.Full("sub-01/anat")));
            Assert.Contains($"inside the dataset '{tree.Root}'", inside.Message);
            var file = tree.Write("file.txt", "x");
            Assert.Contains("is a file", Assert.Throws<BidsException>(() => BidsDataset.Open(file)).Message);
        }

        [Fact]
        public void MixedSessionAndSessionlessSubjectsAreBothListed()
        {
            using var tree = new BidsTree();
            tree.Nifti("sub-01/ses-a/anat/sub-01_ses-a_T1w.nii.gz");
            tree.Nifti("sub-01/ses-b/anat/sub-01_ses-b_T1w.nii.gz");
            tree.Nifti("sub-02/anat/sub-02_T1w.nii");
            tree.Nifti("sub-02/anat/sub-02_T2w.nii.gz");
            var ds = BidsDataset.Open(tree.Root);
            Assert.Equal(new[] { "01", "02" }, ds.Subjects.Select(s => s.Label));
            Assert.Equal(new[] { "a", "b" }, ds.Subjects[0].Sessions.Select(s => s.Label));
            Assert.Equal(new string?[] { null }, ds.Subjects[1].Sessions.Select(s => s.Label));
            Assert.Equal(new[] { "sub-02_T1w.nii", "sub-02_T2w.nii.gz" }, ds.Subjects[1].Images.Select(i => i.FileName));
            Assert.All(ds.Images, i => Assert.Equal(BidsContentState.Present, i.ContentState));
            Assert.Empty(ds.Issues);
        }

        [Fact]
        public void SubjectWithSessionsAndAnAnatFolderOutsideThemIsReported()
        {
            using var tree = new BidsTree();
            tree.Nifti("sub-01/ses-a/anat/sub-01_ses-a_T1w.nii.gz");
            tree.Nifti("sub-01/anat/sub-01_T1w.nii.gz");
            var ds = BidsDataset.Open(tree.Root);
            Assert.Equal(new string?[] { null, "a" }, ds.Subjects[0].Sessions.Select(s => s.Label));
            Assert.Equal(2, ds.Images.Count());
            Assert.Contains(ds.Issues, i => i.Code == BidsIssueCodes.SessionMixed);
        }

        [Fact]
        public void SpacesAndNonAsciiCharactersInPathsWork()
        {
            using var tree = new BidsTree("my data/Übung ünd 数据");
            tree.Nifti("sub-01/anat/sub-01_T1w.nii.gz");
            tree.Write("sub-01/anat/sub-01_T1w.json", "{\"InstitutionName\": \"Clinique Éé\"}");
            var ds = BidsDataset.Open(tree.Root + Path.DirectorySeparatorChar);
            Assert.Equal(tree.Root, ds.Root);
            var img = Assert.Single(ds.Images);
            Assert.Equal("sub-01/anat/sub-01_T1w.nii.gz", img.RelativePath);
            Assert.Equal("Clinique Éé", (string?)img.Metadata["InstitutionName"]);
            Assert.True(File.Exists(img.Path));
        }

        [Fact]
        public void DerivativesSourcedataCodeAndDotFoldersAreNotListed()
        {
            using var tree = new BidsTree();
            tree.Nifti("sub-01/anat/sub-01_T1w.nii.gz");
            foreach (var top in new[] { "derivatives/pipe", "sourcedata", "code", ".git", ".heudiconv" })
            {
                tree.Nifti($"{top}/sub-01/anat/sub-01_T1w.nii.gz");
            }
            var ds = BidsDataset.Open(tree.Root);
            Assert.Equal("sub-01/anat/sub-01_T1w.nii.gz", Assert.Single(ds.Images).RelativePath);
        }

        [Fact]
        public void DefacemaskIsListedAsAMask()
        {
            using var tree = new BidsTree();
            tree.Nifti("sub-01/anat/sub-01_run-1_T1w.nii.gz");
            tree.Nifti("sub-01/anat/sub-01_run-1_mod-T1w_defacemask.nii.gz");
            var ds = BidsDataset.Open(tree.Root);
            var mask = Assert.Single(ds.Images, i => i.IsDefaceMask);
            Assert.Equal("T1w", mask.Entities.Modality);
            Assert.False(Assert.Single(ds.Images, i => !i.IsDefaceMask).IsDefaceMask);
            Assert.Empty(ds.Issues);
        }

        [Fact]
        public void OddNamesAreReportedAndListingGoesOn()
        {
            using var tree = new BidsTree();
            tree.Nifti("sub-01/anat/sub-01_run-1_acq-fast_T2w.nii");        // wrong order
            tree.Nifti("sub-01/anat/sub-01_foo-bar_T1w.nii.gz");            // unknown entity
            tree.Nifti("sub-01/anat/sub-01_mod-T1w_T1w.nii.gz");            // mod not allowed on T1w
            tree.Nifti("sub-01/anat/sub-02_PDw.nii.gz");                    // wrong subject
            tree.Nifti("sub-01/anat/sub-01_bold.nii.gz");                   // not an anat suffix
            tree.Nifti("sub-01/anat/sub-01_run-x_FLAIR.nii.gz");            // index not digits
            tree.Nifti("sub-01/anat/sub-01_T1w.nii");
            tree.Nifti("sub-01/anat/sub-01_T1w.nii.gz");                    // duplicate extension
            var ds = BidsDataset.Open(tree.Root);
            var codes = ds.Issues.Select(i => i.Code).ToList();
            Assert.Contains(BidsIssueCodes.EntityOrder, codes);
            Assert.Contains(BidsIssueCodes.EntityUnknown, codes);
            Assert.Contains(BidsIssueCodes.EntityNotAllowed, codes);
            Assert.Contains(BidsIssueCodes.LabelMismatch, codes);
            Assert.Contains(BidsIssueCodes.SuffixUnknown, codes);
            Assert.Contains(BidsIssueCodes.LabelInvalid, codes);
            Assert.Equal(2, codes.Count(c => c == BidsIssueCodes.DuplicateImage));
            Assert.All(ds.Issues, i => Assert.Equal(BidsIssueSeverity.Warning, i.Severity));
            Assert.Equal(7, ds.Images.Count());
            Assert.DoesNotContain(ds.Images, i => i.Suffix == "bold");
            var wrongOrder = ds.Images.Single(i => i.Suffix == "T2w");
            Assert.Equal(new[] { "sub", "acq", "run" }, wrongOrder.Entities.Keys);
        }

        [Fact]
        public void UpperCaseNiftiExtensionIsReportedNotSilentlyDropped()
        {
            using var tree = new BidsTree();
            var odd = tree.Nifti("sub-01/anat/sub-01_T1w.NII.GZ");
            tree.Write("sub-01/anat/.sub-01_T2w.nii.gz", "macOS resource fork");
            var ds = BidsDataset.Open(tree.Root);
            Assert.Empty(ds.Images);
            var issue = Assert.Single(ds.Issues);
            Assert.Equal(BidsIssueCodes.FileNameMalformed, issue.Code);
            Assert.Equal(odd, issue.Path);
        }

        [Fact]
        public void BidsignoredSubjectFolderHidesItsImagesButTheyAreReported()
        {
            using var tree = new BidsTree();
            tree.Write(".bidsignore", "# pilot\nsub-pilot/\n");
            tree.Nifti("sub-01/anat/sub-01_T1w.nii.gz");
            tree.Nifti("sub-pilot/anat/sub-pilot_T1w.nii.gz");
            var ds = BidsDataset.Open(tree.Root);
            Assert.Equal("sub-01/anat/sub-01_T1w.nii.gz", Assert.Single(ds.Images).RelativePath);
            var hidden = Assert.Single(ds.IgnoredAnatImages);
            Assert.Equal("sub-pilot/anat/sub-pilot_T1w.nii.gz", hidden.RelativePath);
            Assert.Same(hidden, Assert.Single(ds.GetSubject("pilot")!.IgnoredAnatImages));
        }

        [Fact]
        public void MalformedSidecarIsAnErrorNamingFileAndLineAndOtherImagesAreUnaffected()
        {
            using var tree = new BidsTree();
            tree.Nifti("sub-01/anat/sub-01_T1w.nii.gz");
            var bad = tree.Write("sub-01/anat/sub-01_T1w.json", "{\n  \"EchoTime\": 0.003,\n  \"FlipAngle\": 9\n  \"RepetitionTime\": 2\n}");
            tree.Write("T1w.json", "{\"MagneticFieldStrength\": 3}");
            tree.Nifti("sub-02/anat/sub-02_T1w.nii.gz");
            tree.Write("sub-02/anat/sub-02_T1w.json", "{\"EchoTime\": 0.004}");
            var ds = BidsDataset.Open(tree.Root);
            var issue = Assert.Single(ds.Issues);
            Assert.Equal(BidsIssueCodes.SidecarMalformed, issue.Code);
            Assert.Equal(BidsIssueSeverity.Error, issue.Severity);
            Assert.Equal(bad, issue.Path);
            Assert.Equal(4, issue.Line);   // the missing comma shows where "RepetitionTime" starts
            Assert.Contains("line 4", issue.Message);
            Assert.Contains(bad, issue.Message);
            var first = ds.Subjects[0].Images[0];
            Assert.Equal(new[] { tree.Full("T1w.json"), bad }, first.SidecarChain);
            Assert.Equal(3, (int)first.Metadata["MagneticFieldStrength"]!);
            Assert.Null(first.Metadata["EchoTime"]);
            Assert.Equal(0.004, (double)ds.Subjects[1].Images[0].Metadata["EchoTime"]!);
        }

        [Fact]
        public void JsonValueMissingIsMalformedThoughNewtonsoftWouldAcceptIt()
        {
            using var tree = new BidsTree();
            tree.Nifti("sub-01/anat/sub-01_T1w.nii.gz");
            tree.Write("sub-01/anat/sub-01_T1w.json", "{\n  \"EchoTime\": 0.003,\n  \"FlipAngle\": ,\n  \"X\": 1\n}");
            var issue = Assert.Single(BidsDataset.Open(tree.Root).Issues);
            Assert.Equal(BidsIssueCodes.SidecarMalformed, issue.Code);
            Assert.Equal(3, issue.Line);
        }

        [Fact]
        public void NonObjectJsonAndMalformedDescriptionAreReported()
        {
            using var tree = new BidsTree();
            tree.Write("dataset_description.json", "{ \"Name\": ");
            tree.Nifti("sub-01/anat/sub-01_T1w.nii.gz");
            tree.Write("sub-01/anat/sub-01_T1w.json", "[1, 2]");
            var ds = BidsDataset.Open(tree.Root);
            Assert.Contains(ds.Issues, i => i.Code == BidsIssueCodes.DescriptionMalformed);
            Assert.Contains(ds.Issues, i => i.Code == BidsIssueCodes.SidecarMalformed && i.Message.Contains("expected a JSON object"));
            Assert.Empty(ds.Description.Properties());
            Assert.Single(ds.Images);
        }

        [Fact]
        public void MalformedTsvFilesAreReportedWithTheirLine()
        {
            using var tree = new BidsTree();
            var participants = tree.Write("participants.tsv", "participant_id\tage\nsub-01\t30\nsub-02\n");
            tree.Nifti("sub-01/anat/sub-01_T1w.nii.gz");
            var scans = tree.Write("sub-01/sub-01_scans.tsv", "path\tacq_time\nanat/sub-01_T1w.nii.gz\t2020-01-01T00:00:00\n");
            var ds = BidsDataset.Open(tree.Root);
            var rowIssue = Assert.Single(ds.Issues, i => i.Path == participants && i.Code == BidsIssueCodes.TsvMalformed);
            Assert.Equal(3, rowIssue.Line);
            Assert.Contains(ds.Issues, i => i.Path == scans && i.Code == BidsIssueCodes.TsvMalformed && i.Message.Contains("'filename'"));
            Assert.Equal("30", ds.Subjects[0].ParticipantRow!["age"]);
            Assert.Null(ds.Images.Single().ScansRow);
            Assert.Equal(scans, ds.Images.Single().ScansTsvPath);
        }

        [Fact]
        public void ParticipantsWithoutFoldersAndFoldersWithoutRowsAreWarnings()
        {
            using var tree = new BidsTree();
            tree.Write("participants.tsv", "participant_id\nsub-01\nsub-03\n");
            tree.Nifti("sub-01/anat/sub-01_T1w.nii.gz");
            tree.Nifti("sub-02/anat/sub-02_T1w.nii.gz");
            var ds = BidsDataset.Open(tree.Root);
            var messages = ds.Issues.Where(i => i.Code == BidsIssueCodes.ParticipantMismatch).Select(i => i.Message).ToList();
            Assert.Equal(2, messages.Count);
            Assert.Contains(messages, m => m.Contains("sub-02") && m.Contains("no row"));
            Assert.Contains(messages, m => m.Contains("sub-03") && m.Contains("no folder"));
        }

        [Fact]
        public void FiltersSkipSubjectsAndSessions()
        {
            using var tree = new BidsTree();
            foreach (var s in new[] { "01", "02", "10" })
            {
                tree.Nifti($"sub-{s}/ses-pre/anat/sub-{s}_ses-pre_T1w.nii.gz");
                tree.Nifti($"sub-{s}/ses-post/anat/sub-{s}_ses-post_T1w.nii.gz");
            }
            tree.Nifti("sub-20/anat/sub-20_T1w.nii.gz");
            var ds = BidsDataset.Open(tree.Root, new BidsListOptions
            {
                SubjectFilter = l => l != "02",
                SessionFilter = l => l == "post",
            });
            Assert.Equal(new[] { "01", "10" }, ds.Subjects.Select(s => s.Label));
            Assert.All(ds.Subjects, s => Assert.Equal("post", Assert.Single(s.Sessions).Label));
            Assert.Equal(2, ds.Images.Count());
        }

        [Fact]
        public void SubjectsSortNaturallyAndCaseCollisionsAreReported()
        {
            using var tree = new BidsTree();
            foreach (var s in new[] { "10", "9", "s1", "S1" }) Directory.CreateDirectory(tree.Full($"sub-{s}"));
            var ds = BidsDataset.Open(tree.Root);
            Assert.Equal(new[] { "9", "10", "S1", "s1" }, ds.Subjects.Select(s => s.Label));
            Assert.Contains(ds.Issues, i => i.Code == BidsIssueCodes.SubjectCaseCollision);
        }

        [Fact]
        public void UnreadableFolderIsAnErrorAndTheRestIsListed()
        {
            if (OperatingSystem.IsWindows() || Environment.UserName == "root")
            {
                // Root reads everything regardless of mode; emulate by a folder replaced with a file-shaped obstacle instead.
                using var t = new BidsTree();
                t.Nifti("sub-02/anat/sub-02_T1w.nii.gz");
                t.Write("sub-01/anat", "not a folder");   // 'anat' is a file: nothing to list, nothing to crash
                var d = BidsDataset.Open(t.Root);
                Assert.Equal(2, d.Subjects.Count);
                Assert.Single(d.Images);
                return;
            }
            using var tree = new BidsTree();
            tree.Nifti("sub-01/anat/sub-01_T1w.nii.gz");
            tree.Nifti("sub-02/anat/sub-02_T1w.nii.gz");
            File.SetUnixFileMode(tree.Full("sub-01/anat"), UnixFileMode.None);
            var ds = BidsDataset.Open(tree.Root);
            Assert.Contains(ds.Issues, i => i.Code == BidsIssueCodes.FileUnreadable && i.Severity == BidsIssueSeverity.Error);
            Assert.Single(ds.Images);
        }

        [Fact]
        public void MergedMetadataIsOnePrivateCopyPerImage()
        {
            using var tree = new BidsTree();
            tree.Write("T1w.json", "{\"InstitutionName\": \"Root\", \"EchoTime\": 1}");
            tree.Write("sub-01/sub-01_T1w.json", "{\"EchoTime\": 2}");
            tree.Nifti("sub-01/anat/sub-01_run-1_T1w.nii.gz");
            tree.Nifti("sub-01/anat/sub-01_run-2_T1w.nii.gz");
            tree.Write("sub-01/anat/sub-01_run-2_T1w.json", "{\"EchoTime\": 3, \"AcquisitionDateTime\": \"2009-04-09T10:00:00\"}");
            var images = BidsDataset.Open(tree.Root).Images.ToList();
            Assert.Equal(2, (int)images[0].Metadata["EchoTime"]!);
            Assert.Equal(3, (int)images[1].Metadata["EchoTime"]!);
            Assert.Equal(new[] { tree.Full("T1w.json"), tree.Full("sub-01/sub-01_T1w.json"), tree.Full("sub-01/anat/sub-01_run-2_T1w.json") }, images[1].SidecarChain);
            // Dates stay the strings they were written as.
            Assert.Equal(Newtonsoft.Json.Linq.JTokenType.String, images[1].Metadata["AcquisitionDateTime"]!.Type);
            Assert.Equal("2009-04-09T10:00:00", (string?)images[1].Metadata["AcquisitionDateTime"]);
            images[0].Metadata.Remove("InstitutionName");
            Assert.Same(images[0].Metadata, images[0].Metadata);
            Assert.Null(images[0].Metadata["InstitutionName"]);
            Assert.Equal("Root", (string?)images[1].Metadata["InstitutionName"]);
        }

        [Fact]
        public void NothingIsWritten()
        {
            var root = Path.Combine(TestData.BidsExamples, "ds000117");
            var before = Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
                .Select(p => (p, File.GetLastWriteTimeUtc(p))).OrderBy(x => x.p, StringComparer.Ordinal).ToList();
            var ds = BidsDataset.Open(root);
            ds.Images.First().Metadata["InstitutionName"] = "changed";
            var after = Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
                .Select(p => (p, File.GetLastWriteTimeUtc(p))).OrderBy(x => x.p, StringComparer.Ordinal).ToList();
            Assert.Equal(before, after);
            // The merged metadata is a private copy: the next image still sees the original value.
            Assert.Equal("MRC Cognition and Brain Sciences Unit", (string?)ds.Images.Skip(1).First().Metadata["InstitutionName"]);
        }

        [Fact]
        public void CancellationStopsTheListing()
        {
            using var tree = new BidsTree();
            tree.Nifti("sub-01/anat/sub-01_T1w.nii.gz");
            using var cts = new System.Threading.CancellationTokenSource();
            cts.Cancel();
            Assert.Throws<System.OperationCanceledException>(() => BidsDataset.Open(tree.Root, new BidsListOptions { CancellationToken = cts.Token }));
        }
    }
}
