using System.Collections.Generic;
using System.IO;
using Newtonsoft.Json;

namespace Defacer.Engine.Deface
{
    /// <summary>
    /// Finds the character spans of a JSON object's top-level members (key and value) so that
    /// <see cref="SidecarMarker"/> can edit text in place. The text must already have parsed as a JSON object.
    /// </summary>
    internal static class TopLevelScanner
    {
        private static readonly JsonSerializerSettings s_keySettings = new JsonSerializerSettings { DateParseHandling = DateParseHandling.None };

        internal readonly struct Member
        {
            public Member(int keyStart, int keyEnd, int valueStart, int valueEnd)
            {
                KeyStart = keyStart;
                KeyEnd = keyEnd;
                ValueStart = valueStart;
                ValueEnd = valueEnd;
            }

            /// <summary>Index of the key's opening quote.</summary>
            public int KeyStart { get; }

            /// <summary>Index just past the key's closing quote.</summary>
            public int KeyEnd { get; }

            /// <summary>Index of the value's first character.</summary>
            public int ValueStart { get; }

            /// <summary>Index just past the value's last character.</summary>
            public int ValueEnd { get; }
        }

        internal sealed class Result
        {
            private readonly Dictionary<string, Member> _byKey = new Dictionary<string, Member>();

            public int OpenBrace { get; set; }

            public int CloseBrace { get; set; }

            public int Count { get; private set; }

            public Member First { get; private set; }

            public int LastValueEnd { get; private set; }

            public void Add(string key, Member m)
            {
                if (Count == 0)
                {
                    First = m;
                }
                Count++;
                LastValueEnd = m.ValueEnd;
                // JSON with duplicate keys: the last one wins, as in Newtonsoft's JObject.
                _byKey[key] = m;
            }

            public bool TryGetValue(string key, out Member m) => _byKey.TryGetValue(key, out m);
        }

        public static Result Scan(string text)
        {
            var result = new Result();
            int i = SkipWhitespace(text, 0);
            if (i >= text.Length || text[i] != '{')
            {
                throw new InvalidDataException("The sidecar does not start with '{'.");
            }
            result.OpenBrace = i;
            i++;
            while (true)
            {
                i = SkipWhitespace(text, i);
                if (text[i] == '}')
                {
                    result.CloseBrace = i;
                    return result;
                }
                if (text[i] == ',')
                {
                    i++;
                    continue;
                }
                int keyStart = i;
                int keyEnd = SkipString(text, i);
                // Dates stay strings: a key that looks like a date must not be reformatted.
                string key = JsonConvert.DeserializeObject<string>(text.Substring(keyStart, keyEnd - keyStart), s_keySettings) ?? "";
                i = SkipWhitespace(text, keyEnd);
                i = SkipWhitespace(text, i + 1); // past ':'
                int valueStart = i;
                int valueEnd = SkipValue(text, i);
                result.Add(key, new Member(keyStart, keyEnd, valueStart, valueEnd));
                i = valueEnd;
            }
        }

        private static int SkipWhitespace(string text, int i)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            return i;
        }

        // Returns the index just past the string starting at i (text[i] == '"').
        private static int SkipString(string text, int i)
        {
            i++;
            while (text[i] != '"')
            {
                i += text[i] == '\\' ? 2 : 1;
            }
            return i + 1;
        }

        // Returns the index just past the value starting at i.
        private static int SkipValue(string text, int i)
        {
            char c = text[i];
            if (c == '"')
            {
                return SkipString(text, i);
            }
            if (c == '{' || c == '[')
            {
                int depth = 0;
                while (true)
                {
                    c = text[i];
                    if (c == '"')
                    {
                        i = SkipString(text, i);
                        continue;
                    }
                    if (c == '{' || c == '[')
                    {
                        depth++;
                    }
                    else if (c == '}' || c == ']')
                    {
                        depth--;
                        if (depth == 0)
                        {
                            return i + 1;
                        }
                    }
                    i++;
                }
            }
            // A literal or number: runs to the next delimiter.
            while (i < text.Length && text[i] != ',' && text[i] != '}' && text[i] != ']' && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            return i;
        }
    }
}
