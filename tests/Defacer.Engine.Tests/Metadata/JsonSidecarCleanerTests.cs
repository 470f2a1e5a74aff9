using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Defacer.Engine.Metadata;
using Xunit;

namespace Defacer.Engine.Tests.Metadata
{
    public sealed class JsonSidecarCleanerTests
    {
        private static readonly KeyPolicy s_default = new KeyPolicy(new MetadataOptions());

        private static JsonCleanResult Clean(byte[] content, KeyPolicy? policy = null, Func<string, string>? pseudonymize = null) =>
            JsonSidecarCleaner.Clean(content, "/d/sub-01_T1w.json", "sub-01_T1w.json", policy ?? s_default, pseudonymize);

        private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

        /// <summary>Interleaves identifying and kept keys so that removals happen at the start, middle and end.</summary>
        private static List<(string Key, string Raw)> Mixed()
        {
            var list = new List<(string, string)>();
            int k = 0;
            for (int i = 0; i < SidecarText.ListA.Length; i++)
            {
                list.Add(SidecarText.ListA[i]);
                if (i % 3 == 2 && k < SidecarText.Kept.Length)
                {
                    list.Add(SidecarText.Kept[k++]);
                }
            }
            while (k < SidecarText.Kept.Length)
            {
                list.Add(SidecarText.Kept[k++]);
            }
            list.Add(("PatientName", "\"last\""));   // a removed key at the very end
            return list;
        }

        public static IEnumerable<object[]> Layouts() => new[]
        {
            new object[] { "2 spaces", new SidecarText("  ") },
            new object[] { "4 spaces", new SidecarText("    ") },
            new object[] { "tabs", new SidecarText("\t") },
            new object[] { "minified", SidecarText.Minified },
            new object[] { "CRLF", new SidecarText("  ", "\r\n") },
            new object[] { "BOM", new SidecarText(" ", "\n", bom: true) },
        };

        [Theory]
        [MemberData(nameof(Layouts))]
        public void EveryListAKey_IsRemoved_AndEveryOtherByteStays(string name, SidecarText layout)
        {
            var input = layout.Write(Mixed());
            var expected = layout.Write(SidecarText.Kept);

            var result = Clean(input);

            Assert.True(result.Changed, name);
            Assert.Equal(Text(expected), Text(result.Content));
            Assert.Equal(expected, result.Content);
            Assert.Equal(SidecarText.ListA.Length + 1, result.Removed.Count);
        }

        [Fact]
        public void BomAbsent_StaysAbsent_AndPresent_StaysPresent()
        {
            var without = new SidecarText("  ").Write(new[] { ("PatientName", "\"x\""), ("A", "1") });
            var with = new SidecarText("  ", bom: true).Write(new[] { ("PatientName", "\"x\""), ("A", "1") });
            Assert.False(JsonSidecarCleaner.HasBom(Clean(without).Content));
            Assert.True(JsonSidecarCleaner.HasBom(Clean(with).Content));
            Assert.Equal("{\n  \"A\": 1\n}\n", Text(Clean(with).Content.Skip(3).ToArray()));
        }

        [Fact]
        public void NothingToRemove_ReturnsTheSameBytes()
        {
            var input = new SidecarText("  ").Write(SidecarText.Kept);
            var result = Clean(input);
            Assert.False(result.Changed);
            Assert.Same(input, result.Content);
        }

        [Theory]
        [InlineData("{\"PatientName\":\"x\"}", "{}")]
        [InlineData("{\n  \"PatientName\": \"x\"\n}", "{}")]
        [InlineData("{\"PatientName\":\"x\",\"A\":1}", "{\"A\":1}")]
        [InlineData("{\"A\":1,\"PatientName\":\"x\"}", "{\"A\":1}")]
        [InlineData("{\"A\":1 , \"PatientName\":\"x\" }", "{\"A\":1 }")]
        [InlineData("{\"A\":1,\"PatientName\":\"x\",\"StudyID\":\"2\",\"B\":2}", "{\"A\":1,\"B\":2}")]
        [InlineData("{ \"A\": 1\n, \"PatientName\": \"x\"\n, \"B\": 2\n}", "{ \"A\": 1\n, \"B\": 2\n}")]
        [InlineData("{\"Patient\\u004Eame\":\"escaped key\",\"A\":1}", "{\"A\":1}")]
        [InlineData("{\"PatientName\":\"a\",\"A\":1,\"PatientName\":\"b\"}", "{\"A\":1}")]
        [InlineData("{\"X\":{\"PatientName\":\"n\",\"K\":[{\"PatientID\":1,\"L\":2}]},\"Y\":3}", "{\"X\":{\"K\":[{\"L\":2}]},\"Y\":3}")]
        public void Removal_CutsTheRightSpans(string input, string expected)
        {
            Assert.Equal(expected, Text(Clean(Encoding.UTF8.GetBytes(input)).Content));
        }

