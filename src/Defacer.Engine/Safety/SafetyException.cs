using System;

namespace Defacer.Engine.Safety
{
    /// <summary>
    /// A refusal or failure of the safety layer (backups, atomic replacement). It always names the file concerned
    /// so that cmdlets can report it as the error's target.
    /// </summary>
    public sealed class SafetyException : Exception
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="kind">The category of the problem.</param>
        /// <param name="path">The file or folder concerned.</param>
        /// <param name="message">A sentence naming the file and the problem.</param>
        /// <param name="innerException">The underlying I/O error, if any.</param>
        public SafetyException(SafetyErrorKind kind, string path, string message, Exception? innerException = null)
            : base(message, innerException)
        {
            Kind = kind;
            Path = path;
        }

        /// <summary>The file or folder concerned.</summary>
        public string Path { get; }

        /// <summary>The category of the problem.</summary>
        public SafetyErrorKind Kind { get; }
    }
}
