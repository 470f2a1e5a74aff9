namespace Defacer.Engine.Bids
{
    /// <summary>
    /// A problem with one file found while listing a dataset. The listing goes on; the cmdlets turn errors into
    /// non-terminating error records and warnings into warnings, using <see cref="Code"/> as the stable error id.
    /// </summary>
    public sealed class BidsIssue
    {
        /// <summary>Creates an issue.</summary>
        public BidsIssue(string path, string code, string message, BidsIssueSeverity severity, int? line = null)
        {
            Path = path;
            Code = code;
            Message = message;
            Severity = severity;
            Line = line;
        }

        /// <summary>Full path of the file or folder concerned.</summary>
        public string Path { get; }

        /// <summary>1-based line in the file, when the problem has one (malformed JSON or TSV).</summary>
        public int? Line { get; }

        /// <summary>Stable PascalCase identifier, one of <see cref="BidsIssueCodes"/>.</summary>
        public string Code { get; }

        /// <summary>Human-readable description naming the file and the problem.</summary>
        public string Message { get; }

        /// <summary>Whether the file was still usable.</summary>
        public BidsIssueSeverity Severity { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Severity} {Code}: {Message}";
    }
}
