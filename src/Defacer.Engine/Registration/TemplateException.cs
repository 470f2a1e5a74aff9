using System;

namespace Defacer.Engine.Registration
{
    /// <summary>What went wrong while providing a template file.</summary>
    public enum TemplateErrorKind
    {
        /// <summary>A named file or folder does not exist, or a required partner file is missing.</summary>
        NotFound,

        /// <summary>The file's SHA-256 is not the pinned value (a corrupt or substituted download).</summary>
        HashMismatch,

        /// <summary>The download failed (HTTP error, network error).</summary>
        DownloadFailed,

        /// <summary>The request itself is inconsistent (e.g. a template without its face mask).</summary>
        InvalidRequest,
    }

    /// <summary>A template or face mask could not be provided; names the file or URL and the reason.</summary>
    public sealed class TemplateException : Exception
    {
        public TemplateException(TemplateErrorKind kind, string target, string message, Exception? inner = null)
            : base(message, inner)
        {
            Kind = kind;
            Target = target;
        }

        /// <summary>The reason, for mapping to a stable error id.</summary>
        public TemplateErrorKind Kind { get; }

        /// <summary>The path or URL concerned.</summary>
        public string Target { get; }
    }
}