        [Fact]
        public void DcmstackNames_CountOnlyAtTopLevel()
        {
            var input = "{\"time\":{\"a\":1},\"Columns\":{\"time\":{\"Description\":\"kept\"},\"global\":2,\"dcmmeta_x\":3}}";
            Assert.Equal("{\"Columns\":{\"time\":{\"Description\":\"kept\"},\"global\":2,\"dcmmeta_x\":3}}", Text(Clean(Encoding.UTF8.GetBytes(input)).Content));
        }

        [Fact]
        public void KeepGroup_KeepField_AndField_ChangeTheDecision()
        {
            var options = new MetadataOptions();
            options.KeepGroups.Add(MetadataKeyGroup.InstitutionAndDevice);
            options.KeepFields.Add("ProtocolName");
            options.AddFields.Add("AcquisitionTime");
            var input = "{\"InstitutionName\":\"I\",\"StationName\":\"S\",\"ProtocolName\":\"P\",\"SeriesDescription\":\"D\",\"AcquisitionTime\":\"10:33:32\",\"A\":1}";

            var result = Clean(Encoding.UTF8.GetBytes(input), new KeyPolicy(options));

            Assert.Equal("{\"InstitutionName\":\"I\",\"StationName\":\"S\",\"ProtocolName\":\"P\",\"A\":1}", Text(result.Content));
            Assert.Equal(new[] { "SeriesDescription", "AcquisitionTime" }, result.Removed);
            Assert.Contains(result.Findings, f => f.Field == "InstitutionName" && f.Action == MetadataAction.Keep);
            Assert.Contains(result.Findings, f => f.Field == "ProtocolName" && f.Action == MetadataAction.Keep);
        }

        [Fact]
        public void PseudonymizeDevice_ReplacesOnlyTheValue()
        {
            var options = new MetadataOptions { PseudonymizeDevice = true };
            var input = "{\n  \"DeviceSerialNumber\": \"35119\",\n  \"StationName\": \"MRC35119\",\n  \"A\": 1\n}";

            var result = Clean(Encoding.UTF8.GetBytes(input), new KeyPolicy(options), serial => "device-" + serial.Length);

            Assert.Equal("{\n  \"DeviceSerialNumber\": \"device-5\",\n  \"A\": 1\n}", Text(result.Content));
            Assert.Equal(new[] { "DeviceSerialNumber" }, result.Pseudonymized);
            Assert.Equal(new[] { "StationName" }, result.Removed);
        }

        [Fact]
        public void Inspect_ReportsFindings_WithPreviewsAndLines_WithoutChanging()
        {
            var input = Encoding.UTF8.GetBytes("{\n \"PatientName\": \"DOE^JOHN\",\n \"AcquisitionTime\": \"10:33:32.1625\",\n \"ConversionComments\": \"c\",\n \"Other\": \"2009-04-09T12:04:14\",\n \"TaskName\": \"rest\"\n}");

            var result = JsonSidecarCleaner.Inspect(input, "/d/x.json", "x.json", s_default);

            Assert.False(result.Changed);
            Assert.Same(input, result.Content);
            var byField = result.Findings.ToDictionary(f => f.Field);
            Assert.Equal(MetadataAction.Remove, byField["PatientName"].Action);
            Assert.Equal("DOE^JOHN", byField["PatientName"].ValuePreview);
            Assert.Equal(2, byField["PatientName"].Line);
            Assert.Equal(MetadataAction.Report, byField["AcquisitionTime"].Action);
            Assert.Equal(MetadataAction.Report, byField["ConversionComments"].Action);
            Assert.Equal(FindingKind.JsonValue, byField["Other"].Kind);
            Assert.False(byField.ContainsKey("TaskName"));
        }

        [Theory]
        [InlineData("{\n  \"A\": 1,\n}", 3, 1, "trailing comma")]
        [InlineData("{\n  \"A\": 01\n}", 2, 9, "leading zeros")]
        [InlineData("{\n  \"A\": \"x\n\"}", 2, 10, "line break inside a string")]
        [InlineData("{\"A\": 1} x", 1, 10, "after the end")]
        [InlineData("", 1, 1, "empty")]
        [InlineData("{\"A\": NaN}", 1, 7, "expected a value")]
        [InlineData("{\"A\": \"\\x\"}", 1, 8, "invalid escape")]
        public void MalformedJson_NamesFileLineAndColumn(string input, int line, int column, string problem)
        {
            var ex = Assert.Throws<MetadataFormatException>(() => Clean(Encoding.UTF8.GetBytes(input)));
            Assert.Equal("/d/sub-01_T1w.json", ex.Path);
            Assert.Equal(line, ex.Line);
            Assert.Equal(column, ex.Column);
            Assert.Contains(problem, ex.Message);
            Assert.StartsWith($"/d/sub-01_T1w.json:{line}:{column}:", ex.Message);
        }

        [Fact]
        public void InvalidUtf8_IsAFormatError()
        {
            var ex = Assert.Throws<MetadataFormatException>(() => Clean(new byte[] { (byte)'{', (byte)'"', 0xC3, (byte)'"', (byte)':', (byte)'1', (byte)'}' }));
            Assert.Contains("UTF-8", ex.Message);
        }
    }
}
