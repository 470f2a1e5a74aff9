using System;
using Defacer.Engine.Deface;
using Xunit;

namespace Defacer.Engine.Tests.Deface
{
    public class DefaceMaskNameTests
    {
        [Theory]
        [InlineData("sub-01_T1w.nii.gz", "sub-01_mod-T1w_defacemask.nii.gz")]
        [InlineData("sub-01_ses-1_acq-fast_run-1_T2w.nii", "sub-01_ses-1_acq-fast_run-1_mod-T2w_defacemask.nii.gz")]
        [InlineData("sub-01_ses-pre_acq-mprage_ce-gad_rec-norm_run-02_FLAIR.nii.gz", "sub-01_ses-pre_acq-mprage_ce-gad_rec-norm_run-02_mod-FLAIR_defacemask.nii.gz")]
        [InlineData("sub-1_inv-2_part-mag_MP2RAGE.nii.gz", "sub-1_mod-MP2RAGE_defacemask.nii.gz")]
        [InlineData("/data/ds/sub-01/anat/sub-01_echo-1_T1w.nii.gz", "sub-01_mod-T1w_defacemask.nii.gz")]
        public void ForImage_FollowsEntityOrder_DropsDisallowed(string image, string expected)
        {
            Assert.Equal(expected, DefaceMaskName.ForImage(image));
        }

        [Fact]
        public void ForImage_NotBids_Throws()
        {
            Assert.Throws<ArgumentException>(() => DefaceMaskName.ForImage("head.nii.gz"));
        }
    }
}
