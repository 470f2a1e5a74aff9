using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

namespace Defacer.Engine.Bids
{
    /// <summary>
    /// The patterns of a dataset's <c>.bidsignore</c> (gitignore syntax: <c>#</c> comments, <c>!</c> negation,
    /// trailing <c>/</c> for folders, a leading or inner <c>/</c> anchors to the root, <c>*</c>, <c>?</c>,
    /// <c>[...]</c>, <c>**</c>). Matching a folder ignores everything under it; the last matching pattern wins.
    /// </summary>
    public sealed class BidsIgnore
    {
        private readonly List<Rule> _rules;

        /// <summary>Parses the text of a .bidsignore file.</summary>
        public BidsIgnore(string text)
        {
            _rules = new List<Rule>();
            foreach (var raw in (text ?? string.Empty).Split('\n'))
            {
                var rule = Rule.Parse(raw.TrimEnd('\r'));
                if (rule != null) _rules.Add(rule);
            }
        }

        /// <summary>No patterns: nothing is ignored.</summary>
        public static BidsIgnore None { get; } = new BidsIgnore(string.Empty);

        /// <summary>Number of patterns read.</summary>
        public int Count => _rules.Count;

        /// <summary>Reads <c>.bidsignore</c> in <paramref name="root"/>, or returns <see cref="None"/> when absent.</summary>
        internal static BidsIgnore Load(string root, ICollection<BidsIssue> issues)
        {
            var path = Path.Combine(root, ".bidsignore");
            if (!File.Exists(path)) return None;
            try
            {
                return new BidsIgnore(File.ReadAllText(path, Encoding.UTF8));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                issues.Add(new BidsIssue(path, BidsIssueCodes.FileUnreadable, $"Cannot read '{path}': {ex.Message}", BidsIssueSeverity.Error));
                return None;
            }
        }

        /// <summary>
        /// True when <paramref name="relativePath"/> ('/'-separated, relative to the dataset root) is ignored,
        /// itself or through one of its folders.
        /// </summary>
        public bool IsIgnored(string relativePath, bool isDirectory = false)
        {
            if (_rules.Count == 0) return false;
            var path = relativePath.Replace('\\', '/').Trim('/');
            // A pattern that excludes a folder excludes its content, as in git.
            for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                if (Matches(path.Substring(0, slash), true)) return true;
            }
            return Matches(path, isDirectory);
        }

        private bool Matches(string path, bool isDirectory)
        {
            var ignored = false;
            foreach (var rule in _rules)
            {
                if (rule.DirectoryOnly && !isDirectory) continue;
                if (rule.Regex.IsMatch(path)) ignored = !rule.Negated;
            }
            return ignored;
        }

        private sealed class Rule
        {
            private Rule(Regex regex, bool negated, bool directoryOnly)
            {
                Regex = regex;
                Negated = negated;
                DirectoryOnly = directoryOnly;
            }

            public Regex Regex { get; }

            public bool Negated { get; }

            public bool DirectoryOnly { get; }

            public static Rule? Parse(string line)
            {
                var p = TrimUnescapedTrailingSpaces(line);
                if (p.Length == 0 || p[0] == '#') return null;
                var negated = false;
                if (p[0] == '!')
                {
                    negated = true;
                    p = p.Substring(1);
                }
                else if (p.StartsWith("\\#", StringComparison.Ordinal) || p.StartsWith("\\!", StringComparison.Ordinal))
                {
                    p = p.Substring(1);
                }
                var directoryOnly = p.EndsWith("/", StringComparison.Ordinal);
                p = p.TrimEnd('/');
                if (p.Length == 0) return null;
                // A slash at the start or in the middle anchors the pattern to the root; otherwise it matches at any depth.
                var anchored = p.IndexOf('/') >= 0;
                p = p.TrimStart('/');
                return new Rule(new Regex(ToRegex(p, anchored), RegexOptions.CultureInvariant), negated, directoryOnly);
            }

            private static string TrimUnescapedTrailingSpaces(string s)
            {
                var end = s.Length;
                while (end > 0 && s[end - 1] == ' ' && !(end > 1 && s[end - 2] == '\\')) end--;
                return s.Substring(0, end);
            }

            private static string ToRegex(string p, bool anchored)
            {
                var sb = new StringBuilder("^");
                if (!anchored) sb.Append("(?:.*/)?");
                var i = 0;
                while (i < p.Length)
                {
                    var c = p[i];
                    if (c == '*' && i + 1 < p.Length && p[i + 1] == '*')
                    {
                        var atStart = i == 0 || p[i - 1] == '/';
                        if (atStart && i + 2 < p.Length && p[i + 2] == '/')
                        {
                            sb.Append("(?:.*/)?");   // "**/": zero or more folders
                            i += 3;
                            continue;
                        }
                        sb.Append(".*");
                        i += 2;
                        continue;
                    }
                    switch (c)
                    {
                        case '*':
                            sb.Append("[^/]*");
                            break;
                        case '?':
                            sb.Append("[^/]");
                            break;
                        case '\\' when i + 1 < p.Length:
                            i++;
                            sb.Append(Regex.Escape(p[i].ToString()));
                            break;
                        case '[':
                            var close = p.IndexOf(']', i + 2);
                            if (close < 0)
                            {
                                sb.Append("\\[");
                                break;
                            }
                            var body = p.Substring(i + 1, close - i - 1);
                            if (body.StartsWith("!", StringComparison.Ordinal)) body = "^" + body.Substring(1);
                            sb.Append('[').Append(body.Replace("\\", "\\\\")).Append(']');
                            i = close;
                            break;
                        default:
                            sb.Append(Regex.Escape(c.ToString()));
                            break;
                    }
                    i++;
                }
                sb.Append('$');
                return sb.ToString();
            }
        }
    }
}
