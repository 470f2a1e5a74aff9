using System.Text;

namespace Defacer.Engine.Metadata
{
    /// <summary>Short, single-line previews of values for reports.</summary>
    internal static class Preview
    {
        public const int MaxLength = 60;

        public static string Of(string value)
        {
            var sb = new StringBuilder(value.Length < MaxLength ? value.Length : MaxLength + 3);
            foreach (var c in value)
            {
                if (sb.Length >= MaxLength)
                {
                    sb.Append("...");
                    break;
                }
                sb.Append(char.IsControl(c) ? ' ' : c);
            }
            return sb.ToString();
        }

        public static string Of(byte[] bytes, JsonSpanNode node)
        {
            switch (node.Kind)
            {
                case JsonSpanKind.String:
                    return Of(JsonSpanScanner.DecodeString(bytes, node));
                case JsonSpanKind.Object:
                    return "{" + node.Members.Count + (node.Members.Count == 1 ? " key}" : " keys}");
                case JsonSpanKind.Array:
                    return "[" + node.Items.Count + (node.Items.Count == 1 ? " item]" : " items]");
                default:
                    return Of(Encoding.UTF8.GetString(bytes, node.Start, node.End - node.Start));
            }
        }
    }
}
