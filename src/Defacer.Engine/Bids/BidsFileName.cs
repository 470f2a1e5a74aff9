using System;
using System.Collections.Generic;

namespace Defacer.Engine.Bids
{
    /// <summary>
    /// A tolerant parse of a BIDS file name: split the part before the first dot on '_', the last token is the
    /// suffix, the others are key-value entities. Problems (unknown key, wrong order, bad label) are collected in
    /// <see cref="Problems"/> instead of thrown, so one odd name never stops a listing.
    /// </summary>
    public sealed class BidsFileName
    {
        private BidsFileName(string fileName, string extension, BidsEntities entities, string suffix, IReadOnlyList<BidsNameProblem> problems)
        {
            FileName = fileName;
            Extension = extension;
            Entities = entities;
            Suffix = suffix;
            Problems = problems;
        }

        /// <summary>The name parsed.</summary>
        public string FileName { get; }

        /// <summary>Everything from the first dot (".nii.gz", ".json"); empty when there is none.</summary>
        public string Extension { get; }

        /// <summary>The key-value entities in BIDS order.</summary>
        public BidsEntities Entities { get; }

        /// <summary>The last '_' token before the extension (empty when the name has none).</summary>
        public string Suffix { get; }

        /// <summary>Problems found; empty for a well-formed name.</summary>
        public IReadOnlyList<BidsNameProblem> Problems { get; }

        /// <summary>Parses <paramref name="fileName"/> (a name, not a path).</summary>
        public static BidsFileName Parse(string fileName)
        {
            if (fileName == null) throw new ArgumentNullException(nameof(fileName));
            var problems = new List<BidsNameProblem>();
            // Labels cannot hold a dot, so the first dot starts the extension (.nii.gz, .tsv.gz).
            var dot = fileName.IndexOf('.');
            var stem = dot < 0 ? fileName : fileName.Substring(0, dot);
            var extension = dot < 0 ? string.Empty : fileName.Substring(dot);
            var tokens = stem.Split('_');
            var suffix = tokens[tokens.Length - 1];
            var pairs = new List<KeyValuePair<string, string>>(tokens.Length);
            var entityTokens = tokens.Length - 1;
            if (suffix.IndexOf('-') >= 0)
            {
                // No suffix: every token is an entity (a malformed name, but keep what can be read).
                problems.Add(new BidsNameProblem(BidsIssueCodes.FileNameMalformed, $"'{fileName}' has no suffix after its last entity."));
                suffix = string.Empty;
                entityTokens = tokens.Length;
            }
            else if (suffix.Length == 0)
            {
                problems.Add(new BidsNameProblem(BidsIssueCodes.FileNameMalformed, $"'{fileName}' has an empty suffix."));
            }

            var lastRank = -1;
            string? lastKey = null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < entityTokens; i++)
            {
                var token = tokens[i];
                var dash = token.IndexOf('-');
                if (dash <= 0 || dash == token.Length - 1)
                {
                    problems.Add(new BidsNameProblem(BidsIssueCodes.FileNameMalformed, $"'{fileName}': '{token}' is not a key-value entity."));
                    continue;
                }
                var key = token.Substring(0, dash);
                var value = token.Substring(dash + 1);
                if (!seen.Add(key))
                {
                    problems.Add(new BidsNameProblem(BidsIssueCodes.EntityOrder, $"'{fileName}': entity '{key}' appears twice; the first value is used."));
                    continue;
                }
                var rank = BidsSchema.EntityRank(key);
                if (rank < 0)
                {
                    problems.Add(new BidsNameProblem(BidsIssueCodes.EntityUnknown, $"'{fileName}': '{key}' is not a BIDS entity."));
                }
                else
                {
                    if (rank < lastRank)
                    {
                        problems.Add(new BidsNameProblem(BidsIssueCodes.EntityOrder, $"'{fileName}': entity '{key}' must come before '{lastKey}'."));
                    }
                    else
                    {
                        lastRank = rank;
                        lastKey = key;
                    }
                }
                if (!IsValidValue(key, value))
                {
                    problems.Add(new BidsNameProblem(BidsIssueCodes.LabelInvalid, BidsSchema.IsIndexEntity(key)
                        ? $"'{fileName}': index '{key}-{value}' must be digits."
                        : $"'{fileName}': label '{key}-{value}' may hold only letters, digits and '+'."));
                }
                pairs.Add(new KeyValuePair<string, string>(key, value));
            }
            return new BidsFileName(fileName, extension, new BidsEntities(pairs), suffix, problems);
        }

        /// <summary>True when <paramref name="label"/> is a valid BIDS label: one or more of [0-9a-zA-Z+].</summary>
        public static bool IsValidLabel(string? label)
        {
            if (string.IsNullOrEmpty(label)) return false;
            foreach (var c in label!)
            {
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '+')) return false;
            }
            return true;
        }

        private static bool IsValidValue(string key, string value)
        {
            if (!BidsSchema.IsIndexEntity(key)) return IsValidLabel(value);
            foreach (var c in value)
            {
                if (c < '0' || c > '9') return false;
            }
            return value.Length > 0;
        }
    }
}
