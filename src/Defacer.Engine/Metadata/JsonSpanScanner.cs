using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Defacer.Engine.Metadata
{
    /// <summary>
    /// A strict (RFC 8259) JSON scanner over UTF-8 bytes that records where every value and key sits, so that edits can
    /// cut exact byte spans out of the original and leave every other byte (indentation, number text, escapes, line
    /// endings) as it was. It does not build values: that is what lets it stay exact. Errors name line and column.
    /// </summary>
    public sealed class JsonSpanScanner
    {
        private const int MaxDepth = 256;
        private static readonly UTF8Encoding s_strictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

        private readonly byte[] _bytes;
        private readonly int _end;
        private readonly string _source;
        private readonly int _start;
        private int _pos;
        private int _line = 1;

        private JsonSpanScanner(byte[] bytes, int start, string source)
        {
            _bytes = bytes;
            _pos = start;
            _start = start;
            _end = bytes.Length;
            _source = source;
        }

        /// <summary>
        /// Scans the JSON document in <paramref name="utf8"/> starting at <paramref name="start"/> (pass 3 to skip a
        /// UTF-8 BOM). Throws <see cref="MetadataFormatException"/> naming <paramref name="source"/>, line and column on
        /// invalid UTF-8 or invalid JSON.
        /// </summary>
        public static JsonSpanNode Scan(byte[] utf8, int start, string source)
        {
            if (utf8 == null)
            {
                throw new ArgumentNullException(nameof(utf8));
            }
            try
            {
                s_strictUtf8.GetCharCount(utf8, start, utf8.Length - start);
            }
            catch (DecoderFallbackException ex)
            {
                var offset = start + Math.Max(0, ex.Index);
                var (line, column) = LineColumn(utf8, start, Math.Min(offset, utf8.Length));
                throw new MetadataFormatException(source, line, column, "the file is not valid UTF-8 text.");
            }
            var scanner = new JsonSpanScanner(utf8, start, source);
            scanner.SkipWhitespace();
            if (scanner._pos >= scanner._end)
            {
                throw scanner.Error("the file is empty; expected a JSON value.");
            }
            var root = scanner.ParseValue(0);
            scanner.SkipWhitespace();
            if (scanner._pos < scanner._end)
            {
                throw scanner.Error("unexpected text after the end of the JSON value.");
            }
            return root;
        }

        /// <summary>1-based line and column (in characters) of a byte offset.</summary>
        public static (int Line, int Column) LineColumn(byte[] bytes, int start, int offset)
        {
            int line = 1, column = 1;
            for (int i = start; i < offset && i < bytes.Length; i++)
            {
                var b = bytes[i];
                if (b == (byte)'\n')
                {
                    line++;
                    column = 1;
                }
                else if ((b & 0xC0) != 0x80)
                {
                    column++;   // count characters, not UTF-8 continuation bytes
                }
            }
            return (line, column);
        }

        /// <summary>The text of a string value with escapes resolved (the node must be a string).</summary>
        public static string DecodeString(byte[] bytes, JsonSpanNode node)
        {
            if (node.Kind != JsonSpanKind.String)
            {
                throw new ArgumentException("Not a string node.", nameof(node));
            }
            return DecodeString(bytes, node.Start + 1, node.End - 1);
        }

        private MetadataFormatException Error(string problem)
        {
            var (line, column) = LineColumn(_bytes, _start, _pos);
            return new MetadataFormatException(_source, line, column, problem);
        }

        private void SkipWhitespace()
        {
            while (_pos < _end)
            {
                var b = _bytes[_pos];
                if (b == (byte)' ' || b == (byte)'\t' || b == (byte)'\r')
                {
                    _pos++;
                }
                else if (b == (byte)'\n')
                {
                    _pos++;
                    _line++;
                }
                else
                {
                    return;
                }
            }
        }

        private JsonSpanNode ParseValue(int depth)
        {
            if (_pos >= _end)
            {
                throw Error("unexpected end of file; expected a value.");
            }
            switch (_bytes[_pos])
            {
                case (byte)'{':
                    return ParseObject(depth);
                case (byte)'[':
                    return ParseArray(depth);
                case (byte)'"':
                    {
                        var node = new JsonSpanNode(JsonSpanKind.String, _pos);
                        SkipString();
                        node.End = _pos;
                        return node;
                    }
                case (byte)'t':
                    return Literal("true", JsonSpanKind.Boolean);
                case (byte)'f':
                    return Literal("false", JsonSpanKind.Boolean);
                case (byte)'n':
                    return Literal("null", JsonSpanKind.Null);
                default:
                    var c = _bytes[_pos];
                    if (c == (byte)'-' || (c >= (byte)'0' && c <= (byte)'9'))
                    {
                        return ParseNumber();
                    }
                    throw Error($"unexpected character '{DescribeByte(c)}'; expected a value.");
            }
        }

        private JsonSpanNode ParseObject(int depth)
        {
            if (depth >= MaxDepth)
            {
                throw Error($"nesting deeper than {MaxDepth} levels.");
            }
            var node = new JsonSpanNode(JsonSpanKind.Object, _pos);
            var members = new List<JsonSpanMember>();
            _pos++;
            SkipWhitespace();
            if (_pos < _end && _bytes[_pos] == (byte)'}')
            {
                _pos++;
                node.End = _pos;
                return node;
            }
            while (true)
            {
                SkipWhitespace();
                if (_pos >= _end || _bytes[_pos] != (byte)'"')
                {
                    throw Error(_pos < _end && _bytes[_pos] == (byte)'}' ? "trailing comma before '}'." : "expected a property name in double quotes.");
                }
                int keyStart = _pos, keyLine = _line;
                bool escaped = SkipString();
                var name = escaped
                    ? DecodeString(_bytes, keyStart + 1, _pos - 1)
                    : Encoding.UTF8.GetString(_bytes, keyStart + 1, _pos - keyStart - 2);
                SkipWhitespace();
                if (_pos >= _end || _bytes[_pos] != (byte)':')
                {
                    throw Error($"expected ':' after property name \"{name}\".");
                }
                _pos++;
                SkipWhitespace();
                var value = ParseValue(depth + 1);
                members.Add(new JsonSpanMember(name, keyStart, keyLine, value));
                SkipWhitespace();
                if (_pos >= _end)
                {
                    throw Error("unexpected end of file inside an object; expected ',' or '}'.");
                }
                if (_bytes[_pos] == (byte)',')
                {
                    _pos++;
                    continue;
                }
                if (_bytes[_pos] == (byte)'}')
                {
                    _pos++;
                    node.End = _pos;
                    node.Members = members;
                    return node;
                }
                throw Error($"unexpected character '{DescribeByte(_bytes[_pos])}' after the value of \"{name}\"; expected ',' or '}}'.");
            }
        }

        private JsonSpanNode ParseArray(int depth)
        {
            if (depth >= MaxDepth)
            {
                throw Error($"nesting deeper than {MaxDepth} levels.");
            }
            var node = new JsonSpanNode(JsonSpanKind.Array, _pos);
            var items = new List<JsonSpanNode>();
            _pos++;
            SkipWhitespace();
            if (_pos < _end && _bytes[_pos] == (byte)']')
            {
                _pos++;
                node.End = _pos;
                return node;
            }
            while (true)
            {
                SkipWhitespace();
                if (_pos < _end && _bytes[_pos] == (byte)']')
                {
                    throw Error("trailing comma before ']'.");
                }
                items.Add(ParseValue(depth + 1));
                SkipWhitespace();
                if (_pos >= _end)
                {
                    throw Error("unexpected end of file inside an array; expected ',' or ']'.");
                }
                if (_bytes[_pos] == (byte)',')
                {
                    _pos++;
                    continue;
                }
                if (_bytes[_pos] == (byte)']')
                {
                    _pos++;
                    node.End = _pos;
                    node.Items = items;
                    return node;
                }
                throw Error($"unexpected character '{DescribeByte(_bytes[_pos])}' in an array; expected ',' or ']'.");
            }
        }

        /// <summary>Moves past a string starting at the current quote; returns true when it contains escapes.</summary>
        private bool SkipString()
        {
            _pos++;
            bool escaped = false;
            while (_pos < _end)
            {
                var b = _bytes[_pos];
                if (b == (byte)'"')
                {
                    _pos++;
                    return escaped;
                }
                if (b == (byte)'\\')
                {
                    escaped = true;
                    if (_pos + 1 >= _end)
                    {
                        break;
                    }
                    var e = _bytes[_pos + 1];
                    if (e == (byte)'u')
                    {
                        for (int i = 2; i < 6; i++)
                        {
                            if (_pos + i >= _end || !IsHex(_bytes[_pos + i]))
                            {
                                throw Error("invalid \\u escape: expected four hexadecimal digits.");
                            }
                        }
                        _pos += 6;
                        continue;
                    }
                    if (e == (byte)'"' || e == (byte)'\\' || e == (byte)'/' || e == (byte)'b' || e == (byte)'f' || e == (byte)'n' || e == (byte)'r' || e == (byte)'t')
                    {
                        _pos += 2;
                        continue;
                    }
                    throw Error($"invalid escape '\\{DescribeByte(e)}' in a string.");
                }
                if (b < 0x20)
                {
                    throw Error(b == (byte)'\n' ? "line break inside a string (missing closing quote?)." : "control character inside a string (must be escaped).");
                }
                _pos++;
            }
            throw Error("unexpected end of file inside a string (missing closing quote?).");
        }

        private JsonSpanNode ParseNumber()
        {
            var node = new JsonSpanNode(JsonSpanKind.Number, _pos);
            if (_bytes[_pos] == (byte)'-')
            {
                _pos++;
            }
            if (_pos >= _end || !IsDigit(_bytes[_pos]))
            {
                throw Error("invalid number: expected a digit.");
            }
            if (_bytes[_pos] == (byte)'0')
            {
                _pos++;
                if (_pos < _end && IsDigit(_bytes[_pos]))
                {
                    throw Error("invalid number: leading zeros are not allowed.");
                }
            }
            else
            {
                while (_pos < _end && IsDigit(_bytes[_pos]))
                {
                    _pos++;
                }
            }
            if (_pos < _end && _bytes[_pos] == (byte)'.')
            {
                _pos++;
                if (_pos >= _end || !IsDigit(_bytes[_pos]))
                {
                    throw Error("invalid number: expected a digit after the decimal point.");
                }
                while (_pos < _end && IsDigit(_bytes[_pos]))
                {
                    _pos++;
                }
            }
            if (_pos < _end && (_bytes[_pos] == (byte)'e' || _bytes[_pos] == (byte)'E'))
            {
                _pos++;
                if (_pos < _end && (_bytes[_pos] == (byte)'+' || _bytes[_pos] == (byte)'-'))
                {
                    _pos++;
                }
                if (_pos >= _end || !IsDigit(_bytes[_pos]))
                {
                    throw Error("invalid number: expected a digit in the exponent.");
                }
                while (_pos < _end && IsDigit(_bytes[_pos]))
                {
                    _pos++;
                }
            }
            node.End = _pos;
            return node;
        }

        private JsonSpanNode Literal(string text, JsonSpanKind kind)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (_pos + i >= _end || _bytes[_pos + i] != (byte)text[i])
                {
                    throw Error($"invalid literal; expected '{text}'.");
                }
            }
            var node = new JsonSpanNode(kind, _pos);
            _pos += text.Length;
            node.End = _pos;
            return node;
        }

        private static string DecodeString(byte[] bytes, int start, int end)
        {
            var sb = new StringBuilder(end - start);
            int runStart = start;
            int i = start;
            while (i < end)
            {
                if (bytes[i] != (byte)'\\')
                {
                    i++;
                    continue;
                }
                sb.Append(Encoding.UTF8.GetString(bytes, runStart, i - runStart));
                var e = bytes[i + 1];
                switch (e)
                {
                    case (byte)'b': sb.Append('\b'); break;
                    case (byte)'f': sb.Append('\f'); break;
                    case (byte)'n': sb.Append('\n'); break;
                    case (byte)'r': sb.Append('\r'); break;
                    case (byte)'t': sb.Append('\t'); break;
                    case (byte)'u':
                        sb.Append((char)int.Parse(Encoding.ASCII.GetString(bytes, i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        i += 4;
                        break;
                    default: sb.Append((char)e); break;   // \" \\ \/
                }
                i += 2;
                runStart = i;
            }
            sb.Append(Encoding.UTF8.GetString(bytes, runStart, end - runStart));
            return sb.ToString();
        }

        private static bool IsDigit(byte b) => b >= (byte)'0' && b <= (byte)'9';

        private static bool IsHex(byte b) => IsDigit(b) || (b >= (byte)'a' && b <= (byte)'f') || (b >= (byte)'A' && b <= (byte)'F');

        private static string DescribeByte(byte b) => b >= 0x20 && b < 0x7F ? ((char)b).ToString() : "0x" + b.ToString("X2", CultureInfo.InvariantCulture);
    }
}
