using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;

namespace Defacer.Engine.Nifti
{
    /// <summary>
    /// The stream a NIfTI file is decoded from, with what the reader needs to police it: a bound on how many bytes it can
    /// hold (before allocating) and, for gzip, the decoded bytes so the final member's trailer can be checked.
    /// </summary>
    /// <remarks>
    /// .NET's GZipStream verifies each member's CRC when it reaches it, but a stream cut short simply ends: it does not
    /// say that the last member never finished. So after decoding, the last 8 bytes of the compressed file must be a
    /// trailer matching the output: ISIZE = length of the last member's output (and, for several members, CRC-32 of
    /// those last ISIZE bytes). For a truncated file those bytes are deflate data and match with probability 2^-32.
    /// </remarks>
    internal sealed class ReadSource
    {
        private readonly Stream? _compressed;
        private readonly long _compressedEnd;
        private readonly List<byte[]>? _parts;

        public ReadSource(Stream stream, string path, long? bound, Stream? compressed = null)
        {
            Stream = stream;
            Path = path;
            Bound = bound;
            if (compressed != null && compressed.CanSeek)
            {
                _compressed = compressed;
                _compressedEnd = compressed.Length;
                _parts = new List<byte[]>();
            }
        }

        /// <summary>The (decompressed) stream positioned where the reader is.</summary>
        public Stream Stream { get; }

        /// <summary>The file name used in errors.</summary>
        public string Path { get; }

        /// <summary>The most bytes the stream can yield, or null when unknown.</summary>
        public long? Bound { get; }

        /// <summary>True when decoding a gzip stream whose trailer can be checked.</summary>
        public bool IsCheckedGzip => _parts != null;

        /// <summary>Records bytes consumed from the stream, in order (only kept for gzip).</summary>
        public void Record(byte[] bytes, int length)
        {
            if (_parts == null || length == 0)
            {
                return;
            }
            if (length == bytes.Length)
            {
                _parts.Add(bytes);
            }
            else
            {
                var copy = new byte[length];
                Array.Copy(bytes, copy, length);
                _parts.Add(copy);
            }
        }

        /// <summary>Throws TruncatedGzip when the compressed file does not end with a trailer matching the decoded output.</summary>
        public void ThrowIfGzipTruncated()
        {
            if (_parts == null || _compressed == null)
            {
                return;
            }
            if (_compressedEnd < 18)
            {
                throw Truncated("it is shorter than the smallest gzip member (18 bytes)");
            }
            var trailer = new byte[8];
            _compressed.Seek(_compressedEnd - 8, SeekOrigin.Begin);
            if (NiftiStreams.ReadFully(_compressed, trailer, 0, 8) < 8)
            {
                throw Truncated("its end cannot be read");
            }
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
            uint isize = BinaryPrimitives.ReadUInt32LittleEndian(trailer.AsSpan(4));
            long total = 0;
            foreach (var p in _parts)
            {
                total += p.Length;
            }
            // Usual case, one member: the trailer's length matches. zlib has verified its CRC on the way, and a cut file
            // ends in deflate data whose last 4 bytes equal the length with probability 2^-32, so no CRC pass is needed.
            if (isize == unchecked((uint)total))
            {
                return;
            }
            // Several concatenated members: the last one's trailer covers a suffix of the output.
            uint? crcAll = null;
            if (isize < total)
            {
                uint c = CrcOfSuffix(isize, total);
                if (isize == total)
                {
                    crcAll = c;
                }
                if (c == crc)
                {
                    return;
                }
            }
            // A single member followed by trailing garbage (gzip ignores it, and so does GZipStream): its trailer sits
            // somewhere before the end. Look for the exact 8 bytes it must be.
            var expected = new byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(expected, crcAll ?? CrcOfSuffix(total, total));
            BinaryPrimitives.WriteUInt32LittleEndian(expected.AsSpan(4), unchecked((uint)total));
            if (!ContainsBackwards(expected))
            {
                throw Truncated("its last member has no valid end (length/CRC trailer)");
            }
        }

        private uint CrcOfSuffix(long length, long total)
        {
            long skip = total - length;
            uint c = 0;
            foreach (var p in _parts!)
            {
                if (skip >= p.Length)
                {
                    skip -= p.Length;
                    continue;
                }
                c = Crc32.Append(c, p, (int)skip, p.Length - (int)skip);
                skip = 0;
            }
            return c;
        }

        private bool ContainsBackwards(byte[] pattern)
        {
            const int chunk = 1 << 20;
            var buf = new byte[chunk + pattern.Length];
            long end = _compressedEnd;
            while (end > 0)
            {
                long start = Math.Max(0, end - chunk);
                int len = (int)(Math.Min(end + pattern.Length, _compressedEnd) - start);
                _compressed!.Seek(start, SeekOrigin.Begin);
                int got = NiftiStreams.ReadFully(_compressed, buf, 0, len);
                if (buf.AsSpan(0, got).IndexOf(pattern) >= 0)
                {
                    return true;
                }
                end = start;
            }
            return false;
        }

        private NiftiException Truncated(string why) =>
            new NiftiException(Path, NiftiErrorKind.TruncatedGzip, $"the gzip stream is truncated: {why}; the file was probably cut short in a download or copy.");
    }
}
