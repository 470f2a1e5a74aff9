using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Defacer.Engine.Metadata
{
    /// <summary>
    /// The catalogue of identifying JSON sidecar keys: list A of bids-deid.md 2.7 (removed by default, grouped) and list B
    /// (reported only). Keys match exactly (case-sensitive, as BIDS keys are).
    /// </summary>
    public static class IdentifyingKeys
    {
        private static readonly Dictionary<string, MetadataKeyGroup> s_removed = Build();

        /// <summary>Keys of list B: reported, kept unless added with -Field (time of day, sequence details, person-dependent values).</summary>
        public static IReadOnlyCollection<string> Reported => s_reported;

        private static readonly HashSet<string> s_reported = new HashSet<string>(StringComparer.Ordinal)
        {
            "AcquisitionTime", "PulseSequenceDetails", "SAR", "TablePosition",
        };

        // List B's name pattern, minus BIDS keys that match it but describe the acquisition, not a person or place.
        private static readonly Regex s_suspiciousName = new Regex("(Date|Birth|Name|Physician|Operator|Address|Comment)", RegexOptions.CultureInvariant);

        private static readonly HashSet<string> s_benignNames = new HashSet<string>(StringComparer.Ordinal)
        {
            "TaskName", "SequenceName", "ManufacturersModelName", "ReceiveCoilName", "TransmitCoilName",
        };

        /// <summary>All keys of list A with their group (the ConverterDump prefix rule is separate: see <see cref="GroupOf"/>).</summary>
        public static IReadOnlyDictionary<string, MetadataKeyGroup> Removed => s_removed;

        /// <summary>
        /// The list-A group of a key, or null when the key is not removed by default. <c>global</c>, <c>time</c> and
        /// <c>dcmmeta_*</c> count only at the top level (depth 0), where dcmstack writes them; elsewhere, for example as
        /// a column described in an events.json, they are ordinary names.
        /// </summary>
        public static MetadataKeyGroup? GroupOf(string key, int depth)
        {
            if (s_removed.TryGetValue(key, out var group))
            {
                return group;
            }
            if (depth == 0 && (key == "global" || key == "time" || key.StartsWith("dcmmeta_", StringComparison.Ordinal)))
            {
                return MetadataKeyGroup.ConverterDump;
            }
            return null;
        }

        /// <summary>True when a key name looks like it may hold a date, name, address or comment (list B pattern).</summary>
        public static bool LooksIdentifying(string key) =>
            s_reported.Contains(key) || (!s_benignNames.Contains(key) && s_suspiciousName.IsMatch(key));

        private static Dictionary<string, MetadataKeyGroup> Build()
        {
            var map = new Dictionary<string, MetadataKeyGroup>(StringComparer.Ordinal);
            void Add(MetadataKeyGroup group, params string[] keys)
            {
                foreach (var key in keys)
                {
                    map.Add(key, group);
                }
            }
            Add(MetadataKeyGroup.Patient,
                "PatientName", "PatientID", "PatientBirthDate", "PatientSex", "PatientAge", "PatientSize", "PatientWeight",
                "PatientBirthTime", "PatientAddress", "PatientTelephoneNumbers", "OtherPatientIDs", "OtherPatientNames",
                "PatientComments", "AdditionalPatientHistory", "MedicalRecordLocator");
            Add(MetadataKeyGroup.Identifiers, "AccessionNumber", "StudyID", "StudyInstanceUID", "SeriesInstanceUID");
            Add(MetadataKeyGroup.Dates,
                "AcquisitionDateTime", "AcquisitionDate", "StudyDate", "StudyDateTime", "SeriesDate", "SeriesDateTime",
                "ContentDate", "InstanceCreationDate", "ScanDate", "TimezoneOffsetFromUTC");
            Add(MetadataKeyGroup.Staff,
                "ReferringPhysicianName", "OperatorsName", "PerformingPhysicianName", "PhysiciansOfRecord",
                "NameOfPhysiciansReadingStudy", "RequestingPhysician");
            Add(MetadataKeyGroup.InstitutionAndDevice,
                "InstitutionName", "InstitutionAddress", "InstitutionalDepartmentName", "StationName", "DeviceSerialNumber");
            Add(MetadataKeyGroup.Descriptors,
                "ImageComments", "ProcedureStepDescription", "StudyDescription", "SeriesDescription", "ProtocolName");
            return map;
        }
    }
}
