using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Defacer.Engine.Bids;

namespace Defacer.Commands
{
    /// <summary>Lists the anatomical images of BIDS subjects or of a whole dataset.</summary>
    /// <remarks>
    /// <para>Takes subjects from Get-BidsSubject on the pipeline, or a dataset folder by -Path/-LiteralPath. By default the
    /// output is what a defacer should process: deface masks (_defacemask) and images hidden by .bidsignore are left out;
    /// -IncludeDefaceMask and -IncludeBidsIgnored add them. Each BidsImage carries its path, entities, suffix, extension,
    /// merged sidecar metadata, scans.tsv row and ContentState.</para>
    /// <para>Images whose git-annex content is absent are still listed, with ContentState DanglingSymlink or AnnexPointer:
    /// run 'datalad get' on them before defacing. IsAnnexSymlink marks links into the annex that writers must replace,
    /// never write through. Errors are those of Get-BidsSubject.</para>
    /// </remarks>
    /// <example>
    /// <code>Get-BidsSubject ./ds -Subject 01 | Get-BidsImage -Suffix T1w</code>
    /// <para>The T1-weighted images of subject 01.</para>
    /// </example>
    /// <example>
    /// <code>Get-BidsImage -Path ./ds -Suffix T1w, T2w, FLAIR | Where-Object ContentState -ne Present</code>
    /// <para>Images that cannot be defaced yet (annex content not fetched, placeholders).</para>
    /// </example>
    /// <example>
    /// <code>Get-BidsImage ./ds000117 -IncludeBidsIgnored | Where-Object IsBidsIgnored</code>
    /// <para>The anatomical images .bidsignore hides (ds000117's FLASH images), which may still show a face.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "BidsImage", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(BidsImage))]
    public sealed class GetBidsImageCommand : BidsDatasetCommandBase
    {
        private const string SubjectSet = "InputObject";

        #region Parameters

        /// <summary>Subjects from Get-BidsSubject.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SubjectSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public BidsSubject[]? InputObject { get; set; }

        /// <summary>Suffixes to keep (T1w, T2w, FLAIR, ...); wildcards allowed, case-sensitive like BIDS.</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(BidsArgumentCompleter))]
        public string[]? Suffix { get; set; }

        /// <summary>Subject labels to keep (<c>01</c> or <c>sub-01</c>); wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(BidsArgumentCompleter))]
        public string[]? Subject { get; set; }

        /// <summary>Session labels to keep (<c>1</c> or <c>ses-1</c>); wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(BidsArgumentCompleter))]
        public string[]? Session { get; set; }

        /// <summary>Also output _defacemask images (left out by default: they are masks, never images to deface).</summary>
        [Parameter]
        public SwitchParameter IncludeDefaceMask { get; set; }

        /// <summary>Also output anatomical images hidden by .bidsignore (IsBidsIgnored is true on them).</summary>
        [Parameter]
        public SwitchParameter IncludeBidsIgnored { get; set; }

        #endregion

        private BidsLabelSelector? _subjects;
        private BidsLabelSelector? _sessions;
        private List<WildcardPattern>? _suffixes;

        #region Method overrides

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            _subjects = BidsCmdletSupport.Selector(this, Subject, "sub-", "Subject");
            _sessions = BidsCmdletSupport.Selector(this, Session, "ses-", "Session");
            _suffixes = Suffix == null || Suffix.Length == 0 ? null : Suffix.Select(s => new WildcardPattern(s, WildcardOptions.None)).ToList();
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (ParameterSetName == SubjectSet)
            {
                foreach (var subject in InputObject!)
                {
                    if (_subjects != null && !_subjects.IsMatch(subject.Label)) continue;
                    Emit(subject.Images);
                    // Get-BidsSubject already warned about hidden images; here they are output only on request.
                    if (IncludeBidsIgnored) Emit(subject.IgnoredAnatImages);
                }
                return;
            }

            foreach (var dataset in OpenDatasets(_subjects, _sessions))
            {
                BidsCmdletSupport.WriteIssues(this, dataset);
                BidsCmdletSupport.ReportUnmatched(this, _subjects, dataset.Subjects.Select(s => s.Label), "subject", dataset.Root);
                if (IncludeBidsIgnored)
                {
                    Emit(dataset.Images.Concat(dataset.IgnoredAnatImages));
                }
                else
                {
                    BidsCmdletSupport.WarnIgnored(this, dataset, dataset.IgnoredAnatImages);
                    Emit(dataset.Images);
                }
            }
        }

        #endregion

        // "-Suffix defacemask" spelled out is as clear a request for masks as -IncludeDefaceMask.
        private bool AsksForMasks() => Suffix != null && Suffix.Contains(BidsSchema.DefaceMaskSuffix);

        private void Emit(IEnumerable<BidsImage> images)
        {
            foreach (var image in images)
            {
                if (image.IsDefaceMask && !IncludeDefaceMask && !AsksForMasks()) continue;
                if (_sessions != null && !_sessions.IsMatch(image.SessionLabel)) continue;
                if (_suffixes != null && !_suffixes.Any(p => p.IsMatch(image.Suffix))) continue;
                WriteObject(image);
            }
        }
    }
}
