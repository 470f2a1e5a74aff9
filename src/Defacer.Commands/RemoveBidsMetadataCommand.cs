using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Defacer.Engine.Metadata;

namespace Defacer.Commands
{
    /// <summary>Removes identifying metadata from a BIDS dataset: JSON sidecar keys, table dates and ages, NIfTI header text and extensions.</summary>
    /// <remarks>
    /// <para>Every JSON file at every level (root, subject, session, datatype; nested objects too) loses the default identifying
    /// keys: patient name, ids, birth date, sex, age, size, weight, accession and study ids, UIDs, acquisition and study dates,
    /// physician and operator names, institution, station name, device serial, free-text descriptors (image comments, procedure
    /// step, study, series and protocol names) and dcmstack dumps. Keys are deleted, never replaced by placeholders, and every
    /// other byte of the file stays as it was: key order, indentation, number text, escapes, byte order mark and line endings.
    /// dataset_description.json, participants.json, sourcedata/ and dot-folders are never touched; derivatives/ only with -IncludeDerivatives.</para>
    /// <para>The acq_time dates of scans and sessions tables are shifted per subject by one whole-day offset into a year no later
    /// than 1925 (no earlier than 1902 when MEG .fif files are present), the same offset for every file of a subject so that
    /// intervals are kept. The offsets are kept privately in sourcedata/defacer/date-shifts.json, so a later run shifts new
    /// sessions identically; dates already at or before 1925 are not shifted again. HeuDiConv's operator and randstr columns are
    /// dropped, and participant ages above 89 become 89.</para>
    /// <para>Each MRI or PET image sidecar it cleans (at its own level or inherited from above) records this the BIDS 1.10 way:
    /// an entry naming Defacer, its version and any kept groups or fields is appended to DeidentificationMethod, and when
    /// the options stay within the DICOM Basic Application Confidentiality Profile and its options the matching codes
    /// are appended to DeidentificationMethodCodeSequence: 113100 (the profile), 113106 (Retain Longitudinal Temporal
    /// Information Full Dates, when the sidecar keeps AcquisitionTime, as by default, or with -KeepGroup Dates), 113109
    /// and 113112 (Retain Device and Institution Identity, with -KeepGroup InstitutionAndDevice). Other kept groups or
    /// fields, or -Nifti other than All, get no code. Entries already there (from a converter or PACS) are kept; other JSON files (events,
    /// dataset-level files) do not get these keys.</para>
    /// <para>Before a file is changed its original is copied to sourcedata/defacer/ under the same relative path and the copy is
    /// verified by SHA-256; an existing backup is never overwritten. The new content is written to a temporary file and renamed
    /// over the original, so a git-annex symlink is replaced rather than written through and Ctrl+C never leaves a half-written
    /// file. The new file keeps the original's permissions: a read-only file is replaced all the same (renaming needs a
    /// writable folder, not a writable file) and is read-only again afterwards. sourcedata/ then holds identifying data: never share it. Use -WhatIf to see every planned change, or
    /// Find-BidsIdentifier for a full audit; both change nothing.</para>
    /// </remarks>
    /// <example>
    /// <code>Remove-BidsMetadata ./ds000117 -WhatIf</code>
    /// <para>Lists, file by file, the keys that would be removed and the dates that would be shifted, and changes nothing.</para>
    /// </example>
    /// <example>
    /// <code>Remove-BidsMetadata ./ds000117 -KeepGroup InstitutionAndDevice -PseudonymizeDevice | Format-Table</code>
    /// <para>Removes the identifying keys but keeps institution and station names, and replaces device serial numbers by dataset-unique pseudonyms.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Remove, "BidsMetadata", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Path")]
    [OutputType(typeof(MetadataChange))]
    public sealed class RemoveBidsMetadataCommand : BidsMetadataCommandBase
    {
        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            var options = BuildOptions();
            var kept = KeepGroup.Select(g => g.ToString()).Concat(KeepField).ToList();
            options.DeidentificationMethod = $"Defacer {ModuleVersion.Current} Remove-BidsMetadata: identifying metadata removed" +
                (kept.Count == 0 ? "" : $" (kept: {string.Join(", ", kept)})");
            foreach (var dataset in ResolveDatasets())
            {
                var run = OpenRun(dataset, options);
                if (run == null)
                {
                    continue;
                }
                try
                {
                    Process(run);
                }
                catch (OperationCanceledException)
                {
                    return;   // Ctrl+C: every file is either fully replaced or untouched
                }
            }
        }

        // Files are written in groups so that one flush to disk covers many backups (see MetadataRun.ApplyBatch).
        private const int BatchSize = 256;

        private void Process(MetadataRun run)
        {
            int written = 0;
            var batch = new List<MetadataFilePlan>();
            void Flush()
            {
                foreach (var change in run.ApplyBatch(batch, (plan, ex) => WriteError(FileError(ex, plan.File.FullPath)), CancellationToken))
                {
                    WriteObject(change);
                    written++;
                }
                batch.Clear();
            }

            foreach (var plan in run.Plan(buildContent: true, CancellationToken))
            {
                if (plan.Error != null)
                {
                    WriteError(FileError(plan.Error, plan.File.FullPath));
                    continue;
                }
                foreach (var finding in plan.Findings)
                {
                    if (finding.Action == MetadataAction.Report)
                    {
                        WriteVerbose($"{finding.RelativePath}: {finding.Field} = '{finding.ValuePreview}' ({finding.Reason}); kept.");
                    }
                }
                if (plan.HasChanges && ShouldProcess(plan.File.FullPath, "Remove identifying metadata: " + plan.Describe()))
                {
                    batch.Add(plan);
                    if (batch.Count >= BatchSize)
                    {
                        Flush();
                    }
                }
            }
            if (batch.Count > 0)
            {
                Flush();
            }
            bool sourcedataReported = false;
            foreach (var finding in run.DatasetFindings)
            {
                sourcedataReported |= finding.Kind == FindingKind.Folder && finding.Field == "sourcedata/";
                WriteWarning($"{finding.RelativePath}{(finding.ValuePreview == null ? "" : " (" + finding.ValuePreview + ")")}: {finding.Reason}.");
            }
            if (written > 0 && !sourcedataReported)
            {
                WriteWarning($"The originals of {written} changed file(s) are in {run.Backups.BackupRoot}: sourcedata/ now holds identifying data; never share it.");
            }
        }
    }
}
