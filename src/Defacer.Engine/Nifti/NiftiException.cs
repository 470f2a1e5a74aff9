using System;

namespace Defacer.Engine.Nifti
{
    /// <summary>A file could not be read or written as NIfTI. The message names the file and the problem.</summary>
    public sealed class NiftiException : Exception
    {
        /// <summary>Creates the exception; the message is prefixed with the file path.</summary>
        public NiftiException(string filePath, NiftiErrorKind kind, string problem, Exception? inner = null)
            : base($"'{filePath}': {problem}", inner)
        {
            FilePath = filePath;
            Kind = kind;
            Problem = problem;
        }

        /// <summary>The file (or stream name) that failed.</summary>
        public string FilePath { get; }

        /// <summary>The category of the failure.</summary>
        public NiftiErrorKind Kind { get; }

        /// <summary>The problem alone, without the file path.</summary>
        public string Problem { get; }
    }
}
