using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Defacer.Engine.Bids;

namespace Defacer.Commands
{
    /// <summary>
    /// Tab completion for -Subject, -Session and -Suffix of the BIDS cmdlets. Subject and session labels are read
    /// from the folder names of the dataset named by -Path/-LiteralPath (or the current location): only directory
    /// names are listed, never a full dataset read, so completion stays instant on large datasets.
    /// </summary>
    public sealed class BidsArgumentCompleter : IArgumentCompleter
    {
        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
            try
            {
                switch (parameterName)
                {
                    case "Suffix":
                        return Complete(BidsSchema.AnatSuffixes.OrderBy(s => s, StringComparer.Ordinal), word, "anatomical suffix");
                    case "Subject":
                        return Complete(SubjectLabels(DatasetRoot(fakeBoundParameters)), Strip(word, "sub-"), "subject");
                    case "Session":
                        var root = DatasetRoot(fakeBoundParameters);
                        return Complete(SessionLabels(root, Values(fakeBoundParameters, "Subject")), Strip(word, "ses-"), "session");
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                // Completion must never throw at the user; no suggestions is the honest answer for an unreadable folder.
            }
            return Enumerable.Empty<CompletionResult>();
        }

        private static IEnumerable<CompletionResult> Complete(IEnumerable<string> candidates, string word, string what)
            => candidates
                .Where(c => c.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                .Distinct(StringComparer.Ordinal)
                .Select(c => new CompletionResult(Quote(c), c, CompletionResultType.ParameterValue, $"{what} {c}"));

        private static string Quote(string text) => text.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', ',', ';', '(', ')', '{', '}', '@', '#' }) >= 0 ? "'" + text.Replace("'", "''") + "'" : text;

        private static string Strip(string word, string prefix) => word.StartsWith(prefix, StringComparison.Ordinal) ? word.Substring(prefix.Length) : word;

        private static IEnumerable<string> SubjectLabels(string? root)
        {
            if (root == null) return Enumerable.Empty<string>();
            return Directory.EnumerateDirectories(root, "sub-*")
                .Select(d => System.IO.Path.GetFileName(d).Substring(4))
                .Where(l => l.Length > 0)
                .OrderBy(l => l, BidsNaturalComparer.Instance);
        }

        private static IEnumerable<string> SessionLabels(string? root, IList<string> subjects)
        {
            if (root == null) return Enumerable.Empty<string>();
            BidsLabelSelector? selector;
            try
            {
                selector = BidsLabelSelector.Create(subjects.ToArray(), "sub-", "Subject");
            }
            catch (ArgumentException)
            {
                return Enumerable.Empty<string>();
            }
            var subjectDirs = Directory.EnumerateDirectories(root, "sub-*")
                .Where(d => selector == null || selector.IsMatch(System.IO.Path.GetFileName(d).Substring(4)));
            return subjectDirs
                .SelectMany(d => Directory.EnumerateDirectories(d, "ses-*"))
                .Select(d => System.IO.Path.GetFileName(d).Substring(4))
                .Where(l => l.Length > 0)
                .Distinct(StringComparer.Ordinal)
                .OrderBy(l => l, BidsNaturalComparer.Instance);
        }

        private static IList<string> Values(IDictionary bound, string name)
        {
            if (!bound.Contains(name) || bound[name] == null) return new string[0];
            var value = bound[name] is PSObject pso ? pso.BaseObject : bound[name];
            if (value is string s) return new[] { s };
            if (value is IEnumerable e) return e.Cast<object>().Select(o => (o is PSObject p ? p.BaseObject : o)?.ToString()).Where(x => !string.IsNullOrEmpty(x)).Select(x => x!).ToList();
            return new[] { value.ToString() };
        }

        // The first -LiteralPath or -Path value, resolved against the current location, when it is a folder with
        // dataset_description.json; otherwise the current location itself when it is a dataset.
        private static string? DatasetRoot(IDictionary bound)
        {
            var literal = Values(bound, "LiteralPath");
            var path = literal.Count > 0 ? literal[0] : Values(bound, "Path").FirstOrDefault();
            using (var ps = PowerShell.Create(RunspaceMode.CurrentRunspace))
            {
                string? resolved;
                if (path == null)
                {
                    ps.AddScript("$ExecutionContext.SessionState.Path.CurrentFileSystemLocation.ProviderPath");
                    resolved = ps.Invoke().FirstOrDefault()?.BaseObject as string;
                }
                else
                {
                    ps.AddCommand("Resolve-Path").AddParameter(literal.Count > 0 ? "LiteralPath" : "Path", path).AddParameter("ErrorAction", "Ignore");
                    resolved = (ps.Invoke().FirstOrDefault()?.BaseObject as PathInfo)?.ProviderPath;
                }
                return resolved != null && File.Exists(System.IO.Path.Combine(resolved, "dataset_description.json")) ? resolved : null;
            }
        }
    }
}
