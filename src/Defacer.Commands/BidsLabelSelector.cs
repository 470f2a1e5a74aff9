using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;

namespace Defacer.Commands
{
    /// <summary>
    /// The values of -Subject or -Session as a matcher over bare labels: <c>sub-01</c> and <c>01</c> are the same,
    /// wildcards are allowed and matching is case-sensitive like BIDS. A value of plain digits without leading zeros
    /// also matches labels of the same number, because PowerShell turns <c>-Subject 01, 02</c> into the integers 1 and 2
    /// before the cmdlet sees them (a single <c>01</c> keeps its text).
    /// </summary>
    internal sealed class BidsLabelSelector
    {
        private readonly List<(string Value, WildcardPattern? Pattern)> _items = new List<(string, WildcardPattern?)>();

        private BidsLabelSelector(string prefix)
        {
            Prefix = prefix;
        }

        public string Prefix { get; }

        /// <summary>
        /// Builds a selector, or returns null when <paramref name="values"/> is empty (everything matches).
        /// Throws <see cref="ArgumentException"/> for a value holding a path separator, <c>..</c> or a character no folder name can hold.
        /// </summary>
        public static BidsLabelSelector? Create(string[]? values, string prefix, string parameterName)
        {
            if (values == null || values.Length == 0) return null;
            var selector = new BidsLabelSelector(prefix);
            foreach (var value in values)
            {
                if (string.IsNullOrEmpty(value) || value.IndexOf('/') >= 0 || value.IndexOf('\\') >= 0 || value.Contains("..")
                    || value.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
                {
                    throw new ArgumentException($"-{parameterName} '{value}' is not a label: use letters, digits and '+' (wildcards allowed), never a path or '..'.");
                }
                var bare = value.StartsWith(prefix, StringComparison.Ordinal) ? value.Substring(prefix.Length) : value;
                selector._items.Add((bare, WildcardPattern.ContainsWildcardCharacters(bare) ? new WildcardPattern(bare, WildcardOptions.None) : null));
            }
            return selector;
        }

        /// <summary>True when <paramref name="label"/> (bare) is selected; null (the session-less level) never is.</summary>
        public bool IsMatch(string? label) => label != null && _items.Any(i => Matches(i.Value, i.Pattern, label));

        /// <summary>The literal values that select none of <paramref name="labels"/>, as typed (with the prefix).</summary>
        public IEnumerable<string> Unmatched(IEnumerable<string?> labels)
        {
            var list = labels.Where(l => l != null).Select(l => l!).ToList();
            return _items.Where(i => i.Pattern == null && !list.Any(l => Matches(i.Value, null, l))).Select(i => Prefix + i.Value);
        }

        private static bool Matches(string value, WildcardPattern? pattern, string label)
        {
            if (pattern != null) return pattern.IsMatch(label);
            if (string.Equals(value, label, StringComparison.Ordinal)) return true;
            return value.Length > 0 && value[0] != '0' && IsDigits(value) && IsDigits(label)
                && string.Equals(label.TrimStart('0'), value, StringComparison.Ordinal);
        }

        private static bool IsDigits(string s) => s.Length > 0 && s.All(c => c >= '0' && c <= '9');
    }
}
