using System;
using System.IO;
using System.IO.Compression;
using System.Reflection;
using System.Text;

namespace Defacer.Engine.Bids
{
    /// <summary>
    /// Finds out what is on disk behind an image path without reading voxel data: whether it is a symbolic link
    /// (and to where), whether the content is present, a git-annex pointer, empty, or only a NIfTI header.
    /// At most the first 544 (uncompressed) bytes are read.
    /// </summary>
    public static class BidsFileProbe
    {
        // Same limit as Safety.PathSafety, so the listing and the writers agree on what a pointer file is.
        private const int PointerMaxBytes = 1024;
        private static readonly byte[] s_annexPointer = Encoding.ASCII.GetBytes("/annex/objects/");

        /// <summary>True when <paramref name="info"/> is a symbolic link (or another reparse point).</summary>
        public static bool IsLink(FileSystemInfo info) => (info.Attributes & FileAttributes.ReparsePoint) != 0;

        /// <summary>
        /// The target of link <paramref name="info"/> as stored (often relative), or null when it is not a link or the
        /// target cannot be read (.NET Framework has no readlink: links are then still known by their ReparsePoint attribute).
        /// </summary>
        public static string? LinkTarget(FileSystemInfo info)
        {
            if (!IsLink(info)) return null;
            try
            {
                return Safety.PathSafety.ReadLinkTarget(info.FullName);
            }
            catch (Exception ex) when (ex is TargetInvocationException || ex is IOException || ex is UnauthorizedAccessException)
            {
                return null;
            }
        }

        /// <summary>True when a link target points into a git-annex object store (<c>.git/annex/objects/</c>).</summary>
        public static bool IsAnnexTarget(string? target)
            => target != null && target.Replace('\\', '/').IndexOf("annex/objects/", StringComparison.Ordinal) >= 0;

        /// <summary>Classifies the file at <paramref name="path"/>.</summary>
        public static BidsContentState Classify(string path) => Classify(new FileInfo(path), out _);

        /// <summary>
        /// Classifies <paramref name="file"/>; <paramref name="error"/> receives the reason when the state is
        /// <see cref="BidsContentState.Unreadable"/> or <see cref="BidsContentState.NotNifti"/>.
        /// </summary>
        public static BidsContentState Classify(FileInfo file, out string? error)
        {
            error = null;
            var isLink = IsLink(file);
            var header = new byte[544];
            int read;
            long length, available;
            var gzip = false;
            try
            {
                // Opening follows the link: a dangling link fails here with FileNotFound.
                using (var fs = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1))
                {
                    length = fs.Length;
                    read = ReadUpTo(fs, header, header.Length);
                    available = length;
                    if (length >= 18 && read >= 2 && header[0] == 0x1f && header[1] == 0x8b)
                    {
                        // The gzip ISIZE trailer cannot be trusted (multi-member streams from bgzip/pigz hold only the
                        // last member's size), so only a stream that ends inside the first header bytes is judged by size.
                        gzip = true;
                        fs.Seek(0, SeekOrigin.Begin);
                        using (var gz = new GZipStream(fs, CompressionMode.Decompress, leaveOpen: true))
                        {
                            read = ReadUpTo(gz, header, header.Length);
                        }
                        available = read < header.Length ? read : long.MaxValue;
                    }
                }
            }
            catch (Exception ex) when (isLink && (ex is FileNotFoundException || ex is DirectoryNotFoundException))
            {
                return BidsContentState.DanglingSymlink;
            }
            catch (InvalidDataException ex)
            {
                error = "broken gzip stream: " + ex.Message;
                return BidsContentState.NotNifti;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                error = ex.Message;
                return BidsContentState.Unreadable;
            }

            if (length == 0) return BidsContentState.Empty;
            if (!gzip && length <= PointerMaxBytes && StartsWith(header, read, s_annexPointer)) return BidsContentState.AnnexPointer;
            return ClassifyHeader(header, read, available, out error);
        }

        // Compares the declared voxel data with the bytes available (for .nii.gz: known only when the stream is short).
        private static BidsContentState ClassifyHeader(byte[] h, int n, long available, out string? error)
        {
            error = null;
            if (n < 348)
            {
                error = $"only {n} bytes, shorter than a NIfTI header";
                return BidsContentState.NotNifti;
            }
            int sizeofHdr = ReadInt32(h, 0, false);
            bool swap;   // true: big-endian file
            if (sizeofHdr == 348 || sizeofHdr == 540) swap = false;
            else
            {
                sizeofHdr = ReadInt32(h, 0, true);
                if (sizeofHdr != 348 && sizeofHdr != 540)
                {
                    error = "sizeof_hdr is neither 348 (NIfTI-1) nor 540 (NIfTI-2)";
                    return BidsContentState.NotNifti;
                }
                swap = true;
            }
            double voxels = 1;
            long voxOffset;
            int bitpix;
            if (sizeofHdr == 348)
            {
                var ndim = ReadInt16(h, 40, swap);
                if (ndim < 1 || ndim > 7)
                {
                    error = $"dim[0] = {ndim} is outside 1..7";
                    return BidsContentState.NotNifti;
                }
                for (var d = 1; d <= ndim; d++) voxels *= Math.Max(1, (int)ReadInt16(h, 40 + 2 * d, swap));
                bitpix = ReadInt16(h, 72, swap);
                voxOffset = (long)ReadSingle(h, 108, swap);
            }
            else
            {
                if (n < 540)
                {
                    error = $"only {n} bytes, shorter than a NIfTI-2 header";
                    return BidsContentState.NotNifti;
                }
                var ndim = ReadInt64(h, 16, swap);
                if (ndim < 1 || ndim > 7)
                {
                    error = $"dim[0] = {ndim} is outside 1..7";
                    return BidsContentState.NotNifti;
                }
                for (var d = 1; d <= ndim; d++) voxels *= Math.Max(1L, ReadInt64(h, 16 + 8 * d, swap));
                bitpix = ReadInt16(h, 14, swap);
                voxOffset = ReadInt64(h, 168, swap);
            }
            var declared = voxOffset + voxels * bitpix / 8.0;
            return available < declared ? BidsContentState.HeaderOnly : BidsContentState.Present;
        }

        private static int ReadUpTo(Stream s, byte[] buffer, int count)
        {
            var total = 0;
            while (total < count)
            {
                var n = s.Read(buffer, total, count - total);
                if (n <= 0) break;
                total += n;
            }
            return total;
        }

        private static bool StartsWith(byte[] data, int length, byte[] prefix)
        {
            if (length < prefix.Length) return false;
            for (var i = 0; i < prefix.Length; i++)
            {
                if (data[i] != prefix[i]) return false;
            }
            return true;
        }

        private static short ReadInt16(byte[] b, int o, bool swap)
            => swap ? (short)((b[o] << 8) | b[o + 1]) : (short)(b[o] | (b[o + 1] << 8));

        private static int ReadInt32(byte[] b, int o, bool swap)
            => swap ? (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]
                    : b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24);

        private static long ReadInt64(byte[] b, int o, bool swap)
        {
            long hi = (uint)ReadInt32(b, swap ? o : o + 4, swap);
            long lo = (uint)ReadInt32(b, swap ? o + 4 : o, swap);
            return (hi << 32) | lo;
        }

        private static float ReadSingle(byte[] b, int o, bool swap)
        {
            var bits = ReadInt32(b, o, swap);
            return BitConverter.ToSingle(BitConverter.GetBytes(bits), 0);
        }
    }
}
