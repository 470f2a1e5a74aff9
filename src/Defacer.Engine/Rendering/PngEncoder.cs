using System;
using System.IO;
using System.IO.Compression;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Rendering
{
    /// <summary>Pixel layouts <see cref="PngEncoder"/> writes, all 8 bits per sample.</summary>
    public enum PngColorType
    {
        /// <summary>One gray byte per pixel (PNG colour type 0).</summary>
        Gray = 0,

        /// <summary>Three bytes per pixel, R G B (PNG colour type 2).</summary>
        Rgb = 2,

        /// <summary>Four bytes per pixel, R G B A, straight alpha (PNG colour type 6).</summary>
        Rgba = 6,
    }

    /// <summary>
    /// A minimal, dependency-free PNG writer (8-bit gray, RGB, RGBA). The zlib stream is built by hand around
    /// <see cref="DeflateStream"/> (2-byte header, raw deflate, Adler-32 trailer) because netstandard2.0 has no
    /// ZLibStream. Row filters are chosen by the usual minimum-sum-of-absolute-differences heuristic, and no
    /// time or text chunks are written, so the same pixels always give the same bytes.
    /// </summary>
    public static class PngEncoder
    {
        private static readonly byte[] s_signature = { 137, 80, 78, 71, 13, 10, 26, 10 };
        private static readonly uint[] s_crcTable = BuildCrcTable();

        /// <summary>Bytes per pixel of a colour type.</summary>
        public static int BytesPerPixel(PngColorType type) => type switch
        {
            PngColorType.Gray => 1,
            PngColorType.Rgb => 3,
            PngColorType.Rgba => 4,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown PNG colour type."),
        };

        /// <summary>Encodes row-major, top-to-bottom pixels to a PNG byte array.</summary>
        /// <exception cref="ArgumentException">The size is not positive or the pixel buffer has the wrong length.</exception>
        public static byte[] Encode(int width, int height, byte[] pixels, PngColorType type)
        {
            using var ms = new MemoryStream();
            Write(ms, width, height, pixels, type);
            return ms.ToArray();
        }

        /// <summary>Writes a PNG to <paramref name="output"/> (left open).</summary>
        public static void Write(Stream output, int width, int height, byte[] pixels, PngColorType type)
        {
            if (output == null)
            {
                throw new ArgumentNullException(nameof(output));
            }
            if (width <= 0 || height <= 0)
            {
                throw new ArgumentException($"PNG size must be positive, got {width}x{height}.");
            }
            int bpp = BytesPerPixel(type);
            long expected = (long)width * height * bpp;
            if (pixels == null || pixels.LongLength != expected)
            {
                throw new ArgumentException($"A {width}x{height} {type} image needs {expected} bytes, got {pixels?.LongLength ?? 0}.", nameof(pixels));
            }

            output.Write(s_signature, 0, s_signature.Length);

            var ihdr = new byte[13];
            WriteBigEndian(ihdr, 0, (uint)width);
            WriteBigEndian(ihdr, 4, (uint)height);
            ihdr[8] = 8; // bit depth
            ihdr[9] = (byte)type;
            ihdr[10] = 0; // deflate
            ihdr[11] = 0; // adaptive filtering
            ihdr[12] = 0; // no interlace
            WriteChunk(output, "IHDR", ihdr, ihdr.Length);

            var idat = CompressZlib(FilterRows(width, height, pixels, bpp));
            WriteChunk(output, "IDAT", idat, idat.Length);
            WriteChunk(output, "IEND", Array.Empty<byte>(), 0);
        }

        /// <summary>CRC-32 (ISO 3309, as PNG uses) of a byte range, continuing from <paramref name="crc"/>.</summary>
        public static uint Crc32(byte[] data, int offset, int count, uint crc = 0)
        {
            uint c = crc ^ 0xFFFFFFFFu;
            for (int i = offset; i < offset + count; i++)
            {
                c = s_crcTable[(c ^ data[i]) & 0xFF] ^ (c >> 8);
            }
            return c ^ 0xFFFFFFFFu;
        }

        /// <summary>Adler-32 checksum (RFC 1950) of a byte range.</summary>
        public static uint Adler32(byte[] data, int offset, int count)
        {
            const uint mod = 65521;
            uint a = 1, b = 0;
            int i = offset, end = offset + count;
            while (i < end)
            {
                // 5552 is the largest block for which the sums cannot overflow before the modulo.
                int block = Math.Min(5552, end - i);
                for (int k = 0; k < block; k++)
                {
                    a += data[i++];
                    b += a;
                }
                a %= mod;
                b %= mod;
            }
            return (b << 16) | a;
        }

        private static unsafe byte[] FilterRows(int width, int height, byte[] pixels, int bpp)
        {
            int stride = width * bpp;
            var filtered = new byte[(long)height * (stride + 1)];
            var zeros = new byte[stride];
            fixed (byte* px = pixels, z = zeros, outp = filtered)
            {
                for (int y = 0; y < height; y++)
                {
                    byte* cur = px + (long)y * stride;
                    byte* up = y > 0 ? cur - stride : z;
                    if (ByteRuns.SkipEqual(pixels, y * stride, y * stride + stride - 1, 0) == y * stride + stride)
                    {
                        // A black row (the background around a render): filter None scores 0, the lowest possible, and
                        // is the first filter, so it is the one the scoring below would choose; its bytes are the zeros
                        // the output already holds.
                        continue;
                    }
                    // Score each filter by the sum of its residuals read as signed bytes; the first lowest wins.
                    long s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0;
                    for (int i = 0; i < bpp; i++)
                    {
                        int x = cur[i], b = up[i];
                        s0 += Abs((byte)x);
                        s1 += Abs((byte)x);
                        s2 += Abs((byte)(x - b));
                        s3 += Abs((byte)(x - (b >> 1)));
                        s4 += Abs((byte)(x - Paeth(0, b, 0)));
                    }
                    for (int i = bpp; i < stride; i++)
                    {
                        int x = cur[i], a = cur[i - bpp], b = up[i], c = up[i - bpp];
                        s0 += Abs((byte)x);
                        s1 += Abs((byte)(x - a));
                        s2 += Abs((byte)(x - b));
                        s3 += Abs((byte)(x - ((a + b) >> 1)));
                        s4 += Abs((byte)(x - Paeth(a, b, c)));
                    }
                    int best = 0;
                    long bestScore = s0;
                    if (s1 < bestScore) { bestScore = s1; best = 1; }
                    if (s2 < bestScore) { bestScore = s2; best = 2; }
                    if (s3 < bestScore) { bestScore = s3; best = 3; }
                    if (s4 < bestScore) { best = 4; }
                    byte* o = outp + (long)y * (stride + 1);
                    *o++ = (byte)best;
                    for (int i = 0; i < stride; i++)
                    {
                        int x = cur[i], a = i >= bpp ? cur[i - bpp] : 0, b = up[i], c = i >= bpp ? up[i - bpp] : 0;
                        int p = best switch { 1 => a, 2 => b, 3 => (a + b) >> 1, 4 => Paeth(a, b, c), _ => 0 };
                        o[i] = (byte)(x - p);
                    }
                }
            }
            return filtered;
        }

        // |v| of a residual read as a signed byte, without a branch.
        private static int Abs(byte v)
        {
            int m = (sbyte)v >> 31;
            return ((sbyte)v ^ m) - m;
        }

        private static int Paeth(int a, int b, int c)
        {
            // Branch-free form of the PNG predictor (ties go to a, then b): the choice depends on the pixels, so
            // branches on it are mispredicted half the time.
            int pa = IntAbs(b - c), pb = IntAbs(a - c), pc = IntAbs(a + b - 2 * c);
            int bc = pb <= pc ? b : c;
            return (pa <= pb) & (pa <= pc) ? a : bc;
        }

        private static int IntAbs(int v)
        {
            int m = v >> 31;
            return (v ^ m) - m;
        }

        private static byte[] CompressZlib(byte[] raw)
        {
            using var ms = new MemoryStream();
            // CMF 0x78 = deflate, 32 KiB window; FLG 0x01 = fastest compression, check bits make 0x7801 % 31 == 0.
            // Fastest: QC pictures are written for every image checked; the optimal level took about 1.6 times as long
            // (60 ms more for the eight pictures of a 1 mm head) for files about 30% smaller.
            ms.WriteByte(0x78);
            ms.WriteByte(0x01);
            using (var deflate = new DeflateStream(ms, CompressionLevel.Fastest, leaveOpen: true))
            {
                deflate.Write(raw, 0, raw.Length);
            }
            var trailer = new byte[4];
            WriteBigEndian(trailer, 0, Adler32(raw, 0, raw.Length));
            ms.Write(trailer, 0, 4);
            return ms.ToArray();
        }

        private static void WriteChunk(Stream output, string type, byte[] data, int length)
        {
            var header = new byte[8];
            WriteBigEndian(header, 0, (uint)length);
            for (int i = 0; i < 4; i++)
            {
                header[4 + i] = (byte)type[i];
            }
            output.Write(header, 0, 8);
            output.Write(data, 0, length);
            uint crc = Crc32(header, 4, 4);
            crc = Crc32(data, 0, length, crc);
            var tail = new byte[4];
            WriteBigEndian(tail, 0, crc);
            output.Write(tail, 0, 4);
        }

        private static void WriteBigEndian(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)(value >> 24);
            buffer[offset + 1] = (byte)(value >> 16);
            buffer[offset + 2] = (byte)(value >> 8);
            buffer[offset + 3] = (byte)value;
        }

        private static uint[] BuildCrcTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                }
                table[n] = c;
            }
            return table;
        }
    }
}
