using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;

namespace Defacer.Engine.Nifti
{
    /// <summary>
    /// Reads NIfTI-1 and NIfTI-2 images: <c>.nii</c>, <c>.nii.gz</c> (single or multi-member gzip) and <c>.hdr</c>/<c>.img</c>
    /// pairs (optionally gzipped), either byte order. Every failure is a <see cref="NiftiException"/> naming the file and
    /// the problem; sizes are checked against the file before anything large is allocated.
    /// </summary>
    public static class NiftiReader
    {
        /// <summary>Deflate cannot expand data by more than about 1032:1; used to reject impossible sizes before allocating.</summary>
        private const long MaxDeflateRatio = 1032;

        /// <summary>Arrays larger than this cannot exist in .NET (Array.MaxLength for bytes).</summary>
        private const long MaxArrayBytes = 0x7FFFFFC7;

        /// <summary>Reads an image (header, extensions and voxel bytes) from a file.</summary>
        /// <exception cref="NiftiException">The file is missing, not NIfTI, or broken.</exception>
        public static NiftiImage Read(string path)
        {
            if (path == null)
            {
                throw new ArgumentNullException(nameof(path));
            }
            var (headerPath, imagePath) = PairPaths(path);
            if (imagePath == null)
            {
                long length = NiftiFileCheck.CheckReadable(path);
                return WithFile(path, length, src => ReadSingle(src, headerOnly: false, isPairHeader: false));
            }
            long hdrLength = NiftiFileCheck.CheckReadable(headerPath);
            var meta = WithFile(headerPath, hdrLength, src => ReadSingle(src, headerOnly: true, isPairHeader: true));
            long imgLength = NiftiFileCheck.CheckReadable(imagePath);
            var data = WithFile(imagePath, imgLength, src => ReadData(src, meta.Header, (long)meta.Header.VoxOffset, alreadyRead: 0));
            meta.RawData = data;
            meta.SourcePath = path;
            return meta;
        }

        /// <summary>Reads only the header of a file (header-only files and huge images are fine).</summary>
        public static NiftiHeader ReadHeader(string path) => ReadHeader(path, out _);

        /// <summary>Reads the header and the extensions of a file, without its voxel data.</summary>
        public static NiftiHeader ReadHeader(string path, out IList<NiftiExtension> extensions)
        {
            if (path == null)
            {
                throw new ArgumentNullException(nameof(path));
            }
            var (headerPath, imagePath) = PairPaths(path);
            long length = NiftiFileCheck.CheckReadable(headerPath);
            var image = WithFile(headerPath, length, src => ReadSingle(src, headerOnly: true, isPairHeader: imagePath != null));
            extensions = image.Extensions;
            return image.Header;
        }

        /// <summary>
        /// Reads a single-file image (.nii content) from a stream. <paramref name="gzip"/> says whether the stream is
        /// gzip-compressed; a seekable stream is sniffed instead (a .nii.gz that is not compressed, or the reverse, is
        /// common in real datasets and harmless). <paramref name="nameForErrors"/> is used in exception messages.
        /// </summary>
        public static NiftiImage Read(Stream s, string nameForErrors, bool gzip)
        {
            if (s == null)
            {
                throw new ArgumentNullException(nameof(s));
            }
            if (s.CanSeek)
            {
                gzip = NiftiStreams.StartsWithGzipMagic(s);
            }
            long? bound = s.CanSeek ? s.Length - s.Position : (long?)null;
            if (gzip && bound.HasValue)
            {
                bound = bound.Value * MaxDeflateRatio + 65536;
            }
            try
            {
                if (gzip)
                {
                    using var gz = new GZipStream(s, CompressionMode.Decompress, leaveOpen: true);
                    return ReadSingle(new ReadSource(gz, nameForErrors, bound, s), headerOnly: false, isPairHeader: false);
                }
                return ReadSingle(new ReadSource(s, nameForErrors, bound), headerOnly: false, isPairHeader: false);
            }
            catch (Exception ex) when (IsStreamFailure(ex))
            {
                throw Translate(ex, nameForErrors, gzip);
            }
        }

        /// <summary>True when the path names a .hdr/.img pair member (optionally .gz).</summary>
        public static bool IsPairPath(string path) => PairPaths(path).imagePath != null;

