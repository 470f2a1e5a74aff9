using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Defacer.Engine.Metadata
{
    /// <summary>
    /// Cleans BIDS tables (bids-deid.md 2.7 list D): shifts <c>acq_time</c> of scans and sessions tables by the
    /// subject's offset (or drops the column), drops HeuDiConv's <c>operator</c> and <c>randstr</c> columns, caps ages
    /// above 89 at 89, and reports columns whose names look identifying. Untouched lines keep their exact bytes.
    /// </summary>
    public static class TableCleaner
    {
        /// <summary>The column holding acquisition date-times.</summary>
        public const string AcqTimeColumn = "acq_time";

        private static readonly string[] s_droppedScanColumns = { "operator", "randstr" };
        private static readonly HashSet<string> s_identityColumns = new HashSet<string>(StringComparer.Ordinal) { "participant_id", "session_id", "filename", AcqTimeColumn };
        private static readonly HashSet<string> s_identifyingTokens = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "name", "firstname", "lastname", "surname", "forename", "initials", "birth", "birthdate", "birthday", "dob",
            "address", "street", "postcode", "zip", "phone", "telephone", "mobile", "email", "mail", "mrn", "date", "nhs", "ssn",
        };

        /// <summary>What a table is, from its file name.</summary>
        public enum TableKind
        {
            /// <summary><c>*_scans.tsv</c>.</summary>
            Scans,
            /// <summary><c>*_sessions.tsv</c>.</summary>
            Sessions,
            /// <summary><c>participants.tsv</c>.</summary>
            Participants,
            /// <summary>Any other table (events, phenotype, channels ...).</summary>
            Other,
        }

        /// <summary>The kind of a table from its file name.</summary>
        public static TableKind KindOf(string fileName)
        {
            if (fileName.EndsWith("_scans.tsv", StringComparison.Ordinal)) return TableKind.Scans;
            if (fileName.EndsWith("_sessions.tsv", StringComparison.Ordinal)) return TableKind.Sessions;
            if (fileName == "participants.tsv") return TableKind.Participants;
            return TableKind.Other;
        }

        /// <summary>The subject (<c>sub-01</c>) a file belongs to: the first path segment starting with <c>sub-</c>.</summary>
        public static string? SubjectOf(string relativePath) =>
            relativePath.Split('/').FirstOrDefault(s => s.StartsWith("sub-", StringComparison.Ordinal) && s.IndexOf('.') < 0);

        /// <summary>Notes the real (not yet shifted) acq_time dates of a scans/sessions table for the planner.</summary>
        public static void Survey(byte[] content, string path, string relativePath, DateShiftPlanner planner)
        {
            var subject = SubjectOf(relativePath);
            var kind = KindOf(System.IO.Path.GetFileName(path));
            if (subject == null || (kind != TableKind.Scans && kind != TableKind.Sessions))
            {
                return;
            }
            var table = TsvTable.Parse(content, path);
            int column = table.IndexOf(AcqTimeColumn);
            if (column < 0)
            {
                return;
            }
            foreach (var row in table.Rows)
            {
                if (AcqTime.TryParse(row[column], out var date, out _) && !AcqTime.IsAlreadyShifted(date))
                {
                    planner.Observe(subject, date);
                }
            }
        }

        /// <summary>Lists what <see cref="Clean"/> would do without producing new content.</summary>
        public static TableCleanResult Inspect(byte[] content, string path, string relativePath, MetadataOptions options) =>
            Run(content, path, relativePath, options, null, buildOutput: false);

        /// <summary>
        /// Cleans a table. <paramref name="shifts"/> must hold an offset for the table's subject when it has dates to
        /// shift (see <see cref="DateShiftPlanner"/>). Throws <see cref="MetadataFormatException"/> for malformed tables.
        /// </summary>
        public static TableCleanResult Clean(byte[] content, string path, string relativePath, MetadataOptions options, DateShiftStore shifts) =>
            Run(content, path, relativePath, options, shifts ?? throw new ArgumentNullException(nameof(shifts)), buildOutput: true);

        private static TableCleanResult Run(byte[] content, string path, string relativePath, MetadataOptions options, DateShiftStore? shifts, bool buildOutput)
        {
            var table = TsvTable.Parse(content, path);
            var kind = KindOf(System.IO.Path.GetFileName(path));
            var findings = new List<MetadataFinding>();
            var removed = new List<string>();
            var changes = new List<string>();
            bool changed = false;

            MetadataFinding Finding(FindingKind fk, string field, string? preview, MetadataAction action, string reason, int? line = 1) =>
                new MetadataFinding(path, relativePath, fk, field, preview, action, reason, line);

            // Columns to drop: acq_time on request, HeuDiConv's operator/randstr, and -Field names.
            var drop = new List<string>();
            foreach (var column in table.Header)
            {
                if (options.KeepFields.Contains(column))
                {
                    continue;
                }
                if (column == AcqTimeColumn && options.DropAcqTime && (kind == TableKind.Scans || kind == TableKind.Sessions))
                {
                    drop.Add(column);
                    findings.Add(Finding(FindingKind.TableColumn, column, FirstValue(table, column), MetadataAction.Remove, "acq_time dropped by -DropAcqTime"));
                }
                else if (kind == TableKind.Scans && s_droppedScanColumns.Contains(column))
                {
                    drop.Add(column);
                    findings.Add(Finding(FindingKind.TableColumn, column, FirstValue(table, column), MetadataAction.Remove,
                        column == "operator" ? "HeuDiConv fills it with the performing physician's name" : "HeuDiConv hash of the DICOM UIDs (linkable)"));
                }
                else if (options.AddFields.Contains(column) && !s_identityColumns.Contains(column))
                {
                    drop.Add(column);
                    findings.Add(Finding(FindingKind.TableColumn, column, FirstValue(table, column), MetadataAction.Remove, "requested by -Field"));
                }
                else if (!s_identityColumns.Contains(column) && LooksIdentifying(column))
                {
                    findings.Add(Finding(FindingKind.TableColumn, column, FirstValue(table, column), MetadataAction.Report, "column name suggests a name, birth date, address, contact or record number"));
                }
            }

            // acq_time shift (when kept).
            int acq = table.IndexOf(AcqTimeColumn);
            if (acq >= 0 && !drop.Contains(AcqTimeColumn) && (kind == TableKind.Scans || kind == TableKind.Sessions) && !options.KeepFields.Contains(AcqTimeColumn))
            {
                var subject = SubjectOf(relativePath);
                int shifted = 0;
                string? firstReal = null;
                foreach (var row in table.Rows)
                {
                    var value = row[acq];
                    if (value == "n/a" || value.Length == 0)
                    {
                        continue;
                    }
                    if (!AcqTime.TryParse(value, out var date, out var rest))
                    {
                        findings.Add(Finding(FindingKind.TableValue, AcqTimeColumn, Preview.Of(value), MetadataAction.Report, "acq_time is not a BIDS date-time; left as it is", row.LineNumber));
                        continue;
                    }
                    if (AcqTime.IsAlreadyShifted(date))
                    {
                        continue;
                    }
                    firstReal = firstReal ?? value;
                    if (!buildOutput)
                    {
                        shifted++;
                        continue;
                    }
                    if (subject == null || !shifts!.TryGet(subject, out var days))
                    {
                        throw new InvalidOperationException($"No date offset is known for the subject of '{path}'.");
                    }
                    var newValue = AcqTime.Shift(date, rest, days);
                    row[acq] = newValue;
                    shifted++;
                    if (date.AddDays(days).Year > AcqTime.LatestShiftedYear)
                    {
                        findings.Add(Finding(FindingKind.TableValue, AcqTimeColumn, Preview.Of(newValue), MetadataAction.Report,
                            $"with the subject's stored offset this date stays after {AcqTime.LatestShiftedYear}", row.LineNumber));
                    }
                }
                if (shifted > 0)
                {
                    findings.Add(Finding(FindingKind.TableColumn, AcqTimeColumn, Preview.Of(firstReal!), MetadataAction.ShiftDate,
                        $"{shifted} date(s) shifted by the subject's private whole-day offset"));
                    changes.Add($"{AcqTimeColumn}: {shifted} date(s) shifted");
                    changed = buildOutput;
                }
            }

            // Ages above 89 (BIDS: cap at 89; "89+" is deprecated).
            int age = table.IndexOf("age");
            if (age >= 0 && !drop.Contains("age") && kind != TableKind.Other)
            {
                int capped = 0;
                foreach (var row in table.Rows)
                {
                    if (NeedsCap(row[age]))
                    {
                        findings.Add(Finding(FindingKind.TableValue, "age", row[age], MetadataAction.CapAge, "ages above 89 are capped at 89", row.LineNumber));
                        if (buildOutput)
                        {
                            row[age] = "89";
                        }
                        capped++;
                    }
                }
                if (capped > 0)
                {
                    changes.Add($"age: {capped} value(s) capped at 89");
                    changed = buildOutput;
                }
            }

            if (drop.Count > 0)
            {
                if (buildOutput)
                {
                    foreach (var column in drop)
                    {
                        table.RemoveColumn(table.IndexOf(column));
                    }
                    changed = true;
                }
                removed.AddRange(drop);
            }

            return new TableCleanResult(changed ? table.ToBytes() : content, changed, findings, removed, changes);
        }

        private static bool NeedsCap(string value)
        {
            var v = value.Trim();
            if (v == "89+" || v == ">89")
            {
                return true;
            }
            return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var years) && years > 89;
        }

        private static string? FirstValue(TsvTable table, string column)
        {
            int index = table.IndexOf(column);
            foreach (var row in table.Rows)
            {
                if (row[index].Length > 0 && row[index] != "n/a")
                {
                    return Preview.Of(row[index]);
                }
            }
            return null;
        }

        /// <summary>True when a column name holds a token of list D (name, birth, dob, initials, address, phone, email, mrn, date).</summary>
        public static bool LooksIdentifying(string column)
        {
            foreach (var token in SplitTokens(column))
            {
                if (s_identifyingTokens.Contains(token) || token.StartsWith("birth", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            return false;
        }

        private static IEnumerable<string> SplitTokens(string column)
        {
            // snake_case, kebab-case, spaces and CamelCase: "PatientName" -> Patient, Name; "date_of_birth" -> date, of, birth.
            var token = new System.Text.StringBuilder();
            for (int i = 0; i < column.Length; i++)
            {
                var c = column[i];
                if (!char.IsLetterOrDigit(c))
                {
                    if (token.Length > 0) { yield return token.ToString(); token.Clear(); }
                    continue;
                }
                if (char.IsUpper(c) && token.Length > 0 && char.IsLower(column[i - 1]))
                {
                    yield return token.ToString();
                    token.Clear();
                }
                token.Append(c);
            }
            if (token.Length > 0) yield return token.ToString();
        }
    }
}
