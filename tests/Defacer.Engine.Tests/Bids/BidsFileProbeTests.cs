using System.IO;
using System.Linq;
using System.Text;
using Defacer.Engine.Bids;
using Xunit;

namespace Defacer.Engine.Tests.Bids
{
    public class BidsFileProbeTests
    {
        [Fact]
        public void ClassifiesPresentHeaderOnlyEmptyPointerAndNotNifti()
        {
            using var tree = new BidsTree();
            Assert.Equal(BidsContentState.Present, BidsFileProbe.Classify(tree.Nifti("a.nii")));
            Assert.Equal(BidsContentState.Present, BidsFileProbe.Classify(tree.Nifti("a.nii.gz")));
            Assert.Equal(BidsContentState.HeaderOnly, BidsFileProbe.Classify(tree.Nifti("h.nii", headerOnly: true)));
            Assert.Equal(BidsContentState.HeaderOnly, BidsFileProbe.Classify(tree.Nifti("h.nii.gz", headerOnly: true)));
            Assert.Equal(BidsContentState.Empty, BidsFileProbe.Classify(tree.Write("e.nii.gz", "")));
            Assert.Equal(BidsContentState.AnnexPointer, BidsFileProbe.Classify(tree.Write("p.nii.gz", "/annex/objects/SHA256E-s1--x.nii.gz")));
            Assert.Equal(BidsContentState.NotNifti, BidsFileProbe.Classify(tree.Write("html.nii", "<html><body>" + new string(' ', 400) + "</body></html>")));
            Assert.Equal(BidsContentState.NotNifti, BidsFileProbe.Classify(tree.Write("stub.nii.gz", "x")));
            Assert.Equal(BidsContentState.NotNifti, BidsFileProbe.Classify(tree.WriteBytes("badgz.nii.gz", new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 })));
        }

        [Fact]
        public void MultiMemberGzipIsNotMistakenForHeaderOnly()
        {
            // bgzip-style: the header in one gzip member, the voxels in another; ISIZE then holds the last member only.
            using var tree = new BidsTree();
            var bytes = BidsTree.NiftiBytes();
            var first = BidsTree.Gzip(bytes[..352]);
            var second = BidsTree.Gzip(bytes[352..]);
            Assert.Equal(BidsContentState.Present, BidsFileProbe.Classify(tree.WriteBytes("multi.nii.gz", first.Concat(second).ToArray())));
        }

        [Fact]
        public void BigEndianHeaderIsRead()
        {
            using var tree = new BidsTree();
            var le = BidsTree.NiftiBytes();
            var be = (byte[])le.Clone();
            void Swap(int o, int n) => System.Array.Reverse(be, o, n);
            Swap(0, 4);
            for (var d = 0; d < 8; d++) Swap(40 + 2 * d, 2);
            Swap(70, 2);
            Swap(72, 2);
            Swap(108, 4);
            Assert.Equal(BidsContentState.Present, BidsFileProbe.Classify(tree.WriteBytes("be.nii", be)));
            Assert.Equal(BidsContentState.HeaderOnly, BidsFileProbe.Classify(tree.WriteBytes("be2.nii", be[..352])));
        }

        [Fact]
        public void ExampleHeaderOnlyFilesAreRecognised()
        {
            Assert.Equal(BidsContentState.HeaderOnly, BidsFileProbe.Classify(Path.Combine(TestData.BidsExamples, "synthetic", "sub-01", "ses-01", "anat", "sub-01_ses-01_T1w.nii")));
            Assert.Equal(BidsContentState.HeaderOnly, BidsFileProbe.Classify(Path.Combine(TestData.BidsExamples, "mri_chunk", "sub-001", "anat", "sub-001_chunk-1_T1w.nii.gz")));
        }

        [Fact]
        public void AnnexTargetDetection()
        {
            Assert.True(BidsFileProbe.IsAnnexTarget("../../.git/annex/objects/Xx/Yy/K/K"));
            Assert.True(BidsFileProbe.IsAnnexTarget("..\\..\\.git\\annex\\objects\\K"));
            Assert.False(BidsFileProbe.IsAnnexTarget("../store/t1.nii.gz"));
            Assert.False(BidsFileProbe.IsAnnexTarget(null));
        }
    }
}