        /// <summary>For a .hdr/.img path the two file names; for anything else (path, null).</summary>
        internal static (string headerPath, string? imagePath) PairPaths(string path)
        {
            string gz = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path.Substring(path.Length - 3) : string.Empty;
            string stem = path.Substring(0, path.Length - gz.Length);
            if (stem.EndsWith(".hdr", StringComparison.OrdinalIgnoreCase) || stem.EndsWith(".img", StringComparison.OrdinalIgnoreCase))
            {
                string ext = stem.Substring(stem.Length - 4);
                bool upper = char.IsUpper(ext[1]);
                string baseName = stem.Substring(0, stem.Length - 4);
                return (baseName + (upper ? ".HDR" : ".hdr") + gz, baseName + (upper ? ".IMG" : ".img") + gz);
            }
            return (path, null);
        }

        // Opens the file, sniffs gzip by content (not by name), and turns stream failures into NiftiExceptions.
        private static T WithFile<T>(string path, long length, Func<ReadSource, T> body)
        {
            bool gzip = false;
            try
            {
                using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 65536, FileOptions.SequentialScan);
                gzip = NiftiStreams.StartsWithGzipMagic(fs);
                if (!gzip)
                {
                    return body(new ReadSource(fs, path, length));
                }
                using var gz = new GZipStream(fs, CompressionMode.Decompress, leaveOpen: true);
                return body(new ReadSource(gz, path, length * MaxDeflateRatio + 65536, fs));
            }
            catch (Exception ex) when (IsStreamFailure(ex))
            {
                throw Translate(ex, path, gzip);
            }
        }

        private static bool IsStreamFailure(Exception ex) => ex is IOException || ex is InvalidDataException || ex is UnauthorizedAccessException;

        private static NiftiException Translate(Exception ex, string path, bool gzip)
        {
            if (ex is InvalidDataException)
            {
                return new NiftiException(path, NiftiErrorKind.TruncatedGzip, $"the gzip stream is corrupt or truncated ({ex.Message})", ex);
            }
            if (ex is EndOfStreamException && gzip)
            {
                return new NiftiException(path, NiftiErrorKind.TruncatedGzip, "the gzip stream ends before its end marker (truncated download or copy?).", ex);
            }
            return new NiftiException(path, NiftiErrorKind.Io, $"read failed: {ex.Message}", ex);
        }

        /// <summary>
        /// Parses header, extender and extensions from the start of the source; then, unless
        /// <paramref name="headerOnly"/>, the voxel data of a single file. <paramref name="isPairHeader"/> says the
        /// source is the .hdr of a pair, whose extensions run to its end.
        /// </summary>
        private static NiftiImage ReadSingle(ReadSource src, bool headerOnly, bool isPairHeader)
        {
            var s = src.Stream;
            var path = src.Path;
            var bound = src.Bound;
            var header = ParseHeader(s, path);
            src.Record(header.GetRawBytes(), header.SizeOfHeader);
            int hdrSize = header.SizeOfHeader;
            long consumed = hdrSize;
            double voxOffsetValue = header.VoxOffset;
            if (double.IsNaN(voxOffsetValue) || voxOffsetValue < 0 || voxOffsetValue != Math.Floor(voxOffsetValue) || voxOffsetValue > long.MaxValue / 2)
            {
                throw new NiftiException(path, NiftiErrorKind.BadVoxOffset, $"vox_offset {voxOffsetValue} is not a valid byte offset.");
            }
            long voxOffset = (long)voxOffsetValue;
            bool pairHeader = isPairHeader;
            if (!isPairHeader && !header.IsSingleFile)
            {
                throw new NiftiException(path, NiftiErrorKind.BadMagic, $"magic '{header.Magic}' marks a .hdr/.img pair header, but this is a single file; rename it to .hdr with its .img beside it.");
            }

            // Bytes between header and data: extender + extensions (+ any gap). In a pair header: everything after the header.
            byte[] preData;
            if (!pairHeader)
            {
                if (voxOffset < hdrSize + 4)
                {
                    if (headerOnly && voxOffset == 0)
                    {
                        voxOffset = hdrSize + 4;
                    }
                    else
                    {
                        throw new NiftiException(path, NiftiErrorKind.BadVoxOffset,
                            $"vox_offset {voxOffset} lies inside the {hdrSize}-byte header; a single-file NIfTI-{header.Version} needs at least {hdrSize + 4}.");
                    }
                }
                if (!headerOnly && bound.HasValue && voxOffset > bound.Value)
                {
                    throw bound.Value <= hdrSize + 4
                        ? HeaderOnly(path, header)
                        : new NiftiException(path, NiftiErrorKind.VoxOffsetPastEnd, $"vox_offset {voxOffset} points past the end of the file ({bound.Value} bytes).");
                }
                long wanted = voxOffset - hdrSize;
                if (headerOnly && bound.HasValue)
                {
                    wanted = Math.Min(wanted, Math.Max(4, bound.Value - hdrSize));
                }
                int preLength = checked((int)Math.Min(wanted, 64L * 1024 * 1024));
                if (wanted > preLength)
                {
                    throw new NiftiException(path, NiftiErrorKind.Unsupported, $"vox_offset {voxOffset} leaves more than 64 MiB of extensions.");
                }
                preData = new byte[preLength];
                int got = NiftiStreams.ReadFully(s, preData, 0, preLength);
                src.Record(preData, got);
                if (got < preLength && !headerOnly)
                {
                    src.ThrowIfGzipTruncated();
                }
                if (got < preLength)
                {
                    if (headerOnly)
                    {
                        // Header-only reads (e.g. Get-NiftiHeader on a placeholder) show what is there.
                        Array.Resize(ref preData, got);
                    }
                    else if (got <= 4)
                    {
                        throw HeaderOnly(path, header);
                    }
                    else
                    {
                        throw new NiftiException(path, NiftiErrorKind.VoxOffsetPastEnd, $"vox_offset {voxOffset} points past the end of the file ({hdrSize + got} bytes).");
                    }
                }
                consumed += got;
            }
            else
            {
                preData = ReadRest(s, path, 64 * 1024 * 1024);
                src.Record(preData, preData.Length);
                consumed += preData.Length;
            }

            var extender = new byte[4];
            Array.Copy(preData, extender, Math.Min(4, preData.Length));
            var extensions = ParseExtensions(preData, header.IsBigEndian, path, out int extensionsEnd);
            var image = new NiftiImage(header, Array.Empty<byte>(), extensions, extender, path)
            {
                OriginalPreDataBytes = preData,
                OriginalExtensionsLength = extensionsEnd,
            };
            if (!headerOnly)
            {
                image.RawData = ReadData(src, header, voxOffset, consumed);
            }
            return image;
        }

