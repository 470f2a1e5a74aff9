using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using Defacer.Engine.Bids;
using Defacer.Engine.Deface;
using Defacer.Engine.Nifti;
using Defacer.Engine.Quality;
using Defacer.Engine.Safety;

namespace Defacer.Commands
{
    /// <summary>
    /// <para>Checks, image by image, that the face is gone and the brain intact, with pictures a person can check and an HTML report.</para>
    /// <para>Takes the results of Invoke-Deface, images from Get-BidsSubject / Get-BidsImage (the original is found in
    /// sourcedata/defacer/), or -Path with -OriginalPath. For each image it reports brain voxels changed (brain mask
    /// computed on the original; any change counts), the percentage of the face region removed and which features remain
    /// (eyes, nose, mouth, chin), changes outside the face region, whether the header is preserved, MRIQC-style measures
    /// (SNR, CNR, EFC, FBER, brain volume) before and after, and a verdict Pass, Warn or Fail with its reasons.
    /// Without an original (an audit before upload) it says whether a face is still present.</para>
    /// <para>Pictures (surface renders from the front, the side and three-quarters, before with the removed region in red
    /// and after; slices with the brain mask in green and the removed region in red) and report.html go to -ReportPath,
    /// by default sourcedata/defacer/qc/ of the dataset (next to the backups), or ./defacer-qc for loose files. The
    /// report opens from disk in any browser; its path is printed at the end.</para>
    /// </summary>
    /// <example><code>Get-BidsSubject ./ds | Invoke-Deface | Test-DefaceQuality</code><para>Defaces every T1w image and checks each one, writing the report next to the backups.</para></example>
    /// <example><code>Get-BidsSubject ./ds | Get-BidsImage -Suffix T1w | Test-DefaceQuality -NoPicture | Where-Object Verdict -ne Pass</code><para>Audits the images of a dataset (against the backups where they exist) and lists those that need attention.</para></example>
    /// <example><code>Test-DefaceQuality -Path ./defaced/sub-01_T1w.nii.gz -OriginalPath ./sub-01_T1w.nii.gz -ReportPath ./qc</code><para>Compares a defaced file made by any tool with its original.</para></example>
    [Cmdlet(VerbsDiagnostic.Test, "DefaceQuality", DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(DefaceQualityResult))]
    public sealed class TestDefaceQualityCommand : PSCmdlet
    {
        private const string PathSet = "Path";
        private const string InputObjectSet = "InputObject";
        private const string ReportFileName = "report.html";

        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();
        private readonly List<(DefaceQualityResult Result, string ReportFolder)> _results = new List<(DefaceQualityResult, string)>();
        private DefaceQualityChecker? _checker;

        #region Parameters

        /// <summary>Results of Invoke-Deface, images from Get-BidsImage, subjects from Get-BidsSubject, or files (from Get-ChildItem) to audit.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public object[]? InputObject { get; set; }

