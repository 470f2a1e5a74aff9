using System.IO;

namespace Defacer.Engine.Nifti
{
    /// <summary>Small stream helpers shared by the reader and writer.</summary>
    internal static class NiftiStreams
    {
        /// <summary>
        /// True when the stream's next two bytes are the gzip magic 1F 8B. A seekable stream is put back where it was.
        /// The content decides, never the file name: a .nii that is really gzipped is read as gzip.
        /// </summary>
        public static bool StartsWithGzipMagic(Stream s)
        {
            long start = s.CanSeek ? s.Position : 0;
            var magic = new byte[2];
            int got = ReadFully(s, magic, 0, 2);
            if (s.CanSeek)
            {
                s.Position = start;
            }
            return got == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        }

        /// <summary>True when the file's content starts with the gzip magic (a symlink is followed).</summary>
        public static bool IsGzipFile(string path)
        {
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 16))
            {
                return StartsWithGzipMagic(file);
            }
        }

        /// <summary>Reads until <paramref name="count"/> bytes arrived or the stream ended; returns the number read.</summary>
        public static int ReadFully(Stream s, byte[] buffer, int offset, int count)
        {
            int total = 0;
            while (total < count)
            {
                int n = s.Read(buffer, offset + total, count - total);
                if (n <= 0)
                {
                    break;
                }
                total += n;
            }
            return total;
        }
    }
}
