using System.IO;
using System.Linq;
using Defacer.Engine.Bids;
using Defacer.Engine.Deface;
using Defacer.Engine.Nifti;
using Xunit;
using static Defacer.Engine.Tests.Deface.PipelineTestKit;

namespace Defacer.Engine.Tests.Deface
{
    /// <summary>Pairing a non-T1w image with its T1w by entities, never by listing order.</summary>
    public class T1wPairingTests
    {
        private static BidsDataset Dataset(params string[] relatives)
        {
            var root = TestData.NewTempDir();
            MakeDataset(root, MakeImage(NiftiDataType.Uint8), sidecarJson: null!, relative: relatives[0]);
            foreach (var rel in relatives.Skip(1))
            {
                var path = Path.Combine(root, rel);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                NiftiWriter.Write(MakeImage(NiftiDataType.Uint8), path);
            }
            return BidsDataset.Open(root);
        }

        private static BidsImage Image(BidsDataset ds, string fileName) => ds.Images.Single(i => i.FileName == fileName);

        [Fact]
        public void Find_SameSession_OnlyT1w()
        {
            var ds = Dataset("sub-01/ses-1/anat/sub-01_ses-1_T1w.nii.gz", "sub-01/ses-2/anat/sub-01_ses-2_T1w.nii.gz",
                "sub-01/ses-2/anat/sub-01_ses-2_T2w.nii.gz", "sub-02/ses-2/anat/sub-02_ses-2_T1w.nii.gz");
            Assert.Equal("sub-01_ses-2_T1w.nii.gz", T1wPairing.Find(Image(ds, "sub-01_ses-2_T2w.nii.gz"), ds.Images).FileName);
        }

        [Fact]
        public void Find_RunAndAcqDecide()
        {
            var ds = Dataset("sub-01/anat/sub-01_run-1_T1w.nii.gz", "sub-01/anat/sub-01_run-2_T1w.nii.gz",
                "sub-01/anat/sub-01_acq-fast_run-2_T1w.nii.gz", "sub-01/anat/sub-01_run-2_T2w.nii.gz", "sub-01/anat/sub-01_acq-fast_run-2_FLAIR.nii.gz");
            // run-2 matches two T1w (with and without acq-fast); the T2w has no acq, so acq does not narrow: ambiguous.
            var ex = Assert.Throws<DefaceException>(() => T1wPairing.Find(Image(ds, "sub-01_run-2_T2w.nii.gz"), ds.Images));
            Assert.Equal(DefaceErrorKind.T1wPairingFailed, ex.Kind);
            Assert.Contains("sub-01_run-2_T1w.nii.gz", ex.Message);
            Assert.Equal("sub-01_acq-fast_run-2_T1w.nii.gz", T1wPairing.Find(Image(ds, "sub-01_acq-fast_run-2_FLAIR.nii.gz"), ds.Images).FileName);
        }

        [Fact]
        public void Find_ListingOrderDoesNotMatter()
        {
            var ds = Dataset("sub-01/anat/sub-01_run-1_T1w.nii.gz", "sub-01/anat/sub-01_run-2_T1w.nii.gz", "sub-01/anat/sub-01_run-1_T2w.nii.gz");
            var t2 = Image(ds, "sub-01_run-1_T2w.nii.gz");
            Assert.Equal("sub-01_run-1_T1w.nii.gz", T1wPairing.Find(t2, ds.Images).FileName);
            Assert.Equal("sub-01_run-1_T1w.nii.gz", T1wPairing.Find(t2, ds.Images.Reverse()).FileName);
        }

        [Fact]
        public void Find_NoT1wInSession_Fails()
        {
            var ds = Dataset("sub-01/ses-1/anat/sub-01_ses-1_T1w.nii.gz", "sub-01/ses-2/anat/sub-01_ses-2_T2w.nii.gz");
            var ex = Assert.Throws<DefaceException>(() => T1wPairing.Find(Image(ds, "sub-01_ses-2_T2w.nii.gz"), ds.Images));
            Assert.Contains("no T1w", ex.Message);
        }
    }
}
