using System.IO;
using System.Text;
using Defacer.Engine.Deface;
using Newtonsoft.Json.Linq;
using Xunit;

namespace Defacer.Engine.Tests.Deface
{
    /// <summary>The sidecar edit adds two keys and changes no other byte.</summary>
    public class SidecarMarkerTests
    {
        private const string M = "Defacer 1 Quickshear";

        [Fact]
        public void Mark_IndentedFile_InsertsBeforeClosingBrace_KeepsEverythingElse()
        {
            var text = "{\n    \"RepetitionTime\": 2.30,\n    \"Nested\": {\"a\": [1, 2]},\n    \"Manufacturer\": \"X\"\n}\n";
            var marked = SidecarMarker.Mark(text, M);
            Assert.Equal("{\n    \"RepetitionTime\": 2.30,\n    \"Nested\": {\"a\": [1, 2]},\n    \"Manufacturer\": \"X\",\n    \"Defaced\": true,\n    \"DeidentificationMethod\": [\"Defacer 1 Quickshear\"]\n}\n", marked);
        }

        [Fact]
        public void Mark_CrlfTabsAndCompactSeparator_Followed()
        {
            var text = "{\r\n\t\"A\":1\r\n}";
            Assert.Equal("{\r\n\t\"A\":1,\r\n\t\"Defaced\":true,\r\n\t\"DeidentificationMethod\":[\"Defacer 1 Quickshear\"]\r\n}", SidecarMarker.Mark(text, M));
        }

        [Fact]
        public void Mark_SingleLine_StaysSingleLine()
        {
            Assert.Equal("{\"A\": 1, \"Defaced\": true, \"DeidentificationMethod\": [\"Defacer 1 Quickshear\"]}", SidecarMarker.Mark("{\"A\": 1}", M));
        }

        [Fact]
        public void Mark_ExistingMethodArray_Appended_ExistingStringBecomesArray()
        {
            var arr = SidecarMarker.Mark("{\n  \"DeidentificationMethod\": [\"dcm2niix anonymised\"],\n  \"A\": 1\n}", M);
            Assert.Equal("{\n  \"DeidentificationMethod\": [\"dcm2niix anonymised\", \"Defacer 1 Quickshear\"],\n  \"A\": 1,\n  \"Defaced\": true\n}", arr);
            var str = SidecarMarker.Mark("{\"DeidentificationMethod\": \"PACS\"}", M);
            Assert.Equal(new[] { "PACS", M }, JObject.Parse(str)["DeidentificationMethod"]!.ToObject<string[]>());
            var empty = SidecarMarker.Mark("{\"DeidentificationMethod\": [ ]}", M);
            Assert.Equal(new[] { M }, JObject.Parse(empty)["DeidentificationMethod"]!.ToObject<string[]>());
        }

        [Fact]
        public void Mark_DefacedFalse_BecomesTrue_InPlace()
        {
            Assert.Equal("{\"Defaced\": true, \"X\": \"}\", \"DeidentificationMethod\": [\"Defacer 1 Quickshear\"]}", SidecarMarker.Mark("{\"Defaced\": false, \"X\": \"}\"}", M));
        }

        [Fact]
        public void Mark_EmptyObjectAndMissingFile()
        {
            Assert.True(SidecarMarker.IsMarkedDefaced(SidecarMarker.Mark("{}", M)));
            var created = Encoding.UTF8.GetString(SidecarMarker.Mark((byte[]?)null, M));
            Assert.True(SidecarMarker.IsMarkedDefaced(created));
        }

        [Fact]
        public void Mark_Bom_Kept()
        {
            var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat("{\"A\": 1}");
            var marked = SidecarMarker.Mark(bytes, M);
            Assert.Equal(0xEF, marked[0]);
            Assert.True(SidecarMarker.IsMarkedDefaced(Encoding.UTF8.GetString(marked, 3, marked.Length - 3)));
        }

        [Fact]
        public void Mark_NotAnObject_InvalidData()
        {
            Assert.Throws<InvalidDataException>(() => SidecarMarker.Mark("[1, 2]", M));
            Assert.Throws<InvalidDataException>(() => SidecarMarker.Mark("{\"A\": ", M));
        }

        [Fact]
        public void IsMarked_OnlyTrueBoolean()
        {
            Assert.False(SidecarMarker.IsMarkedDefaced("{\"Defaced\": \"true\"}"));
            Assert.False(SidecarMarker.IsMarkedDefaced("{\"Defaced\": false}"));
            Assert.True(SidecarMarker.IsMarkedDefaced("{\"Defaced\": true}"));
        }
    }

    internal static class ByteConcat
    {
        public static byte[] Concat(this byte[] a, string s)
        {
            var b = Encoding.UTF8.GetBytes(s);
            var r = new byte[a.Length + b.Length];
            a.CopyTo(r, 0);
            b.CopyTo(r, a.Length);
            return r;
        }
    }
}
