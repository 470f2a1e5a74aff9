using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Defacer.Engine.Bids
{
    /// <summary>
    /// A BIDS TSV file (participants.tsv, sessions.tsv, scans.tsv): a header line of column names, then rows of
    /// tab-separated values. Rows of the wrong width are dropped and reported; nothing here throws on bad content.
    /// </summary>
    public sealed class TsvTable
    {
        private TsvTable(string path, IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyDictionary<string, string>> rows)
        {
            Path = path;
            Columns = columns;
            Rows = rows;
        }

        /// <summary>Full path of the file.</summary>
        public string Path { get; }

        /// <summary>Column names in file order.</summary>
        public IReadOnlyList<string> Columns { get; }

        /// <summary>Rows, each a column name to value map (values as written; "n/a" kept).</summary>
        public IReadOnlyList<IReadOnlyDictionary<string, string>> Rows { get; }

        /// <summary>
        /// Reads <paramref name="path"/>. Returns null (with an issue added) when the file cannot be read or has no
        /// usable header; otherwise the table with every well-formed row, adding an issue per malformed line.
        /// </summary>
        public static TsvTable? Read(string path, ICollection<BidsIssue> issues)
        {
            var text = BidsTextFile.Read(path, issues);
            return text == null ? null : Parse(path, text, issues);
        }

        /// <summary>Parses TSV <paramref name="text"/> read from <paramref name="path"/> (see <see cref="Read"/>).</summary>
        public static TsvTable? Parse(string path, string text, ICollection<BidsIssue> issues)
        {
            if (text.Length > 0 && text[0] == '\uFEFF') text = text.Substring(1);
            var lines = text.Split('\n');
            if (lines.Length == 0 || lines[0].TrimEnd('\r').Length == 0)
            {
                issues.Add(new BidsIssue(path, BidsIssueCodes.TsvMalformed, $"'{path}' line 1: the header line is empty.", BidsIssueSeverity.Error, 1));
                return null;
            }
            var columns = lines[0].TrimEnd('\r').Split('\t');
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var c in columns)
            {
                if (c.Length == 0 || !seen.Add(c))
                {
                    issues.Add(new BidsIssue(path, BidsIssueCodes.TsvMalformed,
                        $"'{path}' line 1: column name '{c}' is {(c.Length == 0 ? "empty" : "repeated")}.", BidsIssueSeverity.Error, 1));
                    return null;
                }
            }
            var rows = new List<IReadOnlyDictionary<string, string>>();
            for (var i = 1; i < lines.Length; i++)
            {
                var line = lines[i].TrimEnd('\r');
                if (line.Length == 0) continue;   // blank lines (a trailing newline) are harmless
                var cells = line.Split('\t');
                if (cells.Length != columns.Length)
                {
                    issues.Add(new BidsIssue(path, BidsIssueCodes.TsvMalformed,
                        $"'{path}' line {i + 1}: {cells.Length} values for {columns.Length} columns; the row is ignored.", BidsIssueSeverity.Error, i + 1));
                    continue;
                }
                var row = new Dictionary<string, string>(columns.Length, StringComparer.Ordinal);
                for (var c = 0; c < columns.Length; c++) row[columns[c]] = cells[c];
                rows.Add(row);
            }
            return new TsvTable(path, columns, rows);
        }
    }
}
