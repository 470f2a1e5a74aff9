using System.IO;
using System.Linq;
using Defacer.Engine.Bids;
using Xunit;

namespace Defacer.Engine.Tests.Bids
{
    /// <summary>git-annex / DataLad layouts made with real symbolic links (bids-deid.md section 3).</summary>
    public class BidsAnnexTests
    {
        private const string Key = "SHA256E-s368--0123456789abcdef.nii.gz";

        [Fact]
        public void AnnexSymlinkWithContentIsPresentAndMarkedSoWritersReplaceTheLink()
        {
            using var tree = new BidsTree();
            tree.Nifti($".git/annex/objects/Xx/Yy/{Key}/{Key}");
            var target = $"../../.git/annex/objects/Xx/Yy/{Key}/{Key}";
            var link = tree.Symlink("sub-01/anat/sub-01_T1w.nii.gz", target);
            var img = Assert.Single(BidsDataset.Open(tree.Root).Images);
            Assert.Equal(BidsContentState.Present, img.ContentState);
            Assert.True(img.IsSymlink);
            Assert.True(img.IsAnnexSymlink);
            Assert.Equal(target, img.LinkTarget);
            Assert.Equal(link, img.Path);
            Assert.False(img.IsContentAbsent);
        }

        [Fact]
        public void DanglingAnnexSymlinkIsListedWithAbsentContentAndAWarningToDataladGet()
        {
            using var tree = new BidsTree();
            tree.Symlink("sub-01/anat/sub-01_T1w.nii.gz", $"../../.git/annex/objects/Xx/Yy/{Key}/{Key}");
            var ds = BidsDataset.Open(tree.Root);
            var img = Assert.Single(ds.Images);
            Assert.Equal(BidsContentState.DanglingSymlink, img.ContentState);
            Assert.True(img.IsAnnexSymlink);
            Assert.True(img.IsContentAbsent);
            var issue = Assert.Single(ds.Issues);
            Assert.Equal(BidsIssueCodes.ContentAbsent, issue.Code);
            Assert.Contains("datalad get sub-01/anat/sub-01_T1w.nii.gz", issue.Message);
        }

        [Fact]
        public void DanglingLinkIsDetectedWithoutContentProbing()
        {
            using var tree = new BidsTree();
            tree.Symlink("sub-01/anat/sub-01_T1w.nii.gz", $"../../.git/annex/objects/Xx/Yy/{Key}/{Key}");
            tree.Nifti("sub-01/anat/sub-01_T2w.nii.gz");
            var ds = BidsDataset.Open(tree.Root, new BidsListOptions { ProbeContent = false });
            Assert.Equal(BidsContentState.DanglingSymlink, ds.Images.Single(i => i.Suffix == "T1w").ContentState);
            Assert.Equal(BidsContentState.Present, ds.Images.Single(i => i.Suffix == "T2w").ContentState);
        }

        [Fact]
        public void UnlockedPointerFileIsAbsentContent()
        {
            using var tree = new BidsTree();
            tree.Write("sub-01/anat/sub-01_T1w.nii.gz", $"/annex/objects/{Key}\n");
            var ds = BidsDataset.Open(tree.Root);
            var img = Assert.Single(ds.Images);
            Assert.Equal(BidsContentState.AnnexPointer, img.ContentState);
            Assert.False(img.IsSymlink);
            Assert.True(img.IsContentAbsent);
            Assert.Contains(ds.Issues, i => i.Code == BidsIssueCodes.ContentAbsent);
        }

        [Fact]
        public void PlainSymlinkOutsideAnnexIsASymlinkButNotAnnex()
        {
            using var tree = new BidsTree();
            tree.Nifti("store/t1.nii.gz");
            tree.Symlink("sub-01/anat/sub-01_T1w.nii.gz", "../../store/t1.nii.gz");
            var img = Assert.Single(BidsDataset.Open(tree.Root).Images);
            Assert.True(img.IsSymlink);
            Assert.False(img.IsAnnexSymlink);
            Assert.Equal(BidsContentState.Present, img.ContentState);
        }

        [Fact]
        public void AnnexedSidecarsAreFollowedAndDanglingOnesReported()
        {
            using var tree = new BidsTree();
            tree.Nifti("sub-01/anat/sub-01_T1w.nii.gz");
            tree.Nifti("sub-02/anat/sub-02_T1w.nii.gz");
            tree.Write(".git/annex/objects/a/b/k.json/k.json", "{\"EchoTime\": 0.005}");
            tree.Symlink("sub-01/anat/sub-01_T1w.json", "../../.git/annex/objects/a/b/k.json/k.json");
            var dangling = tree.Symlink("sub-02/anat/sub-02_T1w.json", "../../.git/annex/objects/a/b/missing.json/missing.json");
            var ds = BidsDataset.Open(tree.Root);
            Assert.Equal(0.005, (double)ds.Subjects[0].Images[0].Metadata["EchoTime"]!);
            var issue = Assert.Single(ds.Issues);
            Assert.Equal(BidsIssueCodes.FileUnreadable, issue.Code);
            Assert.Equal(dangling, issue.Path);
            Assert.Contains("datalad get", issue.Message);
        }
    

        [Fact]
        public void AnnexPointerSidecarAndScansTsvSayDataladGet()
        {
            using var tree = new BidsTree();
            tree.Nifti("sub-01/anat/sub-01_T1w.nii.gz");
            var json = tree.Write("sub-01/anat/sub-01_T1w.json", "/annex/objects/SHA256E-s10--aa.json\n");
            var scans = tree.Write("sub-01/sub-01_scans.tsv", "/annex/objects/SHA256E-s10--bb.tsv\n");
            var ds = BidsDataset.Open(tree.Root);
            Assert.Equal(2, ds.Issues.Count);
            Assert.All(ds.Issues, i => Assert.Equal(BidsIssueCodes.FileUnreadable, i.Code));
            Assert.All(ds.Issues, i => Assert.Contains("pointer file", i.Message));
            Assert.All(ds.Issues, i => Assert.Contains("datalad get", i.Message));
            Assert.Equal(new[] { json, scans }.OrderBy(x => x), ds.Issues.Select(i => i.Path).OrderBy(x => x));
            Assert.Equal(json, ds.Images.Single().SidecarPath);
        }

        [Fact]
        public void EmptySubjectFolderIsReportedAsPossiblyAnUninstalledSubdataset()
        {
            using var tree = new BidsTree();
            Directory.CreateDirectory(tree.Full("sub-02"));
            tree.Nifti("sub-01/anat/sub-01_T1w.nii.gz");
            var ds = BidsDataset.Open(tree.Root);
            Assert.Equal(2, ds.Subjects.Count);
            var issue = Assert.Single(ds.Issues);
            Assert.Equal(BidsIssueCodes.SubjectEmpty, issue.Code);
            Assert.Equal(tree.Full("sub-02"), issue.Path);
            Assert.Contains("datalad get -n sub-02", issue.Message);
        }
    }
}
