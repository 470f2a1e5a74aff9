using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Defacer.Engine.Rendering;
using Xunit;

namespace Defacer.Engine.Tests.Rendering
{
    public class PngEncoderTests
    {
        private static byte[] Pattern(int w, int h, int channels, int seed)
        {
            var rnd = new Random(seed);
            var p = new byte[w * h * channels];
            for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            for (int c = 0; c < channels; c++)
            {
                // Gradients (exercise Sub/Up/Paeth) plus a noisy band (exercises None).
                p[(y * w + x) * channels + c] = (byte)(y > h / 2 ? rnd.Next(256) : (x * 3 + y * 5 + c * 70));
            }
            return p;
        }

        [Theory]
        [InlineData(PngColorType.Gray, 1)]
        [InlineData(PngColorType.Rgb, 3)]
        [InlineData(PngColorType.Rgba, 4)]
        public void Encode_RoundTripsThroughAStrictDecoder(PngColorType type, int channels)
        {
            var pixels = Pattern(37, 23, channels, 7);
            var png = PngEncoder.Encode(37, 23, pixels, type);
            var decoded = PngTestDecoder.Decode(png);
            Assert.Equal((37, 23, channels), (decoded.Width, decoded.Height, decoded.Channels));
            Assert.Equal(pixels, decoded.Pixels);
        }

        [Fact]
        public void Encode_IsDeterministic()
        {
            var pixels = Pattern(64, 48, 3, 1);
            Assert.Equal(PngEncoder.Encode(64, 48, pixels, PngColorType.Rgb), PngEncoder.Encode(64, 48, pixels, PngColorType.Rgb));
        }

        [Fact]
        public void Encode_WrongBufferLength_Throws()
        {
            var ex = Assert.Throws<ArgumentException>(() => PngEncoder.Encode(4, 4, new byte[47], PngColorType.Rgb));
            Assert.Contains("48", ex.Message);
        }

        [Fact]
        public void Checksums_MatchKnownValues()
        {
            var abc = System.Text.Encoding.ASCII.GetBytes("123456789");
            Assert.Equal(0xCBF43926u, PngEncoder.Crc32(abc, 0, abc.Length));
            Assert.Equal(0x091E01DEu, PngEncoder.Adler32(abc, 0, abc.Length));
        }

        [Fact]
        public void Encode_IsReadByPythonZlib()
        {
            // An independent implementation (CPython's zlib and binascii.crc32) must accept the file.
            var pixels = Pattern(50, 30, 3, 3);
            var dir = TestData.NewTempDir("png");
            var path = Path.Combine(dir, "p.png");
            new RgbImage(50, 30, pixels).Save(path);
            const string script = @"
import sys, struct, zlib, binascii
d = open(sys.argv[1], 'rb').read()
assert d[:8] == b'\x89PNG\r\n\x1a\n'
pos, idat = 8, b''
while True:
    n, = struct.unpack('>I', d[pos:pos+4]); t = d[pos+4:pos+8]; body = d[pos+8:pos+8+n]
    crc, = struct.unpack('>I', d[pos+8+n:pos+12+n])
    assert binascii.crc32(t + body) & 0xffffffff == crc, t
    if t == b'IHDR': w, h = struct.unpack('>II', body[:8])
    if t == b'IDAT': idat += body
    pos += 12 + n
    if t == b'IEND': break
raw = zlib.decompress(idat)
print(w, h, len(raw))
";
            var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
            psi.ArgumentList.Add("-");
            psi.ArgumentList.Add(path);
            using var p = Process.Start(psi)!;
            p.StandardInput.Write(script);
            p.StandardInput.Close();
            string stdout = p.StandardOutput.ReadToEnd(), stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, stderr);
            Assert.Equal($"50 30 {30 * (50 * 3 + 1)}", stdout.Trim());
        }

        [Fact]
        public void Downscale_AveragesAreasAndKeepsTheAspect()
        {
            var im = new RgbImage(40, 20);
            for (int y = 0; y < 20; y++)
            for (int x = 0; x < 40; x++)
            {
                // Alternate black and white columns: a 2x reduction must give uniform mid-gray.
                byte v = (byte)(x % 2 == 0 ? 0 : 200);
                im.Set(x, y, v, v, v);
            }
            var small = im.Downscale(20);
            Assert.Equal((20, 10), (small.Width, small.Height));
            Assert.All(Enumerable.Range(0, small.Rgb.Length), i => Assert.Equal(100, small.Rgb[i]));
            Assert.Same(im, im.Downscale(64));
        }

        [Fact]
        public void Save_ReplacesAtomicallyAndLeavesNoTempFile()
        {
            var dir = TestData.NewTempDir("png");
            var path = Path.Combine(dir, "img.png");
            var a = new RgbImage(4, 4);
            a.Save(path);
            var b = new RgbImage(4, 4);
            b.Fill(255, 0, 0);
            b.Save(path);
            Assert.Single(Directory.GetFiles(dir));
            Assert.Equal(b.ToPng(), File.ReadAllBytes(path));
        }
    }
}
