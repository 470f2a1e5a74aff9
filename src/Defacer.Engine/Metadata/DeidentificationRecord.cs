using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Defacer.Engine.Bids;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Defacer.Engine.Metadata
{
    /// <summary>
    /// Records a metadata clean-up in an image's sidecar the BIDS way (bids-deid.md 2.1): BIDS 1.10 defines, for MRI and
    /// PET sidecars, <c>DeidentificationMethod</c> (array of strings, DICOM (0012,0063)) and
    /// <c>DeidentificationMethodCodeSequence</c> (array of CodeValue/CodingSchemeDesignator/CodeMeaning objects, DICOM
    /// (0012,0064), codes from DICOM CID 7050). Both are appended to, never replaced: a converter or PACS may have
    /// recorded its own de-identification there first. As with key removal, the edit is textual (every other byte stays)
    /// and is checked with Newtonsoft.Json before it is returned.
    /// </summary>
    public static class DeidentificationRecord
    {
        /// <summary>The BIDS key holding free-text descriptions of the de-identification.</summary>
        public const string MethodKey = "DeidentificationMethod";

        /// <summary>The BIDS key holding coded descriptions (DICOM CID 7050).</summary>
        public const string CodeSequenceKey = "DeidentificationMethodCodeSequence";

        // The datatypes whose sidecars BIDS gives these keys (rules/sidecars/mri.yaml and pet.yaml).
        private static readonly string[] s_mriAndPetFolders = { "/anat/", "/func/", "/dwi/", "/fmap/", "/perf/", "/pet/" };

        // Dates and times the Basic Profile removes unless its Retain Longitudinal Temporal Information option is used
        // (bids-deid.md 2.5). Remove-BidsMetadata keeps AcquisitionTime by default (time of day, list B).
        private static readonly HashSet<string> s_temporalKeys = new HashSet<string>(
            IdentifyingKeys.Removed.Where(k => k.Value == MetadataKeyGroup.Dates).Select(k => k.Key)
                .Concat(new[] { "AcquisitionTime", "StudyTime", "SeriesTime", "ContentTime", "InstanceCreationTime" }),
            StringComparer.Ordinal);

        /// <summary>
        /// The DICOM CID 7050 codes that honestly describe a sidecar cleaned with <paramref name="options"/>: the Basic
        /// Application Confidentiality Profile (113100), with Retain Longitudinal Temporal Information Full Dates
        /// (113106) when the sidecar still holds a date or time the profile removes (<paramref name="retainsTemporal"/>:
        /// AcquisitionTime is kept by default; -KeepGroup Dates keeps the rest), and Retain Device Identity (113109) and
        /// Retain Institution Identity (113112) with -KeepGroup InstitutionAndDevice. The profile allows these options;
        /// any other kept group or field, or NIfTI headers not all cleaned, falls outside it, so no code is claimed (the
        /// free-text entry still says what was done).
        /// </summary>
        public static IReadOnlyList<DicomCode> CodesFor(MetadataOptions options, bool retainsTemporal)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            // The code describes the image too: with NIfTI headers left alone (-Nifti None, or Anat for a bold image),
            // descrip may still hold a date, so nothing is claimed.
            if (options.Nifti != NiftiScope.All || options.KeepFields.Count > 0
                || options.KeepGroups.Any(g => g != MetadataKeyGroup.InstitutionAndDevice && g != MetadataKeyGroup.Dates))
            {
                return Array.Empty<DicomCode>();
            }
            var codes = new List<DicomCode> { DicomCode.BasicProfile };
            if (retainsTemporal || options.KeepGroups.Contains(MetadataKeyGroup.Dates))
            {
                codes.Add(DicomCode.RetainLongitudinalFullDates);
            }
            if (options.KeepGroups.Contains(MetadataKeyGroup.InstitutionAndDevice))
            {
                codes.Add(DicomCode.RetainDeviceIdentity);
                codes.Add(DicomCode.RetainInstitutionIdentity);
            }
            return codes;
        }

        /// <summary>
        /// The suffixes (T1w, bold, dwi, pet, ...) of the NIfTI images in MRI and PET datatype folders: a JSON file with
        /// one of these suffixes is such an image's sidecar, at its own level or inherited from above.
        /// </summary>
        public static ISet<string> ImageSuffixes(IEnumerable<DatasetFile> files)
        {
            var suffixes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                var relative = "/" + file.RelativePath.Replace('\\', '/');
                if (file.Kind == MetadataFileKind.Nifti && s_mriAndPetFolders.Any(f => relative.IndexOf(f, StringComparison.Ordinal) >= 0))
                {
                    var suffix = SuffixOf(file.Name);
                    if (suffix != null) suffixes.Add(suffix);
                }
            }
            return suffixes;
        }

        /// <summary>The BIDS suffix of a file name (T1w in sub-01_T1w.json), or null when it has none.</summary>
        internal static string? SuffixOf(string fileName)
        {
            var suffix = BidsFileName.Parse(fileName).Suffix;
            return suffix.Length == 0 ? null : suffix;
        }

        /// <summary>
        /// The JSON bytes with <paramref name="method"/> appended to DeidentificationMethod and the missing codes of
        /// <see cref="CodesFor"/> (for <paramref name="options"/> and whether this sidecar still holds a date or time)
        /// appended to DeidentificationMethodCodeSequence (each key created when absent). A key
        /// already holding the entry is left as it is; one of a type BIDS does not allow (a string method is the
        /// exception: it becomes an array holding it first) is left untouched rather than overwritten. Throws
        /// <see cref="MetadataFormatException"/> when the bytes are not a JSON object.
        /// </summary>
        public static byte[] Append(byte[] content, string path, string method, MetadataOptions options)
        {
            if (content == null) throw new ArgumentNullException(nameof(content));
            if (method == null) throw new ArgumentNullException(nameof(method));
            int start = JsonSidecarCleaner.HasBom(content) ? 3 : 0;
            var root = JsonSpanScanner.Scan(content, start, path);
            if (root.Kind != JsonSpanKind.Object)
            {
                throw new MetadataFormatException(path, 1, 1, "the sidecar is not a JSON object");
            }
            var text = Encoding.UTF8.GetString(content, start, content.Length - start);
            var expected = Parse(text, path);
            var codes = CodesFor(options, expected.Descendants().OfType<JProperty>().Any(p => s_temporalKeys.Contains(p.Name)));
            // Spans are byte offsets; the edits work on characters, so offsets are converted once.
            int Char(int byteOffset) => Encoding.UTF8.GetCharCount(content, start, byteOffset - start);

            var edits = new List<(int Start, int Length, string Text)>();
            var missing = new List<(string Key, string Value)>();
            var members = root.Members.GroupBy(m => m.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

            var methodLiteral = JsonConvert.ToString(method);
            if (!members.TryGetValue(MethodKey, out var methodMember))
            {
                missing.Add((MethodKey, "[" + methodLiteral + "]"));
                expected[MethodKey] = new JArray(method);
            }
            else if (methodMember.Value.Kind == JsonSpanKind.Array)
            {
                var array = (JArray)expected[MethodKey]!;
                if (!array.Any(t => t.Type == JTokenType.String && (string?)t == method))
                {
                    edits.Add(AppendToArray(text, Char(methodMember.Value.Start), Char(methodMember.Value.End), methodLiteral));
                    array.Add(method);
                }
            }
            else if (methodMember.Value.Kind == JsonSpanKind.String)
            {
                var old = (string)expected[MethodKey]!;
                if (old != method)
                {
                    int s = Char(methodMember.Value.Start), e = Char(methodMember.Value.End);
                    edits.Add((s, e - s, "[" + text.Substring(s, e - s) + ", " + methodLiteral + "]"));
                    expected[MethodKey] = new JArray(old, method);
                }
            }

            if (codes.Count > 0)
            {
                if (!members.TryGetValue(CodeSequenceKey, out var codeMember))
                {
                    missing.Add((CodeSequenceKey, "[" + string.Join(", ", codes.Select(c => c.ToJson())) + "]"));
                    expected[CodeSequenceKey] = new JArray(codes.Select(c => c.ToJObject()));
                }
                else if (codeMember.Value.Kind == JsonSpanKind.Array)
                {
                    var array = (JArray)expected[CodeSequenceKey]!;
                    var present = new HashSet<string>(array.OfType<JObject>().Select(o => (string?)o["CodeValue"] ?? ""), StringComparer.Ordinal);
                    var add = codes.Where(c => !present.Contains(c.Value)).ToList();
                    if (add.Count > 0)
                    {
                        edits.Add(AppendToArray(text, Char(codeMember.Value.Start), Char(codeMember.Value.End), string.Join(", ", add.Select(c => c.ToJson()))));
                        foreach (var c in add) array.Add(c.ToJObject());
                    }
                }
            }

            if (missing.Count > 0)
            {
                edits.Add(InsertMembers(text, root, Char, missing));
            }
            if (edits.Count == 0)
            {
                return content;
            }
            var sb = new StringBuilder(text);
            foreach (var (s, length, insert) in edits.OrderByDescending(e => e.Start))
            {
                sb.Remove(s, length);
                sb.Insert(s, insert);
            }
            var result = sb.ToString();
            if (!JToken.DeepEquals(expected, Parse(result, path)))
            {
                throw new InvalidOperationException($"Internal error: recording the de-identification in '{path}' changed more than its two keys; the file was left untouched.");
            }
            var body = new UTF8Encoding(false).GetBytes(result);
            return start == 0 ? body : content.Take(3).Concat(body).ToArray();
        }

        // Inserts after the last item, before the closing bracket (an empty array gets just the new items).
        private static (int, int, string) AppendToArray(string text, int start, int end, string items)
        {
            int last = end - 2;
            while (last > start && char.IsWhiteSpace(text[last]))
            {
                last--;
            }
            bool empty = last == start;
            return (last + 1, 0, (empty ? "" : ", ") + items);
        }

        // New members go after the last one, in the file's own style: on their own lines with the first member's
        // indentation when members are one per line, else inline.
        private static (int, int, string) InsertMembers(string text, JsonSpanNode root, Func<int, int> toChar, List<(string Key, string Value)> members)
        {
            string newline = text.Contains("\r\n") ? "\r\n" : "\n";
            int open = toChar(root.Start), close = toChar(root.End) - 1;
            if (root.Members.Count == 0)
            {
                var body = newline + "  " + string.Join("," + newline + "  ", members.Select(m => JsonConvert.ToString(m.Key) + ": " + m.Value)) + newline;
                return (open + 1, close - open - 1, body);
            }
            int firstKey = toChar(root.Members[0].KeyStart);
            int lineStart = text.LastIndexOf('\n', firstKey) + 1;
            bool multiLine = lineStart > open;
            string indent = multiLine ? text.Substring(lineStart, firstKey - lineStart) : "";
            var sb = new StringBuilder();
            foreach (var (key, value) in members)
            {
                sb.Append(',').Append(multiLine ? newline + indent : " ").Append(JsonConvert.ToString(key)).Append(": ").Append(value);
            }
            return (toChar(root.Members[root.Members.Count - 1].Value.End), 0, sb.ToString());
        }

        private static JObject Parse(string text, string path)
        {
            try
            {
                using (var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal })
                {
                    return (JObject)JToken.ReadFrom(reader, new JsonLoadSettings { DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Replace });
                }
            }
            catch (JsonReaderException ex)
            {
                throw new MetadataFormatException(path, ex.LineNumber, ex.LinePosition, ex.Message);
            }
        }
    }
}
