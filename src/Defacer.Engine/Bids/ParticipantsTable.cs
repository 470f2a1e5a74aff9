using System;
using System.Collections.Generic;
using System.Linq;

namespace Defacer.Engine.Bids
{
    /// <summary>The dataset's participants.tsv, indexed by subject label (the <c>participant_id</c> without <c>sub-</c>).</summary>
    public sealed class ParticipantsTable
    {
        private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _byLabel;
        private readonly List<string> _labels = new List<string>();

        internal ParticipantsTable(TsvTable table, ICollection<BidsIssue> issues)
        {
            Table = table;
            _byLabel = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
            if (table.Columns[0] != "participant_id")
            {
                issues.Add(new BidsIssue(table.Path, BidsIssueCodes.TsvMalformed,
                    $"'{table.Path}': the first column must be 'participant_id', not '{table.Columns[0]}'.", BidsIssueSeverity.Error, 1));
            }
            if (!table.Columns.Contains("participant_id")) return;
            foreach (var row in table.Rows)
            {
                var id = row["participant_id"];
                var label = id.StartsWith("sub-", StringComparison.Ordinal) ? id.Substring(4) : id;
                if (_byLabel.ContainsKey(label)) continue;
                _byLabel.Add(label, row);
                _labels.Add(label);
            }
        }

        /// <summary>The underlying table (path, columns, rows).</summary>
        public TsvTable Table { get; }

        /// <summary>Full path of participants.tsv.</summary>
        public string Path => Table.Path;

        /// <summary>Column names.</summary>
        public IReadOnlyList<string> Columns => Table.Columns;

        /// <summary>Subject labels listed, in file order of first appearance.</summary>
        public IReadOnlyList<string> Labels => _labels;

        /// <summary>The row of subject <paramref name="label"/> (without <c>sub-</c>), or null.</summary>
        public IReadOnlyDictionary<string, string>? GetRow(string label)
            => _byLabel.TryGetValue(label, out var row) ? row : null;
    }
}
