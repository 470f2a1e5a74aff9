using System.Collections.Generic;

namespace Defacer.Engine.Metadata
{
    /// <summary>The kind of a JSON value.</summary>
    public enum JsonSpanKind
    {
        /// <summary>An object.</summary>
        Object,
        /// <summary>An array.</summary>
        Array,
        /// <summary>A string.</summary>
        String,
        /// <summary>A number.</summary>
        Number,
        /// <summary>true or false.</summary>
        Boolean,
        /// <summary>null.</summary>
        Null,
    }

    /// <summary>
    /// A JSON value located in the original bytes: <see cref="Start"/> is the offset of its first byte and
    /// <see cref="End"/> the offset just past its last. Objects and arrays carry their children; scalars only their span.
    /// </summary>
    public sealed class JsonSpanNode
    {
        internal JsonSpanNode(JsonSpanKind kind, int start)
        {
            Kind = kind;
            Start = start;
        }

        /// <summary>The kind of value.</summary>
        public JsonSpanKind Kind { get; }

        /// <summary>Offset of the first byte.</summary>
        public int Start { get; }

        /// <summary>Offset just past the last byte.</summary>
        public int End { get; internal set; }

        /// <summary>Members in document order (objects only; empty otherwise). Duplicate names are kept as found.</summary>
        public IReadOnlyList<JsonSpanMember> Members { get; internal set; } = System.Array.Empty<JsonSpanMember>();

        /// <summary>Items in document order (arrays only; empty otherwise).</summary>
        public IReadOnlyList<JsonSpanNode> Items { get; internal set; } = System.Array.Empty<JsonSpanNode>();
    }

    /// <summary>One <c>"name": value</c> pair of an object.</summary>
    public sealed class JsonSpanMember
    {
        internal JsonSpanMember(string name, int keyStart, int line, JsonSpanNode value)
        {
            Name = name;
            KeyStart = keyStart;
            Line = line;
            Value = value;
        }

        /// <summary>The key, with escapes resolved.</summary>
        public string Name { get; }

        /// <summary>Offset of the key's opening quote.</summary>
        public int KeyStart { get; }

        /// <summary>1-based line of the key.</summary>
        public int Line { get; }

        /// <summary>The value.</summary>
        public JsonSpanNode Value { get; }
    }
}
