using Defacer.Engine.Bids;
using Xunit;

namespace Defacer.Engine.Tests.Bids
{
    public class BidsIgnoreTests
    {
        [Theory]
        // ds000117's own patterns
        [InlineData("**/sub-*_ses-mri_run-*_echo-*_FLASH.nii.gz", "sub-01/ses-mri/anat/sub-01_ses-mri_run-1_echo-1_FLASH.nii.gz", true)]
        [InlineData("**/sub-*_ses-mri_run-*_echo-*_FLASH.nii.gz", "sub-01/ses-mri/anat/sub-01_ses-mri_acq-mprage_T1w.nii.gz", false)]
        [InlineData("run-*_echo-*_FLASH.json", "run-1_echo-2_FLASH.json", true)]
        // unanchored names match at any depth, anchored ones only from the root
        [InlineData("*_FLASH.nii.gz", "sub-01/anat/sub-01_FLASH.nii.gz", true)]
        [InlineData("/sub-01", "sub-01/anat/sub-01_T1w.nii.gz", true)]
        [InlineData("/anat", "sub-01/anat/sub-01_T1w.nii.gz", false)]
        [InlineData("anat/", "sub-01/anat/sub-01_T1w.nii.gz", true)]
        [InlineData("sub-01/anat/*.nii", "sub-01/anat/sub-01_T1w.nii", true)]
        [InlineData("sub-01/anat/*.nii", "sub-02/sub-01/anat/sub-01_T1w.nii", false)]
        [InlineData("sub-0?", "sub-01/anat/x.nii", true)]
        [InlineData("sub-0[2-3]", "sub-01/anat/x.nii", false)]
        [InlineData("sub-0[!2-3]", "sub-01/anat/x.nii", true)]
        [InlineData("extra/**", "extra/a/b.nii", true)]
        [InlineData("a/**/b.nii", "a/b.nii", true)]
        [InlineData("a/**/b.nii", "a/x/y/b.nii", true)]
        [InlineData("# comment", "# comment", false)]
        [InlineData("\\#hash", "#hash", true)]
        public void MatchesLikeGitignore(string pattern, string path, bool ignored)
            => Assert.Equal(ignored, new BidsIgnore(pattern).IsIgnored(path));

        [Fact]
        public void LastMatchingPatternWinsAndNegationReincludes()
        {
            var ignore = new BidsIgnore("*.nii.gz\r\n!*_T1w.nii.gz\n\n");
            Assert.Equal(2, ignore.Count);
            Assert.True(ignore.IsIgnored("sub-01/anat/sub-01_FLASH.nii.gz"));
            Assert.False(ignore.IsIgnored("sub-01/anat/sub-01_T1w.nii.gz"));
        }

        [Fact]
        public void DirectoryOnlyPatternDoesNotMatchAFileOfThatName()
        {
            var ignore = new BidsIgnore("notes/");
            Assert.False(ignore.IsIgnored("notes"));
            Assert.True(ignore.IsIgnored("notes", isDirectory: true));
            Assert.True(ignore.IsIgnored("notes/a.txt"));
        }
    }
}
