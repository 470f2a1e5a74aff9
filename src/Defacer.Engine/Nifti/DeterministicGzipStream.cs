using System;
using System.IO;
using System.IO.Compression;

namespace Defacer.Engine.Nifti
{
    /// <summary>
    /// A write-only gzip stream whose bytes depend only on the content and level. GZipStream (zlib) already writes
    /// MTIME 0, no file name and no comment, but its OS byte depends on the platform's zlib build; this stream checks
    /// the 10-byte header as it passes and sets OS to 255 ("unknown"), so identical images give identical .nii.gz files
    /// on every platform. zlib computes the CRC-32 with its vectorised code, which a managed CRC cannot match.
    /// </summary>
    internal sealed class DeterministicGzipStream : Stream
    {
        private readonly GZipStream _gzip;

        public DeterministicGzipStream(Stream inner, CompressionLevel level, bool leaveOpen)
        {
            _gzip = new GZipStream(new HeaderFixingStream(inner, leaveOpen), level, leaveOpen: false);
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => _gzip.Write(buffer, offset, count);

        public override void Flush() => _gzip.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _gzip.Dispose();
            }
            base.Dispose(disposing);
        }

        /// <summary>Passes bytes through, checking the gzip header (first 10 bytes) and setting its OS byte to 255.</summary>
        private sealed class HeaderFixingStream : Stream
        {
            private const int HeaderLength = 10;
            private readonly Stream _inner;
            private readonly bool _leaveOpen;
            private readonly byte[] _header = new byte[HeaderLength];
            private int _headerFill;

            public HeaderFixingStream(Stream inner, bool leaveOpen)
            {
                _inner = inner;
                _leaveOpen = leaveOpen;
            }

            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override void Write(byte[] buffer, int offset, int count)
            {
                if (_headerFill < HeaderLength)
                {
                    int n = Math.Min(count, HeaderLength - _headerFill);
                    Array.Copy(buffer, offset, _header, _headerFill, n);
                    _headerFill += n;
                    offset += n;
                    count -= n;
                    if (_headerFill < HeaderLength)
                    {
                        return;
                    }
                    FixHeader();
                    _inner.Write(_header, 0, HeaderLength);
                }
                if (count > 0)
                {
                    _inner.Write(buffer, offset, count);
                }
            }

            private void FixHeader()
            {
                // ID1 ID2 CM=8 FLG MTIME(4) XFL OS. Anything but FLG 0 would carry a name, comment or extra field.
                if (_header[0] != 0x1F || _header[1] != 0x8B || _header[2] != 8 || _header[3] != 0)
                {
                    throw new InvalidOperationException("The platform's GZipStream wrote an unexpected gzip header; deterministic output cannot be guaranteed.");
                }
                _header[4] = _header[5] = _header[6] = _header[7] = 0;
                _header[9] = 255;
            }

            public override void Flush() => _inner.Flush();

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    if (_headerFill > 0 && _headerFill < HeaderLength)
                    {
                        _inner.Write(_header, 0, _headerFill);
                    }
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
}
