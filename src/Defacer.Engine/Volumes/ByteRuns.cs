namespace Defacer.Engine.Volumes
{
    /// <summary>
    /// Runs of equal bytes in masks and pixel rows, read eight bytes at a time (a 64-bit word compared with the byte
    /// repeated eight times), and the per-byte "is not zero" flags of a word. Masks are mostly long runs of 0 or 1,
    /// so this skips them several times faster than a byte-by-byte loop.
    /// </summary>
    internal static class ByteRuns
    {
        private const ulong Low7 = 0x7F7F7F7F7F7F7F7FUL;

        /// <summary>0x01 repeated: multiplied by a byte value it repeats that value in every byte of a word.</summary>
        public const ulong Ones = 0x0101010101010101UL;

        /// <summary>
        /// 0x01 in each byte of <paramref name="word"/> that is not 0, 0x00 elsewhere: a byte's low seven bits plus 0x7F
        /// carry into bit 7 unless they are all 0, and bit 7 itself counts; no carry leaves a byte (each sum is at most 0xFE).
        /// </summary>
        public static ulong NonZeroFlags(ulong word) => ((((word & Low7) + Low7) | word) >> 7) & Ones;

        /// <summary>The first index in [i, end] whose byte differs from <paramref name="value"/>, or end + 1.</summary>
        public static unsafe int SkipEqual(byte[] m, int i, int end, byte value)
        {
            ulong pattern = value * Ones;
            fixed (byte* p = m)
            {
                while (i + 7 <= end && *(ulong*)(p + i) == pattern)
                {
                    i += 8;
                }
            }
            while (i <= end && m[i] == value)
            {
                i++;
            }
            return i;
        }

        /// <summary>The last index in [start, i] whose byte differs from <paramref name="value"/>, or start - 1.</summary>
        public static unsafe int SkipEqualBackwards(byte[] m, int i, int start, byte value)
        {
            ulong pattern = value * Ones;
            fixed (byte* p = m)
            {
                while (i - 7 >= start && *(ulong*)(p + i - 7) == pattern)
                {
                    i -= 8;
                }
            }
            while (i >= start && m[i] == value)
            {
                i--;
            }
            return i;
        }
    }
}
