using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Defacer.Engine.Metadata;
using Newtonsoft.Json.Linq;
using Xunit;

namespace Defacer.Engine.Tests.Metadata
{
    public sealed class DeidentificationRecordTests : IDisposable
    {
        private const string Method = "Defacer 1 Remove-BidsMetadata";
        private readonly string _root = TestData.NewTempDir("defacer-deid");

        public void Dispose() => Directory.Delete(_root, true);

        private static string Append(string json, MetadataOptions? options = null) =>
            Encoding.UTF8.GetString(DeidentificationRecord.Append(Encoding.UTF8.GetBytes(json), "x.json", Method, options ?? new MetadataOptions()));

        private static MetadataOptions Keeping(MetadataKeyGroup group)
        {
            var options = new MetadataOptions();
            options.KeepGroups.Add(group);
            return options;
        }

        [Fact]
        public void Append_AddsBothKeys_InTheFilesOwnStyle_AndChangesNothingElse()
        {
            var result = Append("{\n    \"EchoTime\": 0.0100,\n    \"Flip\": 8\n}\n");

            Assert.Equal("{\n    \"EchoTime\": 0.0100,\n    \"Flip\": 8,\n    \"DeidentificationMethod\": [\"Defacer 1 Remove-BidsMetadata\"],\n" +
                         "    \"DeidentificationMethodCodeSequence\": [{\"CodeValue\": \"113100\", \"CodingSchemeDesignator\": \"DCM\", " +
                         "\"CodeMeaning\": \"Basic Application Confidentiality Profile\"}]\n}\n", result);
        }

        [Fact]
        public void Append_KeepsWhatIsThere_AndAddsOnlyWhatIsMissing()
        {
            // dcm2niix copies a PACS's record; it stays first, and a code already present is not repeated.
            var json = "{\r\n\t\"DeidentificationMethod\": [\"PACS anonymiser\"],\r\n\t\"DeidentificationMethodCodeSequence\": " +
                       "[{\"CodeValue\": \"113100\", \"CodingSchemeDesignator\": \"DCM\", \"CodeMeaning\": \"Basic Application Confidentiality Profile\"}]\r\n}";

            var result = Append(json, Keeping(MetadataKeyGroup.InstitutionAndDevice));

            var obj = JObject.Parse(result);
            Assert.Equal(new[] { "PACS anonymiser", Method }, obj["DeidentificationMethod"]!.ToObject<string[]>());
            Assert.Equal(new[] { "113100", "113109", "113112" }, obj["DeidentificationMethodCodeSequence"]!.Select(c => (string)c["CodeValue"]!));
            Assert.Contains("\r\n\t\"DeidentificationMethod\": [\"PACS anonymiser\", \"Defacer 1 Remove-BidsMetadata\"],\r\n", result);
            Assert.Equal(result, Append(result, Keeping(MetadataKeyGroup.InstitutionAndDevice)));   // nothing twice
        }

        [Fact]
        public void Append_TurnsAStringMethodIntoAnArray_AndFillsAnEmptyObject()
        {
            Assert.Equal(new[] { "PACS", Method }, JObject.Parse(Append("{\"DeidentificationMethod\": \"PACS\"}"))["DeidentificationMethod"]!.ToObject<string[]>());
            var empty = JObject.Parse(Append("{}"));
            Assert.Equal(new[] { Method }, empty["DeidentificationMethod"]!.ToObject<string[]>());
            Assert.Single((JArray)empty["DeidentificationMethodCodeSequence"]!);
        }