        /// <summary>The defaced (or to be audited) NIfTI file.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>The original the defaced file is compared with; without it the file is audited for a remaining face.</summary>
        [Parameter(Position = 1, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string? OriginalPath { get; set; }

        /// <summary>Folder for the pictures and report.html; default sourcedata/defacer/qc of the dataset, or ./defacer-qc.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ReportPath { get; set; }

        /// <summary>Brain voxels allowed to change before an image fails (default 0: any change fails).</summary>
        [Parameter]
        [ValidateRange(0, long.MaxValue)]
        public long MaxBrainVoxelsChanged { get; set; }

        /// <summary>Below this percentage of the face region removed, an image is at least Warn (default 50).</summary>
        [Parameter]
        [ValidateRange(0.0, 100.0)]
        public double WarnFaceRemovedPercent { get; set; } = 50;

        /// <summary>Above this percentage of the head changed outside the face region and the brain, an image is at least Warn (default 40).</summary>
        [Parameter]
        [ValidateRange(0.0, 100.0)]
        public double WarnOutsideChangedPercent { get; set; } = 40;

        /// <summary>Fail (instead of warn) when the defaced image's header differs from the original's.</summary>
        [Parameter]
        public SwitchParameter FailOnHeaderChange { get; set; }

        /// <summary>Skip the pictures and the HTML report (faster; figures and verdicts only).</summary>
        [Parameter]
        public SwitchParameter NoPicture { get; set; }

        #endregion

        #region Method overrides

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            _checker = new DefaceQualityChecker(new DefaceQualityOptions
            {
                MaxBrainVoxelsChanged = MaxBrainVoxelsChanged,
                WarnFaceRemovedPercent = WarnFaceRemovedPercent,
                WarnOutsideChangedPercent = WarnOutsideChangedPercent,
                FailOnHeaderChange = FailOnHeaderChange,
                Pictures = !NoPicture,
            });
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (ParameterSetName == PathSet)
            {
                // -Path and -OriginalPath are literal (no wildcards: they name one pair); a bad original must not
                // turn the comparison into an audit, so either failing skips the check.
                var resolver = new CmdletPathResolver(this, new PathErrorIds("PathNotFound", "PathNotFileSystem", "InvalidPath"));
                var files = resolver.Resolve(OriginalPath == null ? new[] { Path! } : new[] { Path!, OriginalPath }, literal: true);
                if (files.Count < (OriginalPath == null ? 1 : 2))
                {
                    return;
                }
                var image = files[0];
                var original = OriginalPath == null ? null : files[1];
                Check(image, original, ReportPath != null ? GetUnresolvedProviderPathFromPSPath(ReportPath) : System.IO.Path.Combine(SessionState.Path.CurrentFileSystemLocation.Path, "defacer-qc"));
                return;
            }
            foreach (var item in InputObject!)
            {
                var value = item is PSObject ps ? ps.BaseObject : item;
                switch (value)
                {
                    case DefaceResult deface:
                        CheckDefaceResult(deface);
                        break;
                    case BidsImage image:
                        CheckBidsImage(image);
                        break;
                    case BidsSubject subject:
                        foreach (var image in subject.Images.Where(i => !i.IsDefaceMask))
                        {
                            CheckBidsImage(image);
                        }
                        break;
                    case FileInfo file:
                        Check(file.FullName, null, DefaultReportFolder(null, file.FullName));
                        break;
                    default:
                        WriteError(new ErrorRecord(new ArgumentException($"Test-DefaceQuality takes Invoke-Deface results, BIDS images or subjects, or files, not '{value?.GetType().Name ?? "null"}'."),
                            "UnsupportedInput", ErrorCategory.InvalidArgument, item));
                        break;
                }
            }
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            if (NoPicture)
            {
                return;
            }
            foreach (var group in _results.GroupBy(r => r.ReportFolder, StringComparer.Ordinal))
            {
                var report = new HtmlReport("Defacer quality report")
                {
                    Generated = DateTimeOffset.Now,
                    Description = string.Format(CultureInfo.InvariantCulture,
                        "Thresholds: brain voxels changed > {0} fails; face region removed < {1}% warns; changes outside the face region > {2}% warn.",
                        MaxBrainVoxelsChanged, WarnFaceRemovedPercent, WarnOutsideChangedPercent),
                };
                foreach (var (result, folder) in group)
                {
                    report.Rows.Add(ToRow(result, group.Key));
                }
                var path = System.IO.Path.Combine(group.Key, ReportFileName);
                report.Save(path);
                WriteInformation(new HostInformationMessage { Message = "Quality report: " + path }, new[] { "PSHOST" });
            }
        }

        /// <inheritdoc />
        protected override void StopProcessing() => _cancel.Cancel();

        #endregion

        #region Private methods

        private void CheckDefaceResult(DefaceResult deface)
        {
            if (deface.Status != DefaceStatus.Defaced)
            {
                WriteVerbose($"Skipping '{deface.Path}': Invoke-Deface reported {deface.Status}.");
                return;
            }
            // In place: the defaced image is at Path and the original in the backup. With -OutputPath: the reverse.
            string defaced = deface.OutputPath ?? deface.Path;
            string? original = string.Equals(defaced, deface.Path, StringComparison.Ordinal) ? deface.BackupPath : deface.Path;
            string folder = DefaultReportFolder(deface.DatasetRoot, defaced);
            Check(defaced, original, folder);
        }

        private void CheckBidsImage(BidsImage image)
        {
            if (image.ContentState != BidsContentState.Present)
            {
                WriteWarning($"Skipping '{image.Path}': its content is not here ({image.ContentState}). Run 'datalad get' on it first.");
                return;
            }
            var store = new BackupStore(image.Dataset.Root);
            var backup = store.GetBackupPath(image.Path);
            Check(image.Path, File.Exists(backup) ? backup : null, DefaultReportFolder(image.Dataset.Root, image.Path));
        }

        private string DefaultReportFolder(string? datasetRoot, string imagePath)
        {
            if (ReportPath != null)
            {
                return GetUnresolvedProviderPathFromPSPath(ReportPath);
            }
            return datasetRoot != null
                ? System.IO.Path.Combine(new BackupStore(datasetRoot).BackupRoot, "qc")
                : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(imagePath) ?? ".", "defacer-qc");
        }

