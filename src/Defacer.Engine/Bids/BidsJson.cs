using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Defacer.Engine.Bids
{
    /// <summary>Reads BIDS JSON files as they are written: dates stay strings, problems become issues naming file and line.</summary>
    public static class BidsJson
    {
        /// <summary>
        /// Reads the JSON object in <paramref name="path"/>. Returns null and adds an issue (<paramref name="malformedCode"/>
        /// with the line, or <see cref="BidsIssueCodes.FileUnreadable"/>) when it cannot be read or is not one JSON object.
        /// </summary>
        public static JObject? Load(string path, string malformedCode, ICollection<BidsIssue> issues)
        {
            var text = BidsTextFile.Read(path, issues);
            if (text == null) return null;
            try
            {
                using (var reader = new JsonTextReader(new StringReader(text)))
                {
                    // Keep "2009-04-09T10:00:00" a string: parsing it to DateTime would change it when written back.
                    reader.DateParseHandling = DateParseHandling.None;
                    // Line info per token costs a third of the parse; the reader's own position still names the line of a syntax error.
                    var token = JToken.ReadFrom(reader, s_noLineInfo);
                    if (!(token is JObject obj))
                    {
                        issues.Add(new BidsIssue(path, malformedCode,
                            $"'{path}' line 1: expected a JSON object, found {token.Type}.", BidsIssueSeverity.Error, 1));
                        return null;
                    }
                    if (reader.Read())
                    {
                        issues.Add(new BidsIssue(path, malformedCode,
                            $"'{path}' line {reader.LineNumber}: unexpected content after the JSON object.", BidsIssueSeverity.Error, reader.LineNumber));
                        return null;
                    }
                    var undefined = FirstUndefined(obj);
                    if (undefined != null)
                    {
                        // Newtonsoft reads "key": , as undefined where every other JSON reader fails: report it as malformed.
                        var line = LineOf(text, undefined.Path);
                        issues.Add(new BidsIssue(path, malformedCode,
                            $"'{path}' line {line}: malformed JSON (no value for '{undefined.Path}').", BidsIssueSeverity.Error, line));
                        return null;
                    }
                    return obj;
                }
            }
            catch (JsonReaderException ex)
            {
                var line = ex.LineNumber > 0 ? ex.LineNumber : 1;
                issues.Add(new BidsIssue(path, malformedCode,
                    $"'{path}' line {line}, position {ex.LinePosition}: malformed JSON ({FirstSentence(ex.Message)}).", BidsIssueSeverity.Error, line));
                return null;
            }
        }

        private static readonly JsonLoadSettings s_noLineInfo = new JsonLoadSettings { LineInfoHandling = LineInfoHandling.Ignore };

        // Only for the rare malformed file: parse again with line info to name the line of the token at jsonPath.
        private static int LineOf(string text, string jsonPath)
        {
            try
            {
                using (var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None })
                {
                    var token = JToken.ReadFrom(reader, new JsonLoadSettings { LineInfoHandling = LineInfoHandling.Load }).SelectToken(jsonPath) as IJsonLineInfo;
                    return token != null && token.HasLineInfo() ? token.LineNumber : 1;
                }
            }
            catch (JsonException)
            {
                return 1;
            }
        }

        private static JToken? FirstUndefined(JContainer token)
        {
            foreach (var t in token.Descendants())
            {
                if (t.Type == JTokenType.Undefined) return t;
            }
            return null;
        }

        private static string FirstSentence(string message)
        {
            // Newtonsoft appends "Path 'x', line n, position m." which the issue already says.
            var i = message.IndexOf(" Path '", StringComparison.Ordinal);
            return (i > 0 ? message.Substring(0, i) : message).TrimEnd('.');
        }
    }
}