        private static byte[] ReadRest(Stream s, string path, int cap)
        {
            var ms = new MemoryStream();
            var buf = new byte[8192];
            int n;
            while ((n = s.Read(buf, 0, buf.Length)) > 0)
            {
                ms.Write(buf, 0, n);
                if (ms.Length > cap)
                {
                    throw new NiftiException(path, NiftiErrorKind.Unsupported, $"the header file holds more than {cap} bytes of extensions.");
                }
            }
            return ms.ToArray();
        }

        /// <summary>Reads the 348 or 540 header bytes, detects version and byte order, and validates magic, dims and datatype.</summary>
        internal static NiftiHeader ParseHeader(Stream s, string path)
        {
            var first = new byte[4];
            int got = NiftiStreams.ReadFully(s, first, 0, 4);
            if (got == 0)
            {
                throw new NiftiException(path, NiftiErrorKind.EmptyFile, "is empty.");
            }
            if (got < 4)
            {
                throw new NiftiException(path, NiftiErrorKind.BadHeaderSize, $"holds only {got} bytes, too short for a NIfTI header.");
            }
            int le = BinaryPrimitives.ReadInt32LittleEndian(first);
            int be = BinaryPrimitives.ReadInt32BigEndian(first);
            int size = le == NiftiHeader.Nifti1Size || be == NiftiHeader.Nifti1Size ? NiftiHeader.Nifti1Size
                : le == NiftiHeader.Nifti2Size || be == NiftiHeader.Nifti2Size ? NiftiHeader.Nifti2Size : 0;
            if (size == 0)
            {
                throw new NiftiException(path, NiftiErrorKind.BadHeaderSize,
                    $"sizeof_hdr is {le} (byte-swapped {be}), not 348 (NIfTI-1) or 540 (NIfTI-2): not a NIfTI file.");
            }
            var raw = new byte[size];
            Array.Copy(first, raw, 4);
            got = NiftiStreams.ReadFully(s, raw, 4, size - 4);
            if (got < size - 4)
            {
                throw new NiftiException(path, NiftiErrorKind.BadHeaderSize, $"ends after {got + 4} bytes, inside the {size}-byte NIfTI-{(size == 348 ? 1 : 2)} header.");
            }
            bool bigEndian = GuessBigEndian(raw, size);
            var header = new NiftiHeader(raw, bigEndian);
            if (!header.HasValidMagic)
            {
                throw new NiftiException(path, NiftiErrorKind.BadMagic,
                    $"magic '{Printable(header.Magic)}' is not a NIfTI-{header.Version} magic ({(header.Version == 1 ? "n+1 or ni1" : "n+2 or ni2")}); Analyze 7.5 files are not supported.");
            }
            ValidateDimensions(header, path);
            var type = header.DataType;
            int bytesPerVoxel = NiftiDataTypes.BytesPerVoxel(type);
            if (bytesPerVoxel == 0)
            {
                if (type == NiftiDataType.Binary)
                {
                    throw new NiftiException(path, NiftiErrorKind.Unsupported, "datatype 1 (1-bit binary) is not supported.");
                }
                throw new NiftiException(path, NiftiErrorKind.BadDataType, $"datatype code {(short)type} is not a NIfTI datatype.");
            }
            return header;
        }

