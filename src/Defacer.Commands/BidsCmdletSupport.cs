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

        /// <summary>Resolves -Path (wildcards) or -LiteralPath to file-system paths; a path that matches nothing is a terminating error.</summary>
        public static List<string> ResolvePaths(PSCmdlet cmdlet, string[]? paths, bool literal)
        {
            var resolved = new List<string>();
            if (paths == null || paths.Length == 0) paths = new[] { cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath };
            foreach (var path in paths)
            {
                ProviderInfo provider;
                try
                {
                    if (literal)
                    {
                        resolved.Add(cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _));
                    }
                    else
                    {
                        var matches = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
                        resolved.AddRange(matches);
                    }
                }
                catch (ItemNotFoundException ex)
                {
                    cmdlet.ThrowTerminatingError(DatasetNotFound(new BidsException(path, $"'{path}' does not exist.", ex), path));
                    throw;   // unreachable: ThrowTerminatingError always throws
                }
                if (provider.Name != "FileSystem")
                {
                    cmdlet.ThrowTerminatingError(new ErrorRecord(
                        new ArgumentException($"'{path}' is on the {provider.Name} provider; a BIDS dataset must be a file-system folder."),
                        "BidsPathNotFileSystem", ErrorCategory.InvalidArgument, path));
                }
            }
            return resolved;
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
        }

        private static ErrorRecord DatasetNotFound(Exception ex, string path)
            => new ErrorRecord(ex, BidsIssueCodes.DatasetNotFound, ErrorCategory.ObjectNotFound, path);

        /// <summary>
        /// Turns -Subject/-Session values into wildcard patterns over bare labels (<c>sub-01</c> and <c>01</c> are the same).
        /// A value holding a path separator or <c>..</c> is a terminating error: labels are never paths.
        /// </summary>
        public static List<WildcardPattern>? LabelPatterns(PSCmdlet cmdlet, string[]? values, string prefix, string parameterName)
        {
            if (values == null || values.Length == 0) return null;
            var patterns = new List<WildcardPattern>();
            foreach (var value in values)
            {
                if (string.IsNullOrEmpty(value) || value.IndexOf('/') >= 0 || value.IndexOf('\\') >= 0 || value.Contains("..")
                    || value.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
                {
                    cmdlet.ThrowTerminatingError(new ErrorRecord(
                        new ArgumentException($"-{parameterName} '{value}' is not a label: use letters, digits and '+' (wildcards allowed), never a path or '..'."),
                        $"Bids{parameterName}LabelInvalid", ErrorCategory.InvalidArgument, value));
                }
                var bare = value.StartsWith(prefix, StringComparison.Ordinal) ? value.Substring(prefix.Length) : value;
                patterns.Add(new WildcardPattern(bare, WildcardOptions.None));   // BIDS labels are case-sensitive
            }
            return patterns;
        }

        public static bool Matches(List<WildcardPattern>? patterns, string? label)
            => patterns == null || (label != null && patterns.Any(p => p.IsMatch(label)));

        /// <summary>Non-terminating "not found" errors for literal (wildcard-free) labels that matched nothing, as Get-Item does.</summary>
        public static void ReportUnmatched(PSCmdlet cmdlet, string[]? values, string prefix, IEnumerable<string?> found, string what, string root)
        {
            if (values == null) return;
            var labels = new HashSet<string?>(found, StringComparer.Ordinal);
            foreach (var value in values)
            {
                if (WildcardPattern.ContainsWildcardCharacters(value)) continue;
                var bare = value.StartsWith(prefix, StringComparison.Ordinal) ? value.Substring(prefix.Length) : value;
                if (labels.Contains(bare)) continue;
                cmdlet.WriteError(new ErrorRecord(
                    new ItemNotFoundException($"Dataset '{root}' has no {what} '{prefix}{bare}'."),
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
