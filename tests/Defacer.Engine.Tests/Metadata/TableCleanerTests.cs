using System;
using System.Linq;
using System.Text;
using Defacer.Engine.Metadata;
using Xunit;

namespace Defacer.Engine.Tests.Metadata
{
    public sealed class TableCleanerTests : IDisposable
    {
        private readonly string _dir = TestData.NewTempDir("defacer-tables");

        public void Dispose() => System.IO.Directory.Delete(_dir, true);

        private DateShiftStore StoreWith(string subject, int days)
        {
            var store = DateShiftStore.Load(_dir);
            store.Add(subject, days);
            return store;
        }

        private static string Clean(string text, string rel, MetadataOptions? options = null, DateShiftStore? store = null) =>
            Encoding.UTF8.GetString(TableCleaner.Clean(Encoding.UTF8.GetBytes(text), "/d/" + rel, rel, options ?? new MetadataOptions(), store ?? DateShiftStore.Load("/nonexistent")).Content);

        [Fact]
        public void AcqTime_IsShiftedByWholeDays_KeepingTimeText()
        {
            var text = "filename\tacq_time\r\nanat/a.nii.gz\t2009-04-09T12:04:14.123456+01:00\r\nanat/b.nii.gz\tn/a\r\nanat/c.nii.gz\t2009-04-10T00:00:00\r\n";
            var result = Clean(text, "sub-01/ses-1/sub-01_ses-1_scans.tsv", store: StoreWith("sub-01", -36500));
            var expected = new DateTime(2009, 4, 9).AddDays(-36500).ToString("yyyy-MM-dd");
            var expected2 = new DateTime(2009, 4, 10).AddDays(-36500).ToString("yyyy-MM-dd");
            Assert.Equal($"filename\tacq_time\r\nanat/a.nii.gz\t{expected}T12:04:14.123456+01:00\r\nanat/b.nii.gz\tn/a\r\nanat/c.nii.gz\t{expected2}T00:00:00\r\n", result);
        }

        [Fact]
        public void AlreadyShiftedDates_AreLeftAlone()
        {
            var text = "filename\tacq_time\nfunc/x.nii\t1880-01-10T05:17:54\n";
            var result = TableCleaner.Clean(Encoding.UTF8.GetBytes(text), "/d/s.tsv", "sub-01/sub-01_scans.tsv", new MetadataOptions(), DateShiftStore.Load("/nonexistent"));
            Assert.False(result.Changed);
        }

        [Fact]
        public void DropAcqTime_AndHeudiconvColumns_AreRemoved()
        {
            var text = "filename\tacq_time\toperator\trandstr\nanat/a.nii.gz\t2009-04-09T12:04:14\tDr X\tab12cd34\n";
            Assert.Equal("filename\nanat/a.nii.gz\n", Clean(text, "sub-01/sub-01_scans.tsv", new MetadataOptions { DropAcqTime = true }));
        }

        [Fact]
        public void KeepField_KeepsAColumn()
        {
            var options = new MetadataOptions { DropAcqTime = true };
            options.KeepFields.Add("operator");
            var text = "filename\tacq_time\toperator\nanat/a.nii.gz\t2009-04-09T12:04:14\tDr X\n";
            Assert.Equal("filename\toperator\nanat/a.nii.gz\tDr X\n", Clean(text, "sub-01/sub-01_scans.tsv", options));
        }

        [Fact]
        public void AgesAbove89_AreCapped()
        {
            var text = "participant_id\tage\tsex\nsub-01\t90\tM\nsub-02\t89+\tF\nsub-03\t89\tF\nsub-04\tn/a\tM\nsub-05\t91.5\tF\nsub-06\t34\tM\n";
            Assert.Equal("participant_id\tage\tsex\nsub-01\t89\tM\nsub-02\t89\tF\nsub-03\t89\tF\nsub-04\tn/a\tM\nsub-05\t89\tF\nsub-06\t34\tM\n", Clean(text, "participants.tsv"));
        }

        [Fact]
        public void IdentifyingColumns_AreReported_NotRemoved()
        {
            var text = "participant_id\tage\tPatientName\tdate_of_birth\temail\tfilename_x\thandedness\nsub-01\t30\tDOE\t1970\ta@b\tx\tR\n";
            var result = TableCleaner.Inspect(Encoding.UTF8.GetBytes(text), "/d/participants.tsv", "participants.tsv", new MetadataOptions());
            var reported = result.Findings.Where(f => f.Action == MetadataAction.Report).Select(f => f.Field).ToArray();
            Assert.Equal(new[] { "PatientName", "date_of_birth", "email" }, reported);
            Assert.False(result.Changed);
        }

        [Fact]
        public void Inspect_ReportsShiftWithoutAnOffset()
        {
            var text = "session_id\tacq_time\nses-1\t2015-01-01T10:00:00\n";
            var result = TableCleaner.Inspect(Encoding.UTF8.GetBytes(text), "/d/sub-01_sessions.tsv", "sub-01/sub-01_sessions.tsv", new MetadataOptions());
            var finding = Assert.Single(result.Findings);
            Assert.Equal(MetadataAction.ShiftDate, finding.Action);
            Assert.Equal("2015-01-01T10:00:00", finding.ValuePreview);
        }

        [Theory]
        [InlineData("sub-01/ses-1/anat/x", "sub-01")]
        [InlineData("derivatives/fmriprep/sub-02/sub-02_sessions.tsv", "sub-02")]
        [InlineData("participants.tsv", null)]
        public void SubjectOf_FindsTheSubjectFolder(string rel, string? subject)
        {
            Assert.Equal(subject, TableCleaner.SubjectOf(rel));
        }
    }
}
