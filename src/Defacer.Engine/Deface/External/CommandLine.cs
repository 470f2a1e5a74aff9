using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Defacer.Engine.Deface.External
{
    /// <summary>
    /// Quoting of argument vectors into one command-line string by the rules of CommandLineToArgvW / the MSVC runtime,
    /// which is also how .NET splits <c>ProcessStartInfo.Arguments</c> on Unix. Used only where
    /// <c>ProcessStartInfo.ArgumentList</c> does not exist (.NET Framework), and for display in provenance.
    /// </summary>
    public static class CommandLine
    {
        /// <summary>Quotes one argument so that it splits back to exactly itself.</summary>
        public static string Quote(string argument)
        {
            if (argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '\t', '\n', '\v', '"' }) < 0)
            {
                return argument;
            }
            var sb = new StringBuilder("\"");
            int backslashes = 0;
            foreach (char c in argument)
            {
                if (c == '\\')
                {
                    backslashes++;
                    continue;
                }
                if (c == '"')
                {
                    // Backslashes before a quote are doubled, and the quote itself escaped.
                    sb.Append('\\', backslashes * 2 + 1).Append('"');
                }
                else
                {
                    sb.Append('\\', backslashes).Append(c);
                }
                backslashes = 0;
            }
            // Backslashes before the closing quote are doubled so they do not escape it.
            sb.Append('\\', backslashes * 2).Append('"');
            return sb.ToString();
        }

        /// <summary>Joins an executable and its arguments into one quoted string.</summary>
        public static string Join(IEnumerable<string> arguments) => string.Join(" ", arguments.Select(Quote));
    }
}
