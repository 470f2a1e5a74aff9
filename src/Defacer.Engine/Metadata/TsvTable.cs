using System;
using System.Collections.Generic;
using System.Text;

namespace Defacer.Engine.Metadata
{
    /// <summary>
    /// A BIDS TSV table held as its lines, each with its own line terminator, so that writing it back reproduces every
    /// untouched line exactly (CRLF or LF, trailing newline or not, BOM). Cells are split on tabs only; BIDS TSV has no
    /// quoting. Blank lines are kept verbatim and are not rows.
    /// </summary>
    public sealed class TsvTable
    {
        private static readonly UTF8Encoding s_strictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        private readonly List<Line> _lines;

        private TsvTable(bool bom, List<Line> lines, List<string> header)
        {
            HasBom = bom;
            _lines = lines;
            Header = header;
        }

        /// <summary>True when the file started with a UTF-8 byte order mark.</summary>
        public bool HasBom { get; }

        /// <summary>The column names of the first line.</summary>
        public IList<string> Header { get; }

        /// <summary>The data rows (cells can be changed in place).</summary>
        public IEnumerable<TsvRow> Rows
        {
            get
            {
                for (int i = 1; i < _lines.Count; i++)
                {
                    if (_lines[i].Cells != null)
                    {
                        yield return new TsvRow(_lines[i].Cells!, i + 1);
                    }
                }
            }
        }

        /// <summary>The index of a column (exact name), or -1.</summary>
        public int IndexOf(string column) => Header.IndexOf(column);

        /// <summary>
        /// Parses TSV bytes. Throws <see cref="MetadataFormatException"/> naming <paramref name="source"/> and the line
        /// when the text is not UTF-8, the header is empty, or a row's cell count differs from the header's.
        /// </summary>
        public static TsvTable Parse(byte[] bytes, string source)
        {
            bool bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
            int start = bom ? 3 : 0;
            string text;
            try
            {
                text = s_strictUtf8.GetString(bytes, start, bytes.Length - start);
            }
            catch (DecoderFallbackException ex)
            {
                var (line, column) = JsonSpanScanner.LineColumn(bytes, start, Math.Min(bytes.Length, start + Math.Max(0, ex.Index)));
                throw new MetadataFormatException(source, line, column, "the file is not valid UTF-8 text.");
            }
            var lines = new List<Line>();
            int pos = 0;
            while (pos < text.Length)
            {
                int nl = text.IndexOf('\n', pos);
                int contentEnd = nl < 0 ? text.Length : nl;
                int next = nl < 0 ? text.Length : nl + 1;
                if (contentEnd > pos && text[contentEnd - 1] == '\r')
                {
                    contentEnd--;
                }
                lines.Add(new Line(text.Substring(pos, contentEnd - pos), text.Substring(contentEnd, next - contentEnd)));
                pos = next;
            }
            if (lines.Count == 0 || lines[0].Text.Length == 0)
            {
                throw new MetadataFormatException(source, 1, 1, "the table has no header line.");
            }
            var header = new List<string>(lines[0].Text.Split('\t'));
            lines[0].Cells = header.ToArray();
            for (int i = 1; i < lines.Count; i++)
            {
                if (lines[i].Text.Length == 0)
                {
                    continue;
                }
                var cells = lines[i].Text.Split('\t');
                if (cells.Length != header.Count)
                {
                    throw new MetadataFormatException(source, i + 1, 1, $"the row has {cells.Length} cells but the header has {header.Count} columns.");
                }
                lines[i].Cells = cells;
            }
            return new TsvTable(bom, lines, header);
        }

        /// <summary>Removes a column from the header and every row.</summary>
        public void RemoveColumn(int index)
        {
            Header.RemoveAt(index);
            foreach (var line in _lines)
            {
                if (line.Cells != null)
                {
                    var list = new List<string>(line.Cells);
                    list.RemoveAt(index);
                    line.Cells = list.ToArray();
                    line.Dirty = true;
                }
            }
        }

        /// <summary>The table as bytes: untouched lines as read, changed lines re-joined with tabs, same terminators.</summary>
        public byte[] ToBytes()
        {
            var sb = new StringBuilder();
            _lines[0].Cells = ((List<string>)Header).ToArray();
            for (int i = 0; i < _lines.Count; i++)
            {
                var line = _lines[i];
                var changed = line.Cells != null && (line.Dirty || i == 0 || !string.Equals(string.Join("\t", line.Cells), line.Text, StringComparison.Ordinal));
                sb.Append(changed ? string.Join("\t", line.Cells!) : line.Text).Append(line.Terminator);
            }
            var body = Encoding.UTF8.GetBytes(sb.ToString());
            if (!HasBom)
            {
                return body;
            }
            var withBom = new byte[body.Length + 3];
            withBom[0] = 0xEF;
            withBom[1] = 0xBB;
            withBom[2] = 0xBF;
            Buffer.BlockCopy(body, 0, withBom, 3, body.Length);
            return withBom;
        }

        private sealed class Line
        {
            public Line(string text, string terminator)
            {
                Text = text;
                Terminator = terminator;
            }

            public string Text { get; }
            public string Terminator { get; }
            public string[]? Cells { get; set; }
            public bool Dirty { get; set; }
        }
    }

    /// <summary>One data row of a <see cref="TsvTable"/>.</summary>
    public readonly struct TsvRow
    {
        private readonly string[] _cells;

        internal TsvRow(string[] cells, int lineNumber)
        {
            _cells = cells;
            LineNumber = lineNumber;
        }

        /// <summary>1-based line number in the file.</summary>
        public int LineNumber { get; }

        /// <summary>Gets or sets a cell by column index.</summary>
        public string this[int index]
        {
            get => _cells[index];
            set => _cells[index] = value;
        }
    }
}
