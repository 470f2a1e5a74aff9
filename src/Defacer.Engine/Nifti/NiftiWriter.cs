using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace Defacer.Engine.Nifti
{
    /// <summary>
    /// Writes NIfTI images. The header bytes are written exactly as held by <see cref="NiftiImage.Header"/>; the bytes
    /// between header and data are reused as read when the extensions are unchanged, so an unchanged image writes back
    /// byte-identical (.nii) or with identical content and deterministic gzip bytes (.nii.gz).
    /// </summary>
    public static class NiftiWriter
    {
        /// <summary>gzip level used by <see cref="Write(NiftiImage, string)"/>: Fastest, like nibabel's default compresslevel 1.</summary>
        public const CompressionLevel DefaultCompression = CompressionLevel.Fastest;

        /// <summary>
        /// Writes to <paramref name="path"/>: gzip when it ends in .gz, a .hdr/.img pair when it ends in .hdr or .img.
        /// Each file is written to a temporary file in the same folder and then renamed into place, so a failure never
        /// leaves a half-written image and a symbolic link at the path is replaced rather than written through.
        /// </summary>
        public static void Write(NiftiImage image, string path) => Write(image, path, DefaultCompression);

        /// <summary>As <see cref="Write(NiftiImage, string)"/>, with an explicit gzip level.</summary>
        public static void Write(NiftiImage image, string path, CompressionLevel level)
        {
            if (image == null)
            {
                throw new ArgumentNullException(nameof(image));
            }
            if (path == null)
            {
                throw new ArgumentNullException(nameof(path));
            }
            CheckData(image);
            bool gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
            var (headerPath, imagePath) = NiftiReader.PairPaths(path);
            if (imagePath == null)
            {
                AtomicWrite(path, s => WriteSingle(image, s, gzip, level));
                return;
            }
            var (header, preData) = PairHeader(image);
            AtomicWrite(imagePath, s => WriteWrapped(s, gzip, level, z =>
            {
                long offset = (long)header.VoxOffset;
                if (offset > 0)
                {
                    z.Write(new byte[offset], 0, (int)offset);
                }
                WriteData(z, image.RawData);
            }));
            AtomicWrite(headerPath, s => WriteWrapped(s, gzip, level, z =>
            {
                var raw = header.GetRawBytes();
                z.Write(raw, 0, raw.Length);
                z.Write(preData, 0, preData.Length);
            }));
        }

        /// <summary>Writes a single-file image (.nii content) to a stream, gzip-compressed (deterministically) when asked.</summary>
        public static void Write(NiftiImage image, Stream s, bool gzip)
        {
            if (image == null)
            {
                throw new ArgumentNullException(nameof(image));
            }
            if (s == null)
            {
                throw new ArgumentNullException(nameof(s));
            }
            CheckData(image);
            WriteSingle(image, s, gzip, DefaultCompression);
        }

        private static void CheckData(NiftiImage image)
        {
            long needed = image.Header.DataByteCount;
            if (image.RawData == null || image.RawData.LongLength != needed)
            {
                throw new ArgumentException($"RawData holds {image.RawData?.LongLength ?? 0} bytes but the header declares {needed} ({string.Join("x", image.Header.Shape)} {NiftiDataTypes.Name(image.Header.DataType)}).", nameof(image));
            }
        }

        private static void WriteSingle(NiftiImage image, Stream s, bool gzip, CompressionLevel level)
        {
            var (header, preData) = SingleHeader(image);
            WriteWrapped(s, gzip, level, z =>
            {
                var raw = header.GetRawBytes();
                z.Write(raw, 0, raw.Length);
                z.Write(preData, 0, preData.Length);
                WriteData(z, image.RawData);
            });
        }

        private static void WriteWrapped(Stream s, bool gzip, CompressionLevel level, Action<Stream> body)
        {
            if (!gzip)
            {
                body(s);
                s.Flush();
                return;
            }
            using var z = new DeterministicGzipStream(s, level, leaveOpen: true);
            body(z);
        }

        // Chunks keep the CRC and deflate calls cache-friendly and the working set flat.
        private static void WriteData(Stream s, byte[] data)
        {
            const int chunk = 1 << 20;
            for (int pos = 0; pos < data.Length; pos += chunk)
            {
                s.Write(data, pos, Math.Min(chunk, data.Length - pos));
            }
        }

        /// <summary>
        /// The extender + extensions as they would be serialised now. Each extension is padded with zeros to a multiple
        /// of 16 bytes, as the standard requires (contents read from a file already include their padding, so they do
        /// not change). With <paramref name="normalizeExtender"/>, extender byte 0 is made to agree with the list.
        /// </summary>
        internal static byte[] SerializeExtensions(NiftiImage image, bool normalizeExtender)
        {
            bool big = image.Header.IsBigEndian;
            int length = 4;
            foreach (var e in image.Extensions)
            {
                length = checked(length + PaddedSize(e));
            }
            var block = new byte[length];
            var extender = image.ExtenderBytes != null && image.ExtenderBytes.Length == 4 ? image.ExtenderBytes : new byte[4];
            Array.Copy(extender, block, 4);
            if (normalizeExtender)
            {
                // Byte 0 of the extender is what tells readers extensions follow.
                block[0] = image.Extensions.Count > 0 ? (extender[0] != 0 ? extender[0] : (byte)1) : (byte)0;
            }
            int pos = 4;
            foreach (var e in image.Extensions)
            {
                int esize = PaddedSize(e);
                if (big)
                {
                    BinaryPrimitives.WriteInt32BigEndian(block.AsSpan(pos), esize);
                    BinaryPrimitives.WriteInt32BigEndian(block.AsSpan(pos + 4), e.Code);
                }
                else
                {
                    BinaryPrimitives.WriteInt32LittleEndian(block.AsSpan(pos), esize);
                    BinaryPrimitives.WriteInt32LittleEndian(block.AsSpan(pos + 4), e.Code);
                }
                Array.Copy(e.Content, 0, block, pos + 8, e.Content.Length);
                pos += esize;
            }
            return block;
        }

        private static int PaddedSize(NiftiExtension e) => checked((e.ESize + 15) / 16 * 16);

        /// <summary>Header and pre-data bytes for a single file: as read when unchanged, else re-laid out with vox_offset updated.</summary>
        private static (NiftiHeader header, byte[] preData) SingleHeader(NiftiImage image)
        {
            var header = image.Header;
            int hdrSize = header.SizeOfHeader;
            var original = image.OriginalPreDataBytes;
            if (header.IsSingleFile && original != null && header.VoxOffset == hdrSize + original.Length && IsOriginal(image))
            {
                return (header, original);
            }
            var block = SerializeExtensions(image, true);
            // Changed extensions, a pair header or a new image: pad to a multiple of 16 (SPM memory-maps from there).
            int total = hdrSize + block.Length;
            int padded = (total + 15) / 16 * 16;
            var pre = new byte[padded - hdrSize];
            Array.Copy(block, pre, block.Length);
            var h = header.Clone();
            h.SetMagic(singleFile: true);
            h.VoxOffset = padded;
            return (h, pre);
        }

        /// <summary>Header and .hdr tail for a pair: extender + extensions, data at vox_offset in the .img (0 unless a pair said otherwise).</summary>
        private static (NiftiHeader header, byte[] preData) PairHeader(NiftiImage image)
        {
            var header = image.Header;
            var original = image.OriginalPreDataBytes;
            if (!header.IsSingleFile && original != null && IsOriginal(image))
            {
                return (header, original);
            }
            var block = SerializeExtensions(image, true);
            var h = header.Clone();
            h.SetMagic(singleFile: false);
            if (header.IsSingleFile)
            {
                h.VoxOffset = 0;
            }
            return (h, block);
        }

        // True when the extender and extensions are still those read from the file, so its bytes can be reused.
        private static bool IsOriginal(NiftiImage image)
        {
            var original = image.OriginalPreDataBytes;
            if (original == null)
            {
                return false;
            }
            var block = SerializeExtensions(image, normalizeExtender: false);
            return block.Length == Math.Max(4, image.OriginalExtensionsLength) && IsPrefix(block, original);
        }

        private static bool IsPrefix(byte[] prefix, byte[] whole)
        {
            if (prefix.Length > whole.Length)
            {
                return false;
            }
            for (int i = 0; i < prefix.Length; i++)
            {
                if (prefix[i] != whole[i])
                {
                    return false;
                }
            }
            return true;
        }

        private static void AtomicWrite(string path, Action<Stream> body)
        {
            var full = Path.GetFullPath(path);
            var dir = Path.GetDirectoryName(full) ?? ".";
            var temp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            try
            {
                using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    body(fs);
                }
                if (File.Exists(full) || IsLink(full))
                {
                    File.Replace(temp, full, null);
                }
                else
                {
                    File.Move(temp, full);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                TryDelete(temp);
                throw new NiftiException(path, NiftiErrorKind.Io, $"could not be written: {ex.Message}", ex);
            }
            catch
            {
                TryDelete(temp);
                throw;
            }
        }

        private static bool IsLink(string path)
        {
            try
            {
                return (File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0;
            }
            catch (Exception)
            {
                return false;
            }
        }

        private static void TryDelete(string path)
        {
            try
            {
                if (File.Exists(path))
                {
                    File.Delete(path);
                }
            }
            catch (Exception)
            {
                // Best effort: the original error matters more than a leftover temp file.
            }
        }
    }
}
