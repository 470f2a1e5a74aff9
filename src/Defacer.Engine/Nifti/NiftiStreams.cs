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
    }
}
