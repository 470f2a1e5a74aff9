using System;

namespace Defacer.Engine.Registration
{
    /// <summary>A downloadable template file: the name it is cached under, where it comes from, and its pinned SHA-256.</summary>
    public sealed class TemplateFile
    {
        public TemplateFile(string fileName, string url, string sha256)
        {
            if (string.IsNullOrEmpty(fileName) || fileName.IndexOfAny(new[] { '/', '\\' }) >= 0)
            {
                throw new ArgumentException("A template file name must be a plain file name.", nameof(fileName));
            }
            if (sha256 == null || sha256.Length != 64)
            {
                throw new ArgumentException("A pinned SHA-256 must be 64 hexadecimal digits.", nameof(sha256));
            }
            FileName = fileName;
            Url = url ?? throw new ArgumentNullException(nameof(url));
            Sha256 = sha256.ToLowerInvariant();
        }

        /// <summary>File name in the cache and in an offline folder.</summary>
        public string FileName { get; }

        /// <summary>Download URL.</summary>
        public string Url { get; }

        /// <summary>Expected SHA-256, lower-case hexadecimal.</summary>
        public string Sha256 { get; }

        /// <summary>The same file from another URL (e.g. a mirror or a test server).</summary>
        public TemplateFile WithUrl(string url) => new TemplateFile(FileName, url, Sha256);

        public override string ToString() => FileName;
    }
}