        // nibabel's guessed_endian: dim[0] in 1..7 read little-endian means little-endian; dim[0] == 0 falls back to
        // sizeof_hdr; anything else means the other byte order.
        private static bool GuessBigEndian(byte[] raw, int size)
        {
            long dim0 = size == NiftiHeader.Nifti1Size ? BinaryPrimitives.ReadInt16LittleEndian(raw.AsSpan(40)) : BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(16));
            if (dim0 == 0)
            {
                return BinaryPrimitives.ReadInt32LittleEndian(raw) != size;
            }
            return !(dim0 >= 1 && dim0 <= 7);
        }

        private static void ValidateDimensions(NiftiHeader header, string path)
        {
            var dim = header.Dim;
            if (dim[0] < 1 || dim[0] > 7)
            {
                throw new NiftiException(path, NiftiErrorKind.BadDimensions, $"dim[0] = {dim[0]}; the number of dimensions must be 1 to 7.");
            }
            long product = 1;
            for (int i = 1; i <= dim[0]; i++)
            {
                if (dim[i] < 1)
                {
                    throw new NiftiException(path, NiftiErrorKind.BadDimensions, $"dim[{i}] = {dim[i]}; every dimension must be at least 1.");
                }
                if (product > long.MaxValue / 64 / dim[i])
                {
                    throw new NiftiException(path, NiftiErrorKind.BadDimensions, $"the dimensions {string.Join("x", header.Shape)} overflow a voxel count.");
                }
                product *= dim[i];
            }
        }

        private static List<NiftiExtension> ParseExtensions(byte[] preData, bool bigEndian, string path, out int end)
        {
            var list = new List<NiftiExtension>();
            end = Math.Min(4, preData.Length);
            if (preData.Length < 4 || preData[0] == 0)
            {
                return list;
            }
            int pos = 4;
            // As nibabel: keep reading while a full 16-byte minimum extension could still fit; the rest is padding.
            while (preData.Length - pos >= 16)
            {
                int esize = bigEndian ? BinaryPrimitives.ReadInt32BigEndian(preData.AsSpan(pos)) : BinaryPrimitives.ReadInt32LittleEndian(preData.AsSpan(pos));
                int ecode = bigEndian ? BinaryPrimitives.ReadInt32BigEndian(preData.AsSpan(pos + 4)) : BinaryPrimitives.ReadInt32LittleEndian(preData.AsSpan(pos + 4));
                if (esize < 8 || esize > preData.Length - pos)
                {
                    throw new NiftiException(path, NiftiErrorKind.BadExtension,
                        $"extension {list.Count + 1} at byte {pos} after the header declares esize {esize}, which does not fit the {preData.Length - pos} bytes left before the data.");
                }
                var content = new byte[esize - 8];
                Array.Copy(preData, pos + 8, content, 0, content.Length);
                list.Add(new NiftiExtension(ecode, content));
                pos += esize;
            }
            end = pos;
            return list;
        }

        /// <summary>
        /// Reads DataByteCount bytes of voxel data starting at <paramref name="dataOffset"/>, having already consumed
        /// <paramref name="alreadyRead"/> bytes, straight into the final array; then requires the stream to end.
        /// </summary>
        private static byte[] ReadData(ReadSource src, NiftiHeader header, long dataOffset, long alreadyRead)
        {
            var s = src.Stream;
            var path = src.Path;
            var bound = src.Bound;
            long needed = header.DataByteCount;
            if (dataOffset > alreadyRead)
            {
                long gap = dataOffset - alreadyRead;
                if (bound.HasValue && dataOffset > bound.Value)
                {
                    throw new NiftiException(path, NiftiErrorKind.VoxOffsetPastEnd, $"vox_offset {dataOffset} points past the end of the file.");
                }
                if (gap > 64L * 1024 * 1024)
                {
                    throw new NiftiException(path, NiftiErrorKind.Unsupported, $"vox_offset {dataOffset} leaves more than 64 MiB before the data.");
                }
                var gapBytes = new byte[gap];
                int skipped = NiftiStreams.ReadFully(s, gapBytes, 0, gapBytes.Length);
                src.Record(gapBytes, skipped);
                if (skipped < gap)
                {
                    src.ThrowIfGzipTruncated();
                    throw alreadyRead + skipped <= header.SizeOfHeader + 4
                        ? HeaderOnly(path, header)
                        : new NiftiException(path, NiftiErrorKind.VoxOffsetPastEnd, $"vox_offset {dataOffset} points past the end of the file ({alreadyRead + skipped} bytes).");
                }
            }
            if (bound.HasValue && needed > bound.Value - dataOffset)
            {
                // The file cannot possibly hold the data: say whether any data is there, without allocating for it.
                var probe = new byte[1];
                bool anyData = NiftiStreams.ReadFully(s, probe, 0, 1) > 0;
                throw anyData
                    ? new NiftiException(path, NiftiErrorKind.TruncatedData, $"the header declares {needed} bytes of voxel data ({Describe(header)}) but the file is too small to hold them.")
                    : HeaderOnly(path, header);
            }
            if (needed > MaxArrayBytes)
            {
                throw new NiftiException(path, NiftiErrorKind.Unsupported, $"the voxel data is {needed} bytes ({Describe(header)}), more than one array can hold (2 GiB).");
            }
            byte[] data = bound.HasValue || needed <= 64L * 1024 * 1024 ? ReadExact(s, (int)needed) : ReadChunked(s, (int)needed);
            src.Record(data, data.Length);
            if (data.LongLength < needed)
            {
                src.ThrowIfGzipTruncated();
                if (data.Length == 0)
                {
                    throw HeaderOnly(path, header);
                }
                throw new NiftiException(path, NiftiErrorKind.TruncatedData, $"holds {data.Length} of the {needed} bytes of voxel data the header declares ({Describe(header)}).");
            }
            // Reading one byte more both detects surplus data (e.g. a gzip bomb behind a small header) and makes the
            // gzip decoder reach and verify the member trailer (CRC-32 and length).
            var extra = new byte[1];
            if (NiftiStreams.ReadFully(s, extra, 0, 1) > 0)
            {
                throw new NiftiException(path, NiftiErrorKind.DataTooLong, $"holds more data than the {needed} bytes the header declares ({Describe(header)}).");
            }
            src.ThrowIfGzipTruncated();
            return data;
        }

        private static string Describe(NiftiHeader header) => $"{string.Join("x", header.Shape)} {NiftiDataTypes.Name(header.DataType)}";

        private static NiftiException HeaderOnly(string path, NiftiHeader header) =>
            new NiftiException(path, NiftiErrorKind.HeaderOnly,
                $"holds only the {header.SizeOfHeader}-byte header; the {header.DataByteCount} bytes of voxel data it declares ({Describe(header)}) are missing.");

        private static byte[] ReadExact(Stream s, int needed)
        {
            var data = new byte[needed];
            int got = NiftiStreams.ReadFully(s, data, 0, needed);
            if (got < needed)
            {
                var shorter = new byte[got];
                Array.Copy(data, shorter, got);
                return shorter;
            }
            return data;
        }

        // Without a size bound (a non-seekable stream) memory grows only as data actually arrives.
        private static byte[] ReadChunked(Stream s, int needed)
        {
            var chunks = new List<byte[]>();
            long total = 0;
            const int chunkSize = 16 * 1024 * 1024;
            while (total < needed)
            {
                var chunk = new byte[(int)Math.Min(chunkSize, needed - total)];
                int got = NiftiStreams.ReadFully(s, chunk, 0, chunk.Length);
                if (got < chunk.Length)
                {
                    Array.Resize(ref chunk, got);
                }
                chunks.Add(chunk);
                total += got;
                if (got == 0)
                {
                    break;
                }
            }
            var data = new byte[total];
            long pos = 0;
            foreach (var c in chunks)
            {
                Array.Copy(c, 0, data, pos, c.Length);
                pos += c.Length;
            }
            return data;
        }

        private static string Printable(string s)
        {
            var chars = s.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] < 0x20 || chars[i] > 0x7E)
                {
                    chars[i] = '?';
                }
            }
            return new string(chars);
        }
    }
}
