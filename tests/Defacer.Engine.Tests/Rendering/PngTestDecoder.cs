using System;
using System.IO;
using System.IO.Compression;
using Defacer.Engine.Rendering;

namespace Defacer.Engine.Tests.Rendering
{
    /// <summary>
    /// An independent, strict PNG reader for tests: checks the signature, every chunk CRC, the zlib header and
    /// Adler-32, and undoes the five row filters. Only what <see cref="PngEncoder"/> writes (8-bit, no interlace).
    /// </summary>
    internal static class PngTestDecoder
    {
        public static (int Width, int Height, int Channels, byte[] Pixels) Decode(byte[] png)
        {
            byte[] sig = { 137, 80, 78, 71, 13, 10, 26, 10 };
            for (int i = 0; i < 8; i++)
            {
                if (png[i] != sig[i]) throw new InvalidDataException("Bad PNG signature.");
            }
            int pos = 8, width = 0, height = 0, channels = 0;
            var idat = new MemoryStream();
            bool end = false;
            while (!end)
            {
                int len = (int)ReadBe(png, pos);
                string type = System.Text.Encoding.ASCII.GetString(png, pos + 4, 4);
                uint crc = ReadBe(png, pos + 8 + len);
                uint actual = Crc(png, pos + 4, len + 4);
                if (crc != actual) throw new InvalidDataException($"CRC mismatch in {type}.");
                switch (type)
                {
                    case "IHDR":
                        width = (int)ReadBe(png, pos + 8);
                        height = (int)ReadBe(png, pos + 12);
                        if (png[pos + 16] != 8 || png[pos + 20] != 0) throw new InvalidDataException("Only 8-bit non-interlaced.");
                        channels = png[pos + 17] switch { 0 => 1, 2 => 3, 6 => 4, _ => throw new InvalidDataException("Colour type.") };
                        break;
                    case "IDAT":
                        idat.Write(png, pos + 8, len);
                        break;
                    case "IEND":
                        end = true;
                        break;
                }
                pos += 12 + len;
            }
            var z = idat.ToArray();
            if ((z[0] & 0x0F) != 8 || ((z[0] << 8) | z[1]) % 31 != 0) throw new InvalidDataException("Bad zlib header.");
            var raw = new MemoryStream();
            using (var inflate = new DeflateStream(new MemoryStream(z, 2, z.Length - 6), CompressionMode.Decompress))
            {
                inflate.CopyTo(raw);
            }
            var data = raw.ToArray();
            uint adler = ReadBe(z, z.Length - 4);
            if (adler != PngEncoder.Adler32(data, 0, data.Length)) throw new InvalidDataException("Adler-32 mismatch.");
            int stride = width * channels;
            if (data.Length != height * (stride + 1)) throw new InvalidDataException("Wrong decompressed size.");
            var pixels = new byte[height * stride];
            for (int y = 0; y < height; y++)
            {
                int ft = data[y * (stride + 1)];
                for (int i = 0; i < stride; i++)
                {
                    int x = data[y * (stride + 1) + 1 + i];
                    int a = i >= channels ? pixels[y * stride + i - channels] : 0;
                    int b = y > 0 ? pixels[(y - 1) * stride + i] : 0;
                    int c = y > 0 && i >= channels ? pixels[(y - 1) * stride + i - channels] : 0;
                    int p = ft switch
                    {
                        0 => 0,
                        1 => a,
                        2 => b,
                        3 => (a + b) / 2,
                        4 => Paeth(a, b, c),
                        _ => throw new InvalidDataException("Filter type."),
                    };
                    pixels[y * stride + i] = (byte)(x + p);
                }
            }
            return (width, height, channels, pixels);
        }

        private static int Paeth(int a, int b, int c)
        {
            int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
            return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }

        // Bitwise CRC-32, deliberately not table-driven, so it does not share code with the encoder.
        private static uint Crc(byte[] d, int off, int count)
        {
            uint c = 0xFFFFFFFF;
            for (int i = off; i < off + count; i++)
            {
                c ^= d[i];
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >> 1) ^ 0xEDB88320 : c >> 1;
            }
            return ~c;
        }

        private static uint ReadBe(byte[] d, int o) => (uint)(d[o] << 24 | d[o + 1] << 16 | d[o + 2] << 8 | d[o + 3]);
    }
}
