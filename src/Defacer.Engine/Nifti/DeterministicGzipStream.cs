using System;
using System.IO;
using System.IO.Compression;

namespace Defacer.Engine.Nifti
{
    /// <summary>
    /// A write-only gzip stream whose bytes depend only on the content and level: the 10-byte header is written here
    /// with MTIME 0, no file name and no comment (GZipStream's header depends on the platform's zlib), then raw deflate,
    /// then CRC-32 and ISIZE. Identical images therefore give identical .nii.gz files.
    /// </summary>
    internal sealed class DeterministicGzipStream : Stream
    {
        private readonly Stream _inner;
        private readonly bool _leaveOpen;
        private DeflateStream? _deflate;
        private uint _crc;
        private long _length;

        public DeterministicGzipStream(Stream inner, CompressionLevel level, bool leaveOpen)
        {
            _inner = inner;
            _leaveOpen = leaveOpen;
            // ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL OS=255 (unknown). XFL 4 = fastest, 2 = best, as gzip/Python write it.
            byte xfl = level == CompressionLevel.Fastest ? (byte)4 : level == CompressionLevel.Optimal ? (byte)0 : (byte)0;
            inner.Write(new byte[] { 0x1F, 0x8B, 8, 0, 0, 0, 0, 0, xfl, 255 }, 0, 10);
            _deflate = new DeflateStream(inner, level, leaveOpen: true);
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (_deflate == null)
            {
                throw new ObjectDisposedException(nameof(DeterministicGzipStream));
            }
            _crc = Crc32.Append(_crc, buffer, offset, count);
            _length += count;
            _deflate.Write(buffer, offset, count);
        }

        public override void Flush() => _deflate?.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && _deflate != null)
            {
                _deflate.Dispose();
                _deflate = null;
                var trailer = new byte[8];
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(0), _crc);
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(4), unchecked((uint)_length));
                _inner.Write(trailer, 0, 8);
                _inner.Flush();
                if (!_leaveOpen)
                {
                    _inner.Dispose();
                }
            }
            base.Dispose(disposing);
        }
    }
}
