using System.Text;
using Defacer.Engine.Metadata;
using Xunit;

namespace Defacer.Engine.Tests.Metadata
{
    public sealed class TsvTableTests
    {
        [Theory]
        [InlineData("a\tb\n1\t2\n")]
        [InlineData("a\tb\r\n1\t2\r\n3\t4")]
        [InlineData("\uFEFFa\tb\n1\t2\n\n")]
        [InlineData("a\tb\n1\t2\r\n3\t4\n")]
        public void UntouchedTable_RoundTripsByteForByte(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            Assert.Equal(bytes, TsvTable.Parse(bytes, "t.tsv").ToBytes());
        }

        [Fact]
        public void RemoveColumn_KeepsLineEndings()
        {
            var table = TsvTable.Parse(Encoding.UTF8.GetBytes("a\tb\tc\r\n1\t2\t3\r\n4\t5\t6"), "t.tsv");
            table.RemoveColumn(1);
            Assert.Equal("a\tc\r\n1\t3\r\n4\t6", Encoding.UTF8.GetString(table.ToBytes()));
        }

        [Fact]
        public void RaggedRow_NamesTheLine()
        {
            var ex = Assert.Throws<MetadataFormatException>(() => TsvTable.Parse(Encoding.UTF8.GetBytes("a\tb\n1\t2\n3\n"), "/d/t.tsv"));
            Assert.Equal(3, ex.Line);
            Assert.Equal("/d/t.tsv", ex.Path);
            Assert.Contains("1 cells", ex.Message);
        }

        [Fact]
        public void EmptyFile_IsAFormatError()
        {
            Assert.Throws<MetadataFormatException>(() => TsvTable.Parse(new byte[0], "t.tsv"));
        }
    }
}
