using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Defacer.Engine.Tests.Metadata
{
    /// <summary>
    /// Writes a JSON object from (key, raw value text) pairs in a chosen layout. The expected output of a removal is the
    /// same layout without the removed pairs, so byte equality proves that nothing else moved.
    /// </summary>
    public sealed class SidecarText
    {
        public SidecarText(string indent, string newline = "\n", bool bom = false)
        {
            Indent = indent;
            Newline = newline;
            Bom = bom;
        }

        public string Indent { get; }   // null-like "" with Newline "" = minified
        public string Newline { get; }
        public bool Bom { get; }

        public static SidecarText Minified => new SidecarText("", "");

        public byte[] Write(IEnumerable<(string Key, string Raw)> pairs)
        {
            var list = pairs.ToList();
            var sb = new StringBuilder();
            sb.Append('{').Append(Newline);
            for (int i = 0; i < list.Count; i++)
            {
                sb.Append(Indent).Append('"').Append(list[i].Key).Append("\":").Append(Newline.Length == 0 ? "" : " ").Append(list[i].Raw);
                if (i < list.Count - 1) sb.Append(',');
                sb.Append(Newline);
            }
            sb.Append('}').Append(Newline);
            var bytes = Encoding.UTF8.GetBytes(sb.ToString());
            return Bom ? new byte[] { 0xEF, 0xBB, 0xBF }.Concat(bytes).ToArray() : bytes;
        }

        /// <summary>Every list-A key with a plausible value, as raw JSON text.</summary>
        public static readonly (string Key, string Raw)[] ListA =
        {
            ("PatientName", "\"DOE^JOHN\""), ("PatientID", "\"12345\""), ("PatientBirthDate", "\"19700101\""),
            ("PatientSex", "\"M\""), ("PatientAge", "\"053Y\""), ("PatientSize", "1.8"), ("PatientWeight", "80"),
            ("AccessionNumber", "\"A1\""), ("StudyID", "\"1\""), ("StudyInstanceUID", "\"1.2.3\""), ("SeriesInstanceUID", "\"1.2.4\""),
            ("ReferringPhysicianName", "\"Winawer\""), ("AcquisitionDateTime", "\"2009-04-09T12:04:14.000000\""),
            ("AcquisitionDate", "20180511"), ("StudyDate", "\"20090409\""), ("StudyDateTime", "\"20090409120414\""),
            ("SeriesDate", "\"20090409\""), ("SeriesDateTime", "\"20090409120414\""), ("ContentDate", "\"20090409\""),
            ("InstanceCreationDate", "\"20090409\""), ("ScanDate", "\"2009-04-09\""), ("OperatorsName", "\"OP\""),
            ("PerformingPhysicianName", "\"Dr X\""), ("PhysiciansOfRecord", "\"Dr Y\""), ("NameOfPhysiciansReadingStudy", "\"Dr Z\""),
            ("RequestingPhysician", "\"Dr W\""), ("InstitutionName", "\"MRC Cognition and Brain Sciences Unit\""),
            ("InstitutionAddress", "\"15 Chaucer Road, Cambridge CB2 7EF, UK\""), ("InstitutionalDepartmentName", "\"Imaging\""),
            ("StationName", "\"MRC35119\""), ("DeviceSerialNumber", "\"35119\""), ("ImageComments", "\"V\""),
            ("ProcedureStepDescription", "\"TEST_VC^SPINE\""), ("StudyDescription", "\"Study\""), ("SeriesDescription", "\"CBU_MPRAGE\""),
            ("ProtocolName", "\"CBU_MPRAGE\""), ("global", "{\"const\": {\"PatientName\": \"DOE\"}, \"slices\": [1, 2]}"),
            ("time", "{\"samples\": [0.1, 0.2]}"), ("dcmmeta_shape", "[256, 256, 176]"), ("dcmmeta_version", "0.6"),
            ("PatientBirthTime", "\"120000\""), ("PatientAddress", "\"Somewhere\""), ("PatientTelephoneNumbers", "\"555\""),
            ("OtherPatientIDs", "\"X1\""), ("OtherPatientNames", "\"Jon\""), ("PatientComments", "\"none\""),
            ("AdditionalPatientHistory", "\"none\""), ("MedicalRecordLocator", "\"MRL\""), ("TimezoneOffsetFromUTC", "\"+0100\""),
        };

        /// <summary>Keys that must survive, with awkward number formats and escapes.</summary>
        public static readonly (string Key, string Raw)[] Kept =
        {
            ("RepetitionTime", "2.25"), ("EchoTime", "0.1"), ("DwellTime", "8.5e-06"), ("InversionTime", "1e-3"),
            ("Big", "12345678901234567890123"), ("Huge", "1E+300"), ("NegZero", "-0.0"), ("Precise", "0.1000000000000000055511151231257827"),
            ("Escapes", "\"caf\\u00e9 \\/ \\\" \\\\ \\t\""), ("Utf8", "\"Zürich ✓\""), ("Flag", "true"), ("Nothing", "null"),
            ("ImageType", "[\"ORIGINAL\", \"PRIMARY\", \"M\"]"), ("Nested", "{\"a\": 0.10, \"b\": [1e2, 2E-2]}"),
            ("SliceTiming", "[0, 0.0625, 0.125]"), ("Manufacturer", "\"Siemens\""),
        };
    }
}
