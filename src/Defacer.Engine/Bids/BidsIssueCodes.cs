namespace Defacer.Engine.Bids
{
    /// <summary>
    /// The stable identifiers of <see cref="BidsIssue.Code"/>. They double as PowerShell error ids, so never rename one.
    /// </summary>
    public static class BidsIssueCodes
    {
        /// <summary>The folder is missing or has no dataset_description.json (thrown as <see cref="BidsException"/>).</summary>
        public const string DatasetNotFound = "BidsDatasetNotFound";

        /// <summary>dataset_description.json is not a valid JSON object.</summary>
        public const string DescriptionMalformed = "BidsDescriptionMalformed";

        /// <summary>A JSON sidecar is not a valid JSON object; the message names the line.</summary>
        public const string SidecarMalformed = "BidsSidecarMalformed";

        /// <summary>Two sidecars at one directory level apply to the same image (BIDS allows at most one).</summary>
        public const string SidecarAmbiguous = "BidsSidecarAmbiguous";

        /// <summary>A TSV file (participants, sessions, scans) has a bad header or a row of the wrong width.</summary>
        public const string TsvMalformed = "BidsTsvMalformed";

        /// <summary>A file or folder could not be read (permissions, I/O error).</summary>
        public const string FileUnreadable = "BidsFileUnreadable";

        /// <summary>A file name is not made of key-value entities followed by a suffix.</summary>
        public const string FileNameMalformed = "BidsFileNameMalformed";

        /// <summary>A file name uses a key that is not a BIDS entity.</summary>
        public const string EntityUnknown = "BidsEntityUnknown";

        /// <summary>A file name has its entities out of the BIDS order, or one entity twice.</summary>
        public const string EntityOrder = "BidsEntityOrder";

        /// <summary>A file name uses an entity that its suffix does not allow in anat/.</summary>
        public const string EntityNotAllowed = "BidsEntityNotAllowed";

        /// <summary>A label has characters outside [0-9a-zA-Z+].</summary>
        public const string LabelInvalid = "BidsLabelInvalid";

        /// <summary>The sub-/ses- entities of a file do not match its folders.</summary>
        public const string LabelMismatch = "BidsLabelMismatch";

        /// <summary>A NIfTI file in anat/ has a suffix that is not an anatomical suffix; it is not listed.</summary>
        public const string SuffixUnknown = "BidsSuffixUnknown";

        /// <summary>The same image exists as .nii and .nii.gz.</summary>
        public const string DuplicateImage = "BidsDuplicateImage";

        /// <summary>Subject labels differ only in case (they collide on Windows and macOS).</summary>
        public const string SubjectCaseCollision = "BidsSubjectCaseCollision";

        /// <summary>A subject folder has no row in participants.tsv, or a row has no folder.</summary>
        public const string ParticipantMismatch = "BidsParticipantMismatch";

        /// <summary>Both ses-* folders and session-less data exist in one subject.</summary>
        public const string SessionMixed = "BidsSessionMixed";

        /// <summary>A subject folder is empty (often a DataLad subdataset that is not installed: datalad get -n).</summary>
        public const string SubjectEmpty = "BidsSubjectEmpty";

        /// <summary>An image's content is not present (git-annex dangling link or pointer file): run datalad get.</summary>
        public const string ContentAbsent = "BidsContentAbsent";
    }
}