        private void Check(string image, string? original, string reportFolder)
        {
            try
            {
                var pictures = NoPicture ? null : System.IO.Path.Combine(reportFolder, "pictures");
                var result = original == null
                    ? _checker!.Audit(image, pictures, _cancel.Token)
                    : _checker!.Compare(original, image, pictures, _cancel.Token);
                _results.Add((result, reportFolder));
                WriteObject(result);
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
            catch (NiftiException ex)
            {
                WriteError(new ErrorRecord(ex, "QualityCheckReadError", ErrorCategory.ReadError, image));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is InvalidOperationException || ex is ArgumentException)
            {
                WriteError(new ErrorRecord(new InvalidOperationException($"Quality check of '{image}' failed: {ex.Message}", ex), "QualityCheckFailed", ErrorCategory.InvalidOperation, image));
            }
        }

        private static HtmlReportRow ToRow(DefaceQualityResult result, string reportFolder)
        {
            var row = new HtmlReportRow(result.Image, result.Verdict);
            foreach (var reason in result.Reasons)
            {
                row.Reasons.Add(reason);
            }
            row.Figures.Add(new HtmlReportFigure("Brain voxels changed", result.OriginalPath == null ? (double?)null : result.BrainVoxelsChanged));
            row.Figures.Add(new HtmlReportFigure("Face removed %", double.IsNaN(result.FaceRemovedPercent) ? (double?)null : Math.Round(result.FaceRemovedPercent, 1)));
            row.Figures.Add(new HtmlReportFigure("Remaining features", null, result.RemainingFeatures.Count == 0 ? "none" : string.Join(", ", result.RemainingFeatures)));
            row.Figures.Add(new HtmlReportFigure("Outside face changed %", result.OriginalPath == null ? (double?)null : Math.Round(result.OutsideChangedPercent, 1)));
            row.Figures.Add(new HtmlReportFigure("Header preserved", null, result.HeaderPreserved.HasValue ? (result.HeaderPreserved.Value ? "yes" : "no") : "n/a"));
            // One column for the MRIQC-style measures keeps the table readable; each line is "name: before -> after (change)".
            if (result.Measures.Count > 0)
            {
                var lines = result.Measures.Select(m => string.Format(CultureInfo.InvariantCulture, "{0}: {1:G4} -> {2:G4}{3}", m.Name, m.Before, m.After,
                    double.IsNaN(m.PercentChange) ? "" : string.Format(CultureInfo.InvariantCulture, " ({0:+0.0;-0.0;0}%)", m.PercentChange)));
                row.Figures.Add(new HtmlReportFigure("Measures before -> after", null, string.Join("\n", lines)));
            }
            foreach (var picture in result.Pictures)
            {
                row.Pictures.Add(new HtmlReportPicture(RelativeTo(reportFolder, picture.Value), picture.Key));
            }
            return row;
        }

        // The report references pictures relative to its own folder, so the folder can be moved or zipped whole.
        private static string RelativeTo(string folder, string path)
        {
            var baseUri = new Uri(System.IO.Path.GetFullPath(folder).TrimEnd(System.IO.Path.DirectorySeparatorChar) + System.IO.Path.DirectorySeparatorChar);
            var relative = baseUri.MakeRelativeUri(new Uri(System.IO.Path.GetFullPath(path)));
            return Uri.UnescapeDataString(relative.ToString());
        }

        #endregion
    }
}