        [Fact]
        public void Append_KeepsAByteOrderMark()
        {
            var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("{\"A\": 1}")).ToArray();
            var result = DeidentificationRecord.Append(bytes, "x.json", Method, new MetadataOptions());
            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, result.Take(3));
            Assert.Equal(1, (int)JObject.Parse(Encoding.UTF8.GetString(result, 3, result.Length - 3))["A"]!);
        }

        [Fact]
        public void CodesFor_ClaimsTheBasicProfileAndItsOptionsOnlyWhenTheRunStaysWithinThem()
        {
            string[] Codes(MetadataOptions o, bool temporal = false) => DeidentificationRecord.CodesFor(o, temporal).Select(c => c.Value).ToArray();
            Assert.Equal(new[] { "113100" }, Codes(new MetadataOptions()));
            Assert.Equal(new[] { "113100", "113106" }, Codes(new MetadataOptions(), temporal: true));   // AcquisitionTime kept
            Assert.Equal(new[] { "113100", "113106" }, Codes(Keeping(MetadataKeyGroup.Dates)));
            Assert.Equal(new[] { "113100", "113109", "113112" }, Codes(Keeping(MetadataKeyGroup.InstitutionAndDevice)));
            Assert.Empty(Codes(Keeping(MetadataKeyGroup.Descriptors)));   // kept as they are, not cleaned
            Assert.Empty(Codes(Keeping(MetadataKeyGroup.Patient)));       // names and ids are no option of the profile
            var field = new MetadataOptions();
            field.KeepFields.Add("PatientSex");
            Assert.Empty(Codes(field));
            Assert.Empty(Codes(new MetadataOptions { Nifti = NiftiScope.Anat }));   // a bold header may keep its dates
        }

        [Fact]
        public void Append_ClaimsTheFullDatesOptionWhenTheSidecarKeepsATime()
        {
            var obj = JObject.Parse(Append("{\"AcquisitionTime\": \"10:33:32.1625\", \"EchoTime\": 0.01}"));
            Assert.Equal(new[] { "113100", "113106" }, obj["DeidentificationMethodCodeSequence"]!.Select(c => (string)c["CodeValue"]!));
        }

        [Fact]
        public void Run_RecordsItInTheImageSidecarsItCleaned_Only()
        {
            Write("dataset_description.json", "{\"Name\": \"t\", \"BIDSVersion\": \"1.10.0\"}");
            Write("sub-01/anat/sub-01_T1w.nii.gz", "");
            Write("sub-01/func/sub-01_task-rest_bold.nii.gz", "");
            Write("sub-01/anat/sub-01_T1w.json", "{\"InstitutionName\": \"X\", \"EchoTime\": 0.01}");
            Write("task-rest_bold.json", "{\"StationName\": \"S\", \"AcquisitionTime\": \"10:33:32\", \"RepetitionTime\": 2}");                 // inherited by the bold image
            Write("sub-01/anat/sub-01_T2w.json", "{\"EchoTime\": 0.1}");                                   // nothing to clean
            Write("sub-01/func/sub-01_task-rest_events.json", "{\"InstitutionName\": \"X\", \"onset\": {}}"); // not an image sidecar
            var options = new MetadataOptions { DateShiftSeed = 1, DeidentificationMethod = Method };

            var changes = RunAll(options);

            Assert.Equal(3, changes.Count);
            foreach (var sidecar in new[] { "sub-01/anat/sub-01_T1w.json", "task-rest_bold.json" })
            {
                var obj = JObject.Parse(File.ReadAllText(Full(sidecar)));
                Assert.Equal(new[] { Method }, obj["DeidentificationMethod"]!.ToObject<string[]>());
                Assert.Equal("113100", (string)obj["DeidentificationMethodCodeSequence"]![0]!["CodeValue"]!);
                Assert.Contains(DeidentificationRecord.MethodKey + ": recorded", changes.Single(c => c.Path == Full(sidecar)).Changed);
            }
            Assert.Equal("113106", (string)JObject.Parse(File.ReadAllText(Full("task-rest_bold.json")))["DeidentificationMethodCodeSequence"]![1]!["CodeValue"]!);
            Assert.Equal("{\"EchoTime\": 0.1}", File.ReadAllText(Full("sub-01/anat/sub-01_T2w.json")));
            Assert.Null(JObject.Parse(File.ReadAllText(Full("sub-01/func/sub-01_task-rest_events.json")))["DeidentificationMethod"]);
            Assert.Empty(RunAll(options));   // a second run finds nothing to clean, so records nothing again
        }

        private List<MetadataChange> RunAll(MetadataOptions options)
        {
            var run = new MetadataRun(_root, options);
            return run.Plan(buildContent: true).ToList().Where(p => p.Error == null && p.HasChanges).Select(p => run.Apply(p)).ToList();
        }

        private string Full(string relative) => Path.Combine(_root, relative.Replace('/', Path.DirectorySeparatorChar));

        private void Write(string relative, string text)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Full(relative))!);
            File.WriteAllText(Full(relative), text);
        }
    }
}
