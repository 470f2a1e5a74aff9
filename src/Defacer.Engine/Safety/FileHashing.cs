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
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan))
            {
                return Sha256(stream);
            }
        }

        /// <summary>The SHA-256 of the rest of a stream as lowercase hex.</summary>
        public static string Sha256(Stream stream)
        {
            using (var sha = SHA256.Create())
            {
                return ToHex(sha.ComputeHash(stream));
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
