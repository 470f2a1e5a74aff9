using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

namespace Defacer.Engine.Metadata
{
    /// <summary>
    /// Dataset-wide checks of bids-deid.md 2.7 list E: labels that look like dates (<c>ses-20090409</c>) or DICOM person
    /// names (<c>DOE^JOHN</c>), a <c>sourcedata/</c> or <c>.heudiconv/</c> folder that must not be shared, and gzip
    /// members whose header keeps the original file name, a comment or a modification time.
    /// </summary>
    public static class DatasetChecks
    {
        private static readonly Regex s_dateLabel = new Regex(@"^(19|20)\d{2}-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])", RegexOptions.CultureInvariant);

        /// <summary>Findings about the dataset's folders and names.</summary>
        public static IEnumerable<MetadataFinding> Folders(string datasetRoot)
        {
            var sourcedata = Path.Combine(datasetRoot, "sourcedata");
            if (Directory.Exists(sourcedata))
            {
                yield return new MetadataFinding(sourcedata, "sourcedata/", FindingKind.Folder, "sourcedata/", null, MetadataAction.Report,
                    "holds originals (and Defacer's backups, date offsets, pseudonym keys): never share it");
            }
            var heudiconv = Path.Combine(datasetRoot, ".heudiconv");
            if (Directory.Exists(heudiconv))
            {
                yield return new MetadataFinding(heudiconv, ".heudiconv/", FindingKind.Folder, ".heudiconv/", null, MetadataAction.Report,
                    "HeuDiConv's DICOM info tables (patient ids, dates, UIDs): remove before sharing");
            }
        }

        /// <summary>Findings about labels in the paths of the given files (each label reported once).</summary>
        public static IEnumerable<MetadataFinding> Labels(string datasetRoot, IEnumerable<DatasetFile> files)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                var segments = file.RelativePath.Split('/');
                var prefix = new StringBuilder();
                for (int s = 0; s < segments.Length; s++)
                {
                    var segment = segments[s];
                    prefix.Append(segment);
                    var stem = StripExtensions(segment);
                    foreach (var part in stem.Split('_'))
                    {
                        int dash = part.IndexOf('-');
                        var label = dash > 0 ? part.Substring(dash + 1) : part;
                        string? reason = null;
                        if (dash > 0 && (part.StartsWith("sub-", StringComparison.Ordinal) || part.StartsWith("ses-", StringComparison.Ordinal)) && s_dateLabel.IsMatch(label))
                        {
                            reason = "label looks like a date (acquisition or birth date in a file name)";
                        }
                        else if (part.IndexOf('^') >= 0)
                        {
                            reason = "contains '^', the DICOM person-name separator (a name in a file name?)";
                        }
                        if (reason != null && seen.Add(part))
                        {
                            var rel = prefix.ToString();
                            yield return new MetadataFinding(Path.Combine(datasetRoot, rel.Replace('/', Path.DirectorySeparatorChar)), rel, FindingKind.FileName, part, null, MetadataAction.Report, reason);
                        }
                    }
                    prefix.Append('/');
                }
            }
        }

        /// <summary>
        /// A finding when a gzip file's member header carries a file name (FNAME), comment (FCOMMENT) or modification
        /// time (MTIME); null otherwise (also for files too short to be gzip).
        /// </summary>
        public static MetadataFinding? GzipHeader(DatasetFile file, MetadataAction action)
        {
            var header = ReadGzipHeader(file.FullPath);
            if (header == null)
            {
                return null;
            }
            var (mtime, name, comment) = header.Value;
            if (mtime == 0 && name == null && comment == null)
            {
                return null;
            }
            var parts = new List<string>();
            if (name != null) parts.Add($"name \"{name}\"");
            if (comment != null) parts.Add($"comment \"{Preview.Of(comment)}\"");
            if (mtime != 0) parts.Add("time " + DateTimeOffset.FromUnixTimeSeconds(mtime).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC");
            return new MetadataFinding(file.FullPath, file.RelativePath, FindingKind.GzipHeader, "gzip header", string.Join(", ", parts), action,
                "the gzip header keeps the source file name or time (BIDS: SHOULD lack them)");
        }

        /// <summary>Reads MTIME, FNAME and FCOMMENT of the first gzip member; null when the file is not gzip.</summary>
        public static (uint MTime, string? Name, string? Comment)? ReadGzipHeader(string path)
        {
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096))
            {
                var fixedPart = new byte[10];
                if (ReadFully(stream, fixedPart) < 10 || fixedPart[0] != 0x1F || fixedPart[1] != 0x8B || fixedPart[2] != 8)
                {
                    return null;
                }
                byte flags = fixedPart[3];
                uint mtime = (uint)(fixedPart[4] | fixedPart[5] << 8 | fixedPart[6] << 16 | fixedPart[7] << 24);
                if ((flags & 0x04) != 0)
                {
                    int lo = stream.ReadByte(), hi = stream.ReadByte();
                    if (hi < 0) return (mtime, null, null);
                    stream.Seek(lo | hi << 8, SeekOrigin.Current);
                }
                string? name = (flags & 0x08) != 0 ? ReadZeroTerminated(stream) : null;
                string? comment = (flags & 0x10) != 0 ? ReadZeroTerminated(stream) : null;
                return (mtime, name, comment);
            }
        }

        private static string ReadZeroTerminated(Stream stream)
        {
            var bytes = new List<byte>();
            int b;
            while ((b = stream.ReadByte()) > 0 && bytes.Count < 4096)
            {
                bytes.Add((byte)b);
            }
            // RFC 1952: ISO 8859-1.
            var chars = new char[bytes.Count];
            for (int i = 0; i < chars.Length; i++) chars[i] = (char)bytes[i];
            return new string(chars);
        }

        private static int ReadFully(Stream stream, byte[] buffer)
        {
            int total = 0, n;
            while (total < buffer.Length && (n = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += n;
            }
            return total;
        }

        private static string StripExtensions(string name)
        {
            int dot = name.IndexOf('.');
            return dot > 0 ? name.Substring(0, dot) : name;
        }
    }
}
