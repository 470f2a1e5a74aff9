namespace Defacer.Commands
{
    /// <summary>
    /// The error ids one cmdlet reports for -Path/-LiteralPath values it cannot use. Each cmdlet keeps the ids it has
    /// always published (they are part of its interface: scripts and tests match on them), so they are passed in
    /// rather than unified.
    /// </summary>
    internal sealed class PathErrorIds
    {
        /// <summary>Creates the set of ids.</summary>
        /// <param name="notFound">A path that does not exist, or a wildcard that matches nothing.</param>
        /// <param name="notFileSystem">A path on another provider (Env:, HKLM:, Variable:, ...).</param>
        /// <param name="invalid">A path that cannot be parsed: an unknown drive or provider, illegal characters.</param>
        public PathErrorIds(string notFound, string notFileSystem, string invalid)
        {
            NotFound = notFound;
            NotFileSystem = notFileSystem;
            Invalid = invalid;
        }

        /// <summary>Id for a path that does not exist, or a wildcard that matches nothing.</summary>
        public string NotFound { get; }

        /// <summary>Id for a path on a provider other than FileSystem.</summary>
        public string NotFileSystem { get; }

        /// <summary>Id for a path that cannot be parsed (unknown drive or provider, illegal characters).</summary>
        public string Invalid { get; }
    }
}
