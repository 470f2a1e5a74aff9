using System;

namespace Defacer.Engine.Nifti
{
    /// <summary>
    /// One NIfTI header extension. <see cref="Content"/> is kept byte-exact including its trailing padding,
    /// so that esize = 8 + Content.Length and a file writes back identically.
    /// </summary>
    public sealed class NiftiExtension
    {
        /// <summary>Creates an extension.</summary>
        public NiftiExtension(int code, byte[] content)
        {
            Code = code;
            Content = content ?? throw new ArgumentNullException(nameof(content));
        }

        /// <summary>The ecode (e.g. 4 AFNI, 6 comment, 32 CIFTI).</summary>
        public int Code { get; set; }

        /// <summary>The extension bytes after esize and ecode, padding included.</summary>
        public byte[] Content { get; set; }

        /// <summary>esize as stored: 8 + content length.</summary>
        public int ESize => 8 + Content.Length;
    }
}
