using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Defacer.Engine.Bids;

namespace Defacer.Commands
{
    /// <summary>
    /// What Get-BidsSubject and Get-BidsImage share: resolving dataset paths, validating -Subject/-Session patterns,
    /// opening a dataset (terminating error when it is not one) and reporting per-file issues.
    /// </summary>
    internal static class BidsCmdletSupport
    {
        /// <summary>Warnings of one code beyond this many are summed up in one line (1,000 absent annex files are one message).</summary>
        private const int WarningsPerCode = 10;

        // A wrong dataset path leaves nothing sensible to list, so path problems stop Get-BidsSubject / Get-BidsImage.
        private static readonly PathErrorIds PathErrors = new PathErrorIds(BidsIssueCodes.DatasetNotFound, "BidsPathNotFileSystem", "BidsPathInvalid");

        /// <summary>
        /// Resolves -Path (wildcards) or -LiteralPath to dataset folders, the current location when none is given; a path
        /// that matches nothing or is not on the file system is a terminating error.
        /// </summary>
        public static List<string> ResolvePaths(PSCmdlet cmdlet, string[]? paths, bool literal)
        {
            if (paths == null || paths.Length == 0)
            {
                return new List<string> { cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath };
            }
            return new CmdletPathResolver(cmdlet, PathErrors) { Terminating = true }.Resolve(paths, literal);
        }

        /// <summary>Opens the dataset at <paramref name="path"/>, turning <see cref="BidsException"/> into the terminating error BidsDatasetNotFound.</summary>
        public static BidsDataset Open(PSCmdlet cmdlet, string path, BidsListOptions options)
        {
            try
            {
                return BidsDataset.Open(path, options);
            }
            catch (BidsException ex)
            {
                cmdlet.ThrowTerminatingError(DatasetNotFound(ex, ex.Path));
                throw;
            }
            catch (OperationCanceledException) when (options.CancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: stop the pipeline quietly rather than report an error.
                throw new PipelineStoppedException();
            }
        }

        private static ErrorRecord DatasetNotFound(Exception ex, string path)
            => new ErrorRecord(ex, BidsIssueCodes.DatasetNotFound, ErrorCategory.ObjectNotFound, path);

        /// <summary>The -Subject/-Session selector; a value that is a path or holds '..' is the terminating error Bids&lt;Parameter&gt;LabelInvalid.</summary>
        public static BidsLabelSelector? Selector(PSCmdlet cmdlet, string[]? values, string prefix, string parameterName)
        {
            try
            {
                return BidsLabelSelector.Create(values, prefix, parameterName);
            }
            catch (ArgumentException ex)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(ex, $"Bids{parameterName}LabelInvalid", ErrorCategory.InvalidArgument, values));
                throw;
            }
        }

        /// <summary>Non-terminating "not found" errors (Bids&lt;What&gt;NotFound) for literal labels that matched nothing, as Get-Item does.</summary>
        public static void ReportUnmatched(PSCmdlet cmdlet, BidsLabelSelector? selector, IEnumerable<string?> found, string what, string root)
        {
            if (selector == null) return;
            foreach (var value in selector.Unmatched(found))
            {
                cmdlet.WriteError(new ErrorRecord(
                    new ItemNotFoundException($"Dataset '{root}' has no {what} '{value}'."),
                    $"Bids{char.ToUpperInvariant(what[0])}{what.Substring(1)}NotFound", ErrorCategory.ObjectNotFound, value));
            }
        }

        /// <summary>Writes the dataset's issues: errors as non-terminating error records (id = issue code), warnings as warnings.</summary>
        public static void WriteIssues(PSCmdlet cmdlet, BidsDataset dataset)
        {
            foreach (var issue in dataset.Issues.Where(i => i.Severity == BidsIssueSeverity.Error))
            {
                Exception ex = issue.Code == BidsIssueCodes.FileUnreadable ? new IOException(issue.Message) : (Exception)new InvalidDataException(issue.Message);
                var category = issue.Code == BidsIssueCodes.FileUnreadable ? ErrorCategory.ReadError : ErrorCategory.InvalidData;
                cmdlet.WriteError(new ErrorRecord(ex, issue.Code, category, issue.Path));
            }
            foreach (var group in dataset.Issues.Where(i => i.Severity == BidsIssueSeverity.Warning).GroupBy(i => i.Code))
            {
                var list = group.ToList();
                foreach (var issue in list.Take(WarningsPerCode)) cmdlet.WriteWarning($"{issue.Message} [{issue.Code}]");
                if (list.Count > WarningsPerCode)
                {
                    cmdlet.WriteWarning($"... and {list.Count - WarningsPerCode} more {group.Key} warnings in '{dataset.Root}' (all are in .Dataset.Issues). [{group.Key}]");
                }
            }
        }

        /// <summary>Warns that .bidsignore hides anatomical images (they may show a face) and how to see them.</summary>
        public static void WarnIgnored(PSCmdlet cmdlet, BidsDataset dataset, IReadOnlyCollection<BidsImage> ignored)
        {
            if (ignored.Count == 0) return;
            var suffixes = string.Join(", ", ignored.GroupBy(i => i.Suffix).Select(g => $"{g.Count()} {g.Key}"));
            cmdlet.WriteWarning(
                $"{ignored.Count} anatomical image(s) in '{dataset.Root}' are hidden by .bidsignore ({suffixes}, e.g. '{ignored.First().RelativePath}') " +
                "and are not listed; they may show a face. Use Get-BidsImage -IncludeBidsIgnored to list them. [BidsAnatIgnored]");
        }
    }
}
