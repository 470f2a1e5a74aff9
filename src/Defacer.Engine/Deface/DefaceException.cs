using System;

namespace Defacer.Engine.Deface
{
    /// <summary>An image could not be defaced. The message names the file and the problem.</summary>
    public sealed class DefaceException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public DefaceException(DefaceErrorKind kind, string filePath, string message, Exception? inner = null)
            : base(message, inner)
        {
            Kind = kind;
            FilePath = filePath;
        }

        /// <summary>What went wrong.</summary>
        public DefaceErrorKind Kind { get; }

        /// <summary>The image (or sidecar) concerned.</summary>
        public string FilePath { get; }
    }
}
