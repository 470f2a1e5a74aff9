using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Defacer.Engine.Metadata
{
    /// <summary>
    /// Removes identifying keys from a JSON file by cutting their byte spans out of the original, so that every other
    /// byte (key order, indentation, number text, escapes, BOM, line endings) stays as it was. The result is re-parsed
    /// with Newtonsoft.Json and compared with the original minus the removed keys before it is returned.
    /// </summary>
    public static class JsonSidecarCleaner
    {
        private static readonly byte[] s_bom = { 0xEF, 0xBB, 0xBF };

        // Whole-value dates only (ISO, DICOM DA/DT, SPM's dd-Mon-yyyy); version strings with embedded dates stay quiet.
        private static readonly Regex s_dateLike = new Regex(
            @"^(\d{4}-\d{2}-\d{2}([T ].*)?|(19|20)\d{6}(\d{6}(\.\d+)?)?|\d{1,2}-[A-Za-z]{3}-\d{4}.*)$",
            RegexOptions.CultureInvariant);

        /// <summary>
        /// Lists what <see cref="Clean"/> would do, without producing new content. Throws
        /// <see cref="MetadataFormatException"/> for malformed JSON.
        /// </summary>
        public static JsonCleanResult Inspect(byte[] content, string path, string relativePath, KeyPolicy policy) =>
            Run(content, path, relativePath, policy, pseudonymize: null, buildOutput: false);

        /// <summary>
        /// Removes the keys the policy marks for removal (at every depth) and replaces pseudonymised values using
        /// <paramref name="pseudonymize"/> (original value -> pseudonym). Throws <see cref="MetadataFormatException"/>
        /// for malformed JSON.
        /// </summary>
        public static JsonCleanResult Clean(byte[] content, string path, string relativePath, KeyPolicy policy, Func<string, string>? pseudonymize) =>
            Run(content, path, relativePath, policy, pseudonymize, buildOutput: true);

        private static JsonCleanResult Run(byte[] content, string path, string relativePath, KeyPolicy policy, Func<string, string>? pseudonymize, bool buildOutput)
        {
            if (content == null) throw new ArgumentNullException(nameof(content));
            if (policy == null) throw new ArgumentNullException(nameof(policy));
            int start = HasBom(content) ? 3 : 0;
            var root = JsonSpanScanner.Scan(content, start, path);
            var walk = new Walk(content, path, relativePath, policy, pseudonymize);
            walk.Visit(root, "", depth: 0);
            if (!buildOutput || walk.Edits.Count == 0)
            {
                return new JsonCleanResult(content, false, walk.Findings, walk.Removed, walk.Pseudonymized);
            }
            var output = Apply(content, walk.Edits);
            Verify(content, start, output, walk.Records, path);
            return new JsonCleanResult(output, true, walk.Findings, walk.Removed, walk.Pseudonymized);
        }

        /// <summary>True when the bytes start with a UTF-8 byte order mark.</summary>
        public static bool HasBom(byte[] content) =>
            content.Length >= 3 && content[0] == s_bom[0] && content[1] == s_bom[1] && content[2] == s_bom[2];

        private sealed class Edit
        {
            public Edit(int start, int end, byte[] replacement)
            {
                Start = start;
                End = end;
                Replacement = replacement;
            }

            public int Start { get; }
            public int End { get; }
            public byte[] Replacement { get; }
        }

        /// <summary>A change described by its location in the value tree, used to build the expected result.</summary>
        private sealed class Record
        {
            public Record(object[] parentPath, string name, string? replacement)
            {
                ParentPath = parentPath;
                Name = name;
                Replacement = replacement;
            }

            public object[] ParentPath { get; }
            public string Name { get; }
            public string? Replacement { get; }
        }

        private sealed class Walk
        {
            private readonly byte[] _bytes;
            private readonly string _path;
            private readonly string _relativePath;
            private readonly KeyPolicy _policy;
            private readonly Func<string, string>? _pseudonymize;
            private readonly List<object> _segments = new List<object>();

            public Walk(byte[] bytes, string path, string relativePath, KeyPolicy policy, Func<string, string>? pseudonymize)
            {
                _bytes = bytes;
                _path = path;
                _relativePath = relativePath;
                _policy = policy;
                _pseudonymize = pseudonymize;
            }

            public List<Edit> Edits { get; } = new List<Edit>();
            public List<Record> Records { get; } = new List<Record>();
            public List<MetadataFinding> Findings { get; } = new List<MetadataFinding>();
            public List<string> Removed { get; } = new List<string>();
            public List<string> Pseudonymized { get; } = new List<string>();

            public void Visit(JsonSpanNode node, string prefix, int depth)
            {
                if (node.Kind == JsonSpanKind.Array)
                {
                    for (int i = 0; i < node.Items.Count; i++)
                    {
                        _segments.Add(i);
                        Visit(node.Items[i], prefix + "[" + i + "]", depth + 1);
                        _segments.RemoveAt(_segments.Count - 1);
                    }
                    return;
                }
                if (node.Kind != JsonSpanKind.Object)
                {
                    return;
                }
                var members = node.Members;
                var remove = new bool[members.Count];
                for (int i = 0; i < members.Count; i++)
                {
                    var member = members[i];
                    var fieldPath = prefix.Length == 0 ? member.Name : prefix + "." + member.Name;
                    var decision = _policy.Decide(member.Name, depth);
                    if (decision.HasValue && decision.Value.Action == MetadataAction.Remove)
                    {
                        remove[i] = true;
                        Removed.Add(fieldPath);
                        Records.Add(new Record(_segments.ToArray(), member.Name, null));
                        AddFinding(FindingKind.JsonKey, fieldPath, member, decision.Value);
                        continue;   // its nested keys go with it
                    }
                    if (decision.HasValue && decision.Value.Action == MetadataAction.Pseudonymize)
                    {
                        AddFinding(FindingKind.JsonKey, fieldPath, member, decision.Value);
                        if (_pseudonymize != null)
                        {
                            var original = member.Value.Kind == JsonSpanKind.String
                                ? JsonSpanScanner.DecodeString(_bytes, member.Value)
                                : Encoding.UTF8.GetString(_bytes, member.Value.Start, member.Value.End - member.Value.Start);
                            var pseudonym = _pseudonymize(original);
                            if (!string.Equals(pseudonym, original, StringComparison.Ordinal) || member.Value.Kind != JsonSpanKind.String)
                            {
                                Edits.Add(new Edit(member.Value.Start, member.Value.End, Encoding.UTF8.GetBytes(JsonConvert.ToString(pseudonym))));
                                Records.Add(new Record(_segments.ToArray(), member.Name, pseudonym));
                                Pseudonymized.Add(fieldPath);
                            }
                        }
                        continue;
                    }
                    if (decision.HasValue)
                    {
                        AddFinding(FindingKind.JsonKey, fieldPath, member, decision.Value);
                    }
                    else if (IsDateLike(member.Value))
                    {
                        Findings.Add(new MetadataFinding(_path, _relativePath, FindingKind.JsonValue, fieldPath, Preview.Of(_bytes, member.Value),
                            MetadataAction.Report, "value looks like a date", member.Line));
                    }
                    _segments.Add(member.Name);
                    Visit(member.Value, fieldPath, depth + 1);
                    _segments.RemoveAt(_segments.Count - 1);
                }
                AddRemovalEdits(node, remove);
            }

            private void AddFinding(FindingKind kind, string fieldPath, JsonSpanMember member, KeyDecision decision) =>
                Findings.Add(new MetadataFinding(_path, _relativePath, kind, fieldPath, Preview.Of(_bytes, member.Value), decision.Action, decision.Reason, member.Line));

            private bool IsDateLike(JsonSpanNode value)
            {
                if (value.Kind == JsonSpanKind.String)
                {
                    return s_dateLike.IsMatch(JsonSpanScanner.DecodeString(_bytes, value));
                }
                if (value.Kind == JsonSpanKind.Number && value.End - value.Start == 8)
                {
                    return s_dateLike.IsMatch(Encoding.ASCII.GetString(_bytes, value.Start, 8));
                }
                return false;
            }

            /// <summary>
            /// Turns the removed members of one object into cuts. A run of removed members followed by a kept one is cut
            /// from its first key to the next kept key (taking the run's commas and the whitespace before the next key,
            /// so that key inherits the run's indentation); a run reaching the end is cut from the end of the previous
            /// kept value (taking the comma before the run); if nothing is kept the object becomes <c>{}</c>.
            /// </summary>
            private void AddRemovalEdits(JsonSpanNode node, bool[] remove)
            {
                var members = node.Members;
                int n = members.Count, kept = 0;
                foreach (var r in remove)
                {
                    if (!r) kept++;
                }
                if (kept == n)
                {
                    return;
                }
                if (kept == 0)
                {
                    Edits.Add(new Edit(node.Start + 1, node.End - 1, Array.Empty<byte>()));
                    return;
                }
                int i = 0;
                while (i < n)
                {
                    if (!remove[i])
                    {
                        i++;
                        continue;
                    }
                    int j = i;
                    while (j + 1 < n && remove[j + 1])
                    {
                        j++;
                    }
                    if (j + 1 < n)
                    {
                        Edits.Add(new Edit(members[i].KeyStart, members[j + 1].KeyStart, Array.Empty<byte>()));
                    }
                    else
                    {
                        Edits.Add(new Edit(members[i - 1].Value.End, members[j].Value.End, Array.Empty<byte>()));
                    }
                    i = j + 1;
                }
            }
        }

        private static byte[] Apply(byte[] content, List<Edit> edits)
        {
            edits.Sort((a, b) => a.Start.CompareTo(b.Start));
            using (var output = new MemoryStream(content.Length))
            {
                int pos = 0;
                foreach (var edit in edits)
                {
                    if (edit.Start < pos)
                    {
                        throw new InvalidOperationException("Internal error: overlapping JSON edits.");
                    }
                    output.Write(content, pos, edit.Start - pos);
                    output.Write(edit.Replacement, 0, edit.Replacement.Length);
                    pos = edit.End;
                }
                output.Write(content, pos, content.Length - pos);
                return output.ToArray();
            }
        }

        /// <summary>
        /// Independent check with Newtonsoft.Json: the output must parse and equal the original with the recorded keys
        /// removed or replaced. A mismatch is a bug in this class; the file is then left untouched.
        /// </summary>
        private static void Verify(byte[] original, int start, byte[] output, List<Record> records, string path)
        {
            var expected = Load(original, start, path);
            foreach (var record in records)
            {
                JToken parent = expected;
                foreach (var segment in record.ParentPath)
                {
                    parent = segment is int index ? parent[index]! : parent[(string)segment]!;
                }
                var obj = (JObject)parent;
                if (record.Replacement == null)
                {
                    obj.Remove(record.Name);
                }
                else
                {
                    obj[record.Name] = new JValue(record.Replacement);
                }
            }
            var actual = Load(output, start, path);
            if (!JToken.DeepEquals(expected, actual))
            {
                throw new InvalidOperationException($"Internal error: the cleaned JSON of '{path}' differs from the original beyond the removed keys; the file was left untouched.");
            }
        }

        private static JToken Load(byte[] bytes, int start, string path)
        {
            var text = Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
            using (var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Double })
            {
                try
                {
                    var token = JToken.ReadFrom(reader, new JsonLoadSettings { DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Replace, CommentHandling = CommentHandling.Ignore });
                    if (reader.Read())
                    {
                        throw new InvalidOperationException($"Internal error: trailing content in the cleaned JSON of '{path}'.");
                    }
                    return token;
                }
                catch (JsonReaderException ex)
                {
                    throw new InvalidOperationException($"Internal error: the cleaned JSON of '{path}' does not parse ({ex.Message}); the file was left untouched.", ex);
                }
            }
        }
    }
}
