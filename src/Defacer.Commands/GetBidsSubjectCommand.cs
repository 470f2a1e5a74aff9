using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Defacer.Engine.Bids;

namespace Defacer.Commands
{
    /// <summary>Lists the subjects of a BIDS dataset with their sessions and anatomical images.</summary>
    /// <remarks>
    /// <para>Reads the dataset once and writes nothing. Outputs one BidsSubject per subject folder (sub-*), carrying its
    /// sessions (ses-*, or one session-less level), its anatomical images with parsed entities, content state (git-annex
    /// aware), merged sidecar metadata (BIDS inheritance principle) and scans.tsv row, and its participants.tsv row.
    /// derivatives/, sourcedata/, code/ and dot-folders are never listed.</para>
    /// <para>Per-file problems are non-terminating errors with stable ids (BidsSidecarMalformed naming file and line,
    /// BidsTsvMalformed, BidsFileUnreadable); odd names, absent git-annex content (run 'datalad get') and anatomical
    /// images hidden by .bidsignore are warnings. A folder without dataset_description.json is the terminating error
    /// BidsDatasetNotFound; a -Subject or -Session value that is a path is BidsSubjectLabelInvalid/BidsSessionLabelInvalid.</para>
    /// </remarks>
    /// <example>
    /// <code>Get-BidsSubject ./ds000117</code>
    /// <para>Lists every subject of the dataset in a table: sessions, number of anatomical images, suffixes.</para>
    /// </example>
    /// <example>
    /// <code>Get-BidsSubject ./ds000117 -Subject 01, 02 -Session mri | Get-BidsImage -Suffix T1w</code>
    /// <para>The T1-weighted images of subjects 01 and 02 in session mri (sub-01 and 01 are the same label).</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "BidsSubject", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(BidsSubject))]
    public sealed class GetBidsSubjectCommand : BidsDatasetCommandBase
    {
        #region Parameters

        /// <summary>
        /// Subject labels to list (<c>01</c> or <c>sub-01</c>); wildcards allowed, case-sensitive like BIDS. Digits typed
        /// without leading zeros also match by number (PowerShell reads <c>-Subject 01, 02</c> as the integers 1 and 2).
        /// </summary>
        [Parameter(Position = 1)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(BidsArgumentCompleter))]
        public string[]? Subject { get; set; }

        /// <summary>Session labels to keep (<c>1</c> or <c>ses-1</c>); wildcards allowed. Subjects with no such session are left out.</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(BidsArgumentCompleter))]
        public string[]? Session { get; set; }

        #endregion

        #region Method overrides

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var subjects = BidsCmdletSupport.Selector(this, Subject, "sub-", "Subject");
            var sessions = BidsCmdletSupport.Selector(this, Session, "ses-", "Session");
            foreach (var dataset in OpenDatasets(subjects, sessions))
            {
                BidsCmdletSupport.WriteIssues(this, dataset);
                BidsCmdletSupport.WarnIgnored(this, dataset, dataset.IgnoredAnatImages);
                BidsCmdletSupport.ReportUnmatched(this, subjects, dataset.Subjects.Select(s => s.Label), "subject", dataset.Root);
                BidsCmdletSupport.ReportUnmatched(this, sessions, dataset.Subjects.SelectMany(s => s.Sessions).Select(s => s.Label), "session", dataset.Root);
                foreach (var subject in dataset.Subjects) WriteObject(subject);
            }
        }

        #endregion
    }
}
