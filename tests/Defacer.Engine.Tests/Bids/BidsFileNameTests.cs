using System.Linq;
using Defacer.Engine.Bids;
using Xunit;

namespace Defacer.Engine.Tests.Bids
{
    public class BidsFileNameTests
    {
        [Fact]
        public void ParsesEntitiesSuffixAndDoubleExtension()
        {
            var n = BidsFileName.Parse("sub-01_ses-1_acq-fast_run-01_T2w.nii.gz");
            Assert.Equal(".nii.gz", n.Extension);
            Assert.Equal("T2w", n.Suffix);
            Assert.Equal(new[] { "sub", "ses", "acq", "run" }, n.Entities.Keys);
            Assert.Equal("01", n.Entities.Run);
            Assert.Empty(n.Problems);
        }

        [Fact]
        public void PlusInLabelsIsValidSinceBids1101()
        {
            var n = BidsFileName.Parse("sub-01_ses-01_task-stroop+blackbg_beh.tsv");
            Assert.Equal("stroop+blackbg", n.Entities.Task);
            Assert.Empty(n.Problems);
        }

        [Theory]
        [InlineData("sub-01_run-1_acq-fast_T2w.nii", BidsIssueCodes.EntityOrder)]
        [InlineData("sub-01_run-1_run-2_T1w.nii", BidsIssueCodes.EntityOrder)]
        [InlineData("sub-01_foo-bar_T1w.nii", BidsIssueCodes.EntityUnknown)]
        [InlineData("sub-01_acq_T1w.nii", BidsIssueCodes.FileNameMalformed)]
        [InlineData("sub-01_acq-_T1w.nii", BidsIssueCodes.FileNameMalformed)]
        [InlineData("sub-01_run-1.nii", BidsIssueCodes.FileNameMalformed)]
        [InlineData("sub-01_acq-a.b_T1w.nii", BidsIssueCodes.FileNameMalformed)]
        [InlineData("sub-0 1_T1w.nii", BidsIssueCodes.LabelInvalid)]
        [InlineData("sub-01_echo-a_T1w.nii", BidsIssueCodes.LabelInvalid)]
        public void OddNamesAreReportedNotThrown(string name, string code)
        {
            var n = BidsFileName.Parse(name);
            Assert.Contains(n.Problems, p => p.Code == code);
            Assert.All(n.Problems, p => Assert.Contains(name, p.Message));
        }

        [Fact]
        public void NameWithoutSuffixKeepsItsEntities()
        {
            var n = BidsFileName.Parse("sub-01_run-1.nii");
            Assert.Equal(string.Empty, n.Suffix);
            Assert.Equal(new[] { "sub", "run" }, n.Entities.Keys);
        }

        [Fact]
        public void RootLevelSidecarNameHasNoSubject()
        {
            var n = BidsFileName.Parse("acq-mprage_T1w.json");
            Assert.Null(n.Entities.Subject);
            Assert.Equal("mprage", n.Entities.Acquisition);
            Assert.Equal("T1w", n.Suffix);
            Assert.Equal(".json", n.Extension);
        }

        [Theory]
        [InlineData("01", true)]
        [InlineData("a+b", true)]
        [InlineData("", false)]
        [InlineData("0-1", false)]
        [InlineData("../x", false)]
        [InlineData("01 ", false)]
        public void LabelValidity(string label, bool valid) => Assert.Equal(valid, BidsFileName.IsValidLabel(label));
    }
}
