using System.Collections.Generic;
using Defacer.Engine.Bids;
using Xunit;

namespace Defacer.Engine.Tests.Bids
{
    public class TsvTableTests
    {
        [Fact]
        public void ReadsRowsKeepingValuesAsWritten()
        {
            var issues = new List<BidsIssue>();
            var t = TsvTable.Parse("p.tsv", "\uFEFFparticipant_id\tage\r\nsub-01\tn/a\r\nsub-02\t89+\r\n\r\n", issues)!;
            Assert.Empty(issues);
            Assert.Equal(new[] { "participant_id", "age" }, t.Columns);
            Assert.Equal(2, t.Rows.Count);
            Assert.Equal("n/a", t.Rows[0]["age"]);
            Assert.Equal("89+", t.Rows[1]["age"]);
        }

        [Theory]
        [InlineData("", 1)]
        [InlineData("a\t\tb\n1\t2\t3", 1)]
        [InlineData("a\ta\n1\t2", 1)]
        public void BadHeaderGivesNoTable(string text, int line)
        {
            var issues = new List<BidsIssue>();
            Assert.Null(TsvTable.Parse("x.tsv", text, issues));
            var issue = Assert.Single(issues);
            Assert.Equal(BidsIssueCodes.TsvMalformed, issue.Code);
            Assert.Equal(line, issue.Line);
        }

        [Fact]
        public void RowOfWrongWidthIsDroppedAndReportedWithItsLine()
        {
            var issues = new List<BidsIssue>();
            var t = TsvTable.Parse("x.tsv", "a\tb\n1\t2\n3\n4\t5\t6\n7\t8\n", issues)!;
            Assert.Equal(2, t.Rows.Count);
            Assert.Equal(new int?[] { 3, 4 }, issues.ConvertAll(i => i.Line));
        }
    }
}
