using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Defacer.Engine.Metadata
{
    /// <summary>
    /// One coded entry of a DICOM code sequence (CodeValue, CodingSchemeDesignator, CodeMeaning), as BIDS stores it in
    /// <c>DeidentificationMethodCodeSequence</c>. The instances are the DICOM CID 7050 codes Defacer can claim
    /// (bids-deid.md 2.1).
    /// </summary>
    public sealed class DicomCode
    {
        /// <summary>113100: Basic Application Confidentiality Profile.</summary>
        public static readonly DicomCode BasicProfile = new DicomCode("113100", "Basic Application Confidentiality Profile");

        /// <summary>113106: Retain Longitudinal Temporal Information Full Dates Option.</summary>
        public static readonly DicomCode RetainLongitudinalFullDates = new DicomCode("113106", "Retain Longitudinal Temporal Information Full Dates Option");

        /// <summary>113109: Retain Device Identity Option.</summary>
        public static readonly DicomCode RetainDeviceIdentity = new DicomCode("113109", "Retain Device Identity Option");

        /// <summary>113112: Retain Institution Identity Option.</summary>
        public static readonly DicomCode RetainInstitutionIdentity = new DicomCode("113112", "Retain Institution Identity Option");

        private DicomCode(string value, string meaning)
        {
            Value = value;
            Meaning = meaning;
        }

        /// <summary>The code (CodeValue).</summary>
        public string Value { get; }

        /// <summary>The coding scheme (CodingSchemeDesignator): DCM for codes defined by DICOM itself.</summary>
        public string Scheme => "DCM";

        /// <summary>The code's meaning (CodeMeaning).</summary>
        public string Meaning { get; }

        /// <summary>The code as a JSON object on one line.</summary>
        public string ToJson() =>
            "{\"CodeValue\": " + JsonConvert.ToString(Value) + ", \"CodingSchemeDesignator\": " + JsonConvert.ToString(Scheme) +
            ", \"CodeMeaning\": " + JsonConvert.ToString(Meaning) + "}";

        /// <summary>The code as a Newtonsoft object (for checking an edit).</summary>
        public JObject ToJObject() => new JObject
        {
            ["CodeValue"] = Value,
            ["CodingSchemeDesignator"] = Scheme,
            ["CodeMeaning"] = Meaning,
        };
    }
}
