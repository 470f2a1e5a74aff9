using System.Buffers;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace Defacer.Engine.Safety
{
    /// <summary>Content hashes used to verify backups and to detect changes.</summary>
    public static class FileHashing
    {
        private const int BufferSize = 1 << 20;

        /// <summary>
        /// The SHA-256 of a file's content as lowercase hex, read in a streaming fashion (constant memory).
        /// A symlink is followed: the hash is that of the content it points to.
        /// </summary>
        public static string Sha256(string path)
        {
            // bufferSize 1: no FileStream buffer; the pooled buffer below does the chunking (no per-file 1 MB allocation).
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
            {
                return Sha256(stream);
            }
        }

        /// <summary>The SHA-256 of the rest of a stream as lowercase hex.</summary>
        public static string Sha256(Stream stream)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                using (var sha = SHA256.Create())
                {
                    int n;
                    while ((n = stream.Read(buffer, 0, BufferSize)) > 0)
                    {
                        sha.TransformBlock(buffer, 0, n, null, 0);
                    }
                    sha.TransformFinalBlock(buffer, 0, 0);
                    return ToHex(sha.Hash!);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>The SHA-256 of a byte array as lowercase hex.</summary>
        public static string Sha256(byte[] bytes)
        {
            using (var sha = SHA256.Create())
            {
                return ToHex(sha.ComputeHash(bytes));
            }
        }

        /// <summary>The SHA-256 of <paramref name="count"/> bytes of <paramref name="bytes"/> from <paramref name="offset"/>, as lowercase hex.</summary>
        public static string Sha256(byte[] bytes, int offset, int count)
        {
            using (var sha = SHA256.Create())
            {
                return ToHex(sha.ComputeHash(bytes, offset, count));
            }
        }

        internal static string ToHex(byte[] hash)
        {
            var sb = new StringBuilder(hash.Length * 2);
            foreach (var b in hash)
            {
                sb.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            return sb.ToString();
        }
    }
}
