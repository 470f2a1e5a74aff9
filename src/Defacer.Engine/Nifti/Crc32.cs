namespace Defacer.Engine.Nifti
{
    /// <summary>
    /// CRC-32 (IEEE, as gzip uses), slicing-by-8: netstandard2.0 has no System.IO.Hashing, and the gzip writer needs
    /// the CRC of tens of megabytes without becoming the bottleneck.
    /// </summary>
    internal static unsafe class Crc32
    {
        private static readonly uint[] s_table = BuildTable();

        private static uint[] BuildTable()
        {
            var t = new uint[8 * 256];
            for (uint i = 0; i < 256; i++)
            {
                uint c = i;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                }
                t[i] = c;
            }
            for (int i = 0; i < 256; i++)
            {
                for (int s = 1; s < 8; s++)
                {
                    uint prev = t[(s - 1) * 256 + i];
                    t[s * 256 + i] = (prev >> 8) ^ t[prev & 0xFF];
                }
            }
            return t;
        }

        /// <summary>Continues a CRC (start with 0) over <paramref name="count"/> bytes.</summary>
        public static uint Append(uint crc, byte[] data, int offset, int count)
        {
            uint c = ~crc;
            fixed (byte* p0 = data)
            fixed (uint* t = s_table)
            {
                byte* p = p0 + offset;
                // The 8-byte step reads little-endian words; big-endian machines take the byte loop below.
                while (count >= 8 && System.BitConverter.IsLittleEndian)
                {
                    uint one = *(uint*)p ^ c;
                    uint two = *(uint*)(p + 4);
                    c = t[7 * 256 + (one & 0xFF)] ^ t[6 * 256 + ((one >> 8) & 0xFF)] ^ t[5 * 256 + ((one >> 16) & 0xFF)] ^ t[4 * 256 + (one >> 24)]
                      ^ t[3 * 256 + (two & 0xFF)] ^ t[2 * 256 + ((two >> 8) & 0xFF)] ^ t[1 * 256 + ((two >> 16) & 0xFF)] ^ t[two >> 24];
                    p += 8;
                    count -= 8;
                }
                while (count-- > 0)
                {
                    c = t[(c ^ *p++) & 0xFF] ^ (c >> 8);
                }
            }
            return ~c;
        }
    }
}
