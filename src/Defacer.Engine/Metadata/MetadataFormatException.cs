using System;

namespace Defacer.Engine.Metadata
{
    /// <summary>A JSON or TSV file that cannot be parsed; names the file and the 1-based line and column.</summary>
    public sealed class MetadataFormatException : Exception
    {
        /// <summary>Creates the exception; the message is composed as "file:line:column: problem".</summary>
        public MetadataFormatException(string path, int line, int column, string problem)
            : base($"{path}:{line}:{column}: {problem}")
        {
            Path = path;
            Line = line;
            Column = column;
            Problem = problem;
        }

        /// <summary>The file (or a description of the source when not a file).</summary>
        public string Path { get; }

        /// <summary>1-based line of the problem.</summary>
        public int Line { get; }

        /// <summary>1-based column (in characters) of the problem.</summary>
        public int Column { get; }

        /// <summary>The problem without the location.</summary>
        public string Problem { get; }
    }
}
