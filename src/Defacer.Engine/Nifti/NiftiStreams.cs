using System.IO;

namespace Defacer.Engine.Nifti
{
    /// <summary>Small stream helpers shared by the reader and writer.</summary>
    internal static class NiftiStreams
    {
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

        /// <summary>Reads and discards up to <paramref name="count"/> bytes; returns the number skipped.</summary>
        public static long Skip(Stream s, long count)
        {
            if (count <= 0)
            {
                return 0;
            }
            if (s.CanSeek)
            {
                long available = s.Length - s.Position;
                long n = count < available ? count : available;
                s.Seek(n, SeekOrigin.Current);
                return n;
            }
            var buf = new byte[(int)(count < 81920 ? count : 81920)];
            long total = 0;
            while (total < count)
            {
                int want = (int)(count - total < buf.Length ? count - total : buf.Length);
                int n = s.Read(buf, 0, want);
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
