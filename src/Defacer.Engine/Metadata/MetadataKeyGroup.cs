namespace Defacer.Engine.Metadata
{
    /// <summary>
    /// The groups of identifying JSON keys removed by default (bids-deid.md 2.7 list A). A group can be kept as a
    /// whole, mirroring the DICOM PS3.15 "Retain ..." options.
    /// </summary>
    public enum MetadataKeyGroup
    {
        /// <summary>The person: name, ids, birth date, sex, age, size, weight, address, history (A 1-7, 29).</summary>
        Patient,

        /// <summary>Accession number, study id, study and series UIDs (A 8-11).</summary>
        Identifiers,

        /// <summary>Acquisition, study, series, content and creation dates; time zone offset (A 13-16, 29).</summary>
        Dates,

        /// <summary>Referring, performing, reading physicians and operators (A 12, 17).</summary>
        Staff,

        /// <summary>Institution name, address, department, station name, device serial number (A 18-22).</summary>
        InstitutionAndDevice,

        /// <summary>Free-text descriptors: image comments, procedure step, study, series and protocol names (A 23-27).</summary>
        Descriptors,

        /// <summary>dcmstack dumps written by HeuDiConv without --minmeta: top-level <c>global</c>, <c>time</c>, <c>dcmmeta_*</c> (A 28).</summary>
        ConverterDump,
    }
}
