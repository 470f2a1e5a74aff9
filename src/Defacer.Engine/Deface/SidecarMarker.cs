using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Defacer.Engine.Deface
{
    /// <summary>
    /// Marks an image's sidecar JSON as defaced: <c>"Defaced": true</c> (a custom key, the one bidscoin also writes, so
    /// a re-run can skip the image) and the BIDS 1.10 <c>DeidentificationMethod</c> array (appended to, never replaced).
    /// The edit is textual: every other byte of the file (key order, number formats, indentation, line endings, a BOM)
    /// stays as it was, so the diff a curator reviews is exactly the two keys.
    /// </summary>
    public static class SidecarMarker
    {
        /// <summary>The custom key that records that the image was defaced.</summary>
        public const string DefacedKey = "Defaced";

        /// <summary>The BIDS key (array of strings, DICOM (0012,0063)).</summary>
        public const string MethodKey = "DeidentificationMethod";

        /// <summary>True when the JSON text is an object whose <c>Defaced</c> member is <c>true</c>.</summary>
        /// <exception cref="InvalidDataException">The text is not a JSON object.</exception>
        public static bool IsMarkedDefaced(string jsonText)
        {
            var obj = ParseObject(jsonText);
            return obj.TryGetValue(DefacedKey, StringComparison.Ordinal, out var token) && token.Type == JTokenType.Boolean && (bool)token!;
        }

        /// <summary>True when the sidecar file exists and is marked; false when it does not exist.</summary>
        /// <exception cref="InvalidDataException">The file is not a JSON object (the message names the file).</exception>
        public static bool IsFileMarkedDefaced(string sidecarPath)
        {
            if (!File.Exists(sidecarPath))
            {
                return false;
            }
            try
            {
                return IsMarkedDefaced(ReadText(File.ReadAllBytes(sidecarPath), out _));
            }
            catch (InvalidDataException ex)
            {
                throw new InvalidDataException($"'{sidecarPath}': {ex.Message}", ex);
            }
        }

        /// <summary>
        /// The bytes of the marked sidecar. <paramref name="existing"/> is the current file's bytes, or null when the
        /// image has no sidecar yet (a minimal one is created).
        /// </summary>
        /// <exception cref="InvalidDataException">The existing bytes are not a JSON object.</exception>
        public static byte[] Mark(byte[]? existing, string methodDescription)
        {
            if (existing == null || existing.Length == 0)
            {
                var fresh = "{\n  \"" + DefacedKey + "\": true,\n  \"" + MethodKey + "\": [" + JsonConvert.ToString(methodDescription) + "]\n}\n";
                return new UTF8Encoding(false).GetBytes(fresh);
            }
            var text = ReadText(existing, out bool bom);
            var marked = Mark(text, methodDescription);
            var body = new UTF8Encoding(false).GetBytes(marked);
            if (!bom)
            {
                return body;
            }
            var withBom = new byte[body.Length + 3];
            withBom[0] = 0xEF; withBom[1] = 0xBB; withBom[2] = 0xBF;
            Buffer.BlockCopy(body, 0, withBom, 3, body.Length);
            return withBom;
        }

        /// <summary>The marked JSON text (see the class remarks).</summary>
        /// <exception cref="InvalidDataException">The text is not a JSON object.</exception>
        public static string Mark(string jsonText, string methodDescription)
        {
            var obj = ParseObject(jsonText);
            var members = TopLevelScanner.Scan(jsonText);
            var sb = new StringBuilder(jsonText);
            string methodLiteral = JsonConvert.ToString(methodDescription);

            // Edits are applied from the end of the text backwards so earlier offsets stay valid.
            var edits = new List<(int Start, int Length, string Text)>();
            var missing = new List<string>();

            if (members.TryGetValue(DefacedKey, out var defaced))
            {
                if (jsonText.Substring(defaced.ValueStart, defaced.ValueEnd - defaced.ValueStart) != "true")
                {
                    edits.Add((defaced.ValueStart, defaced.ValueEnd - defaced.ValueStart, "true"));
                }
            }
            else
            {
                missing.Add("\"" + DefacedKey + "\"" + "{SEP}" + "true");
            }

            if (members.TryGetValue(MethodKey, out var method))
            {
                var token = obj[MethodKey]!;
                string valueText = jsonText.Substring(method.ValueStart, method.ValueEnd - method.ValueStart);
                if (token.Type == JTokenType.Array)
                {
                    bool present = false;
                    foreach (var item in (JArray)token)
                    {
                        present |= item.Type == JTokenType.String && (string?)item == methodDescription;
                    }
                    if (!present)
                    {
                        // Insert before the closing bracket, after the last element (an empty array gets just the string).
                        int close = method.ValueEnd - 1;
                        int last = close - 1;
                        while (last > method.ValueStart && char.IsWhiteSpace(jsonText[last]))
                        {
                            last--;
                        }
                        bool empty = last == method.ValueStart;
                        edits.Add((last + 1, 0, (empty ? "" : ", ") + methodLiteral));
                    }
                }
                else if (token.Type == JTokenType.String)
                {
                    if ((string?)token != methodDescription)
                    {
                        edits.Add((method.ValueStart, valueText.Length, "[" + valueText + ", " + methodLiteral + "]"));
                    }
                }
                else
                {
                    // Not the BIDS type (null, number...): keep what it said as a string so nothing is lost.
                    edits.Add((method.ValueStart, valueText.Length, "[" + JsonConvert.ToString(valueText) + ", " + methodLiteral + "]"));
                }
            }
            else
            {
                missing.Add("\"" + MethodKey + "\"" + "{SEP}" + "[" + methodLiteral + "]");
            }

            if (missing.Count > 0)
            {
                edits.Add(InsertMembers(jsonText, members, missing));
            }

            edits.Sort((a, b) => b.Start.CompareTo(a.Start));
            foreach (var (start, length, text) in edits)
            {
                sb.Remove(start, length);
                sb.Insert(start, text);
            }
            var result = sb.ToString();
            // A cheap guarantee that the textual edit produced valid JSON with the intended meaning.
            if (!IsMarkedDefaced(result))
            {
                throw new InvalidOperationException("Marking the sidecar produced unexpected JSON.");
            }
            return result;
        }

        private static (int Start, int Length, string Text) InsertMembers(string text, TopLevelScanner.Result members, List<string> newMembers)
        {
            string newline = text.Contains("\r\n") ? "\r\n" : "\n";
            int close = members.CloseBrace;
            if (members.Count == 0)
            {
                string body = newline + "  " + string.Join("," + newline + "  ", newMembers).Replace("{SEP}", ": ") + newline;
                return (members.OpenBrace + 1, close - members.OpenBrace - 1, body);
            }

            // Follow the file's own style: the first member's indentation and separator, one member per line if the
            // members are on separate lines, otherwise inline.
            var first = members.First;
            int lineStart = text.LastIndexOf('\n', first.KeyStart) + 1;
            bool multiLine = lineStart > members.OpenBrace;
            string indent = multiLine ? text.Substring(lineStart, first.KeyStart - lineStart) : "";
            string between = text.Substring(first.KeyEnd, first.ValueStart - first.KeyEnd);
            string sep = between.Trim().Length == 1 ? between : ": ";

            var sb = new StringBuilder();
            foreach (var m in newMembers)
            {
                sb.Append(',');
                sb.Append(multiLine ? newline + indent : " ");
                sb.Append(m.Replace("{SEP}", sep));
            }
            return (members.LastValueEnd, 0, sb.ToString());
        }

        private static JObject ParseObject(string jsonText)
        {
            try
            {
                using (var reader = new JsonTextReader(new StringReader(jsonText)) { DateParseHandling = DateParseHandling.None })
                {
                    var token = JToken.ReadFrom(reader);
                    if (token is JObject obj)
                    {
                        return obj;
                    }
                    throw new InvalidDataException($"The sidecar is JSON but not an object (it is {token.Type}).");
                }
            }
            catch (JsonReaderException ex)
            {
                throw new InvalidDataException($"The sidecar is not valid JSON: {ex.Message}", ex);
            }
        }

        private static string ReadText(byte[] bytes, out bool bom)
        {
            bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
            return new UTF8Encoding(false, true).GetString(bytes, bom ? 3 : 0, bytes.Length - (bom ? 3 : 0));
        }
    }
}
