namespace Defacer.Engine.Metadata
{
    /// <summary>What Remove-BidsMetadata does (or would do) about a finding.</summary>
    public enum MetadataAction
    {
        /// <summary>Only reported: a human should look at it.</summary>
        Report,

        /// <summary>Kept because the user asked to keep it (-KeepGroup, -KeepField).</summary>
        Keep,

        /// <summary>The key, column or header field is removed.</summary>
        Remove,

        /// <summary>The value is replaced by a dataset-unique pseudonym.</summary>
        Pseudonymize,

        /// <summary>Dates are shifted by the subject's whole-day offset.</summary>
        ShiftDate,

        /// <summary>Ages above 89 are capped at 89.</summary>
        CapAge,

        /// <summary>A NIfTI header text field is zero-filled.</summary>
        Clear,

        /// <summary>The gzip container is rewritten without name and time.</summary>
        Recompress,
    }
}
