using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Defacer.Engine.Nifti;

namespace Defacer.Engine.Metadata
{
    /// <summary>
    /// Cleans NIfTI headers (bids-deid.md 2.7 list C): zero-fills descrip, aux_file, db_name and data_type (NIfTI-1),
    /// unused_str (NIfTI-2) and intent_name when intent_code is 0, zero-fills every extension (extender byte 0 set to 0),
    /// and rewrites gzipped files (recognised by content, whatever the name) with a gzip header that has no name, comment
    /// or time. The file is streamed: header replaced,
    /// the bytes up to vox_offset zeroed, everything from vox_offset on copied unchanged. So voxel data stay bit-identical
    /// at the same offset, header-only files (dcm2niix times in descrip) are cleaned too, and images larger than an array
    /// are no problem. The header is parsed and edited with the foundation's <see cref="NiftiReader"/> and
    /// <see cref="NiftiHeader"/>; gzip goes through its deterministic writer.
    /// </summary>
    public static class NiftiHeaderCleaner
    {
        private const int BufferSize = 1 << 20;

        // ANALYZE leftovers in NIfTI-1 and the spare string of NIfTI-2 (offsets verified with nibabel, bids-deid.md 2.6).
        private static readonly (string Name, int Offset, int Length)[] s_nifti1Unused = { ("data_type", 4, 10), ("db_name", 14, 18) };
        private static readonly (string Name, int Offset, int Length)[] s_nifti2Unused = { ("unused_str", 525, 15) };

        /// <summary>
        /// The findings for one header: each non-empty text field, each extension, intent_name (cleared only when
        /// intent_code is 0, else reported). The returned header is the cleaned copy (null when nothing needs clearing).
        /// </summary>
        public static IReadOnlyList<MetadataFinding> Inspect(DatasetFile file, NiftiHeader header, IList<NiftiExtension> extensions, out NiftiHeader? cleaned)
        {
            var findings = new List<MetadataFinding>();
            var copy = header.Clone();
            bool change = false;

            void Field(string name, string value, MetadataAction action, string reason)
            {
                findings.Add(new MetadataFinding(file.FullPath, file.RelativePath, FindingKind.NiftiHeader, name, Preview.Of(value), action, reason));
                change |= action == MetadataAction.Clear;
            }

            if (header.Descrip.Length > 0)
            {
                Field("descrip", header.Descrip, MetadataAction.Clear, "free text: converters write acquisition times and dates here");
                copy.Descrip = "";
            }
            if (header.AuxFile.Length > 0)
            {
                Field("aux_file", header.AuxFile, MetadataAction.Clear, "dcm2niix copies DICOM ImageComments here");
                copy.AuxFile = "";
            }
            if (header.IntentName.Length > 0)
            {
                if (header.IntentCode == 0)
                {
                    Field("intent_name", header.IntentName, MetadataAction.Clear, "free text without a declared intent");
                    copy.IntentName = "";
                }
                else
                {
                    Field("intent_name", header.IntentName, MetadataAction.Report, $"names the data's intent (code {header.IntentCode}); kept");
                }
            }
            var raw = copy.GetRawBytes();
            foreach (var (name, offset, length) in header.Version == 1 ? s_nifti1Unused : s_nifti2Unused)
            {
                if (HasNonZero(raw, offset, length))
                {
                    Field(name, Latin1(raw, offset, length), MetadataAction.Clear, "unused field that can carry text");
                    Array.Clear(raw, offset, length);
                }
            }
            foreach (var extension in extensions)
            {
                findings.Add(new MetadataFinding(file.FullPath, file.RelativePath, FindingKind.NiftiExtension, $"extension {extension.Code}",
                    Preview.Of(Latin1(extension.Content, 0, extension.Content.Length)), MetadataAction.Remove,
                    "extensions can hold whole DICOM headers, AFNI histories (user, host, date) or comments"));
                change = true;
            }
            cleaned = change ? new NiftiHeader(raw, header.IsBigEndian) : null;
            return findings;
        }

        /// <summary>
        /// Writes the cleaned file to <paramref name="output"/>: the cleaned header, zeros from the end of the header up to
        /// vox_offset (extender and extensions), then the rest of <paramref name="sourcePath"/> unchanged. Returns the
        /// SHA-256 of the copied bytes after vox_offset (the voxel data), for <see cref="DataHash"/> to compare.
        /// </summary>
        public static string Rewrite(string sourcePath, NiftiHeader cleaned, Stream output)
        {
            bool gzip = IsGzip(sourcePath);
            using (var file = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan))
            using (var input = gzip ? (Stream)new GZipStream(file, CompressionMode.Decompress) : file)
            using (var target = gzip ? (Stream)new DeterministicGzipStream(output, NiftiWriter.DefaultCompression, leaveOpen: true) : new NonClosingStream(output))
            using (var sha = SHA256.Create())
            {
                var header = cleaned.GetRawBytes();
                Skip(input, header.Length, sourcePath);
                target.Write(header, 0, header.Length);
                long gap = Math.Max(0, (long)cleaned.VoxOffset - header.Length);
                var buffer = new byte[BufferSize];
                // Extender and extensions: replaced by zeros of the same length, so vox_offset and the data stay put.
                long zeroed = 0;
                while (zeroed < gap)
                {
                    int n = input.Read(buffer, 0, (int)Math.Min(buffer.Length, gap - zeroed));
                    if (n <= 0)
                    {
                        break;   // header-only file: nothing after the header
                    }
                    Array.Clear(buffer, 0, n);
                    target.Write(buffer, 0, n);
                    zeroed += n;
                }
                int read;
                while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
                {
                    sha.TransformBlock(buffer, 0, read, null, 0);
                    target.Write(buffer, 0, read);
                }
                sha.TransformFinalBlock(buffer, 0, 0);
                return Safety.FileHashing.ToHex(sha.Hash!);
            }
        }

        /// <summary>SHA-256 of the bytes of a (possibly gzipped) NIfTI file from <paramref name="voxOffset"/> to the end.</summary>
        public static string DataHash(string path, long voxOffset)
        {
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan))
            using (var input = IsGzip(path) ? (Stream)new GZipStream(file, CompressionMode.Decompress) : file)
            using (var sha = SHA256.Create())
            {
                var buffer = new byte[BufferSize];
                long skipped = 0;
                while (skipped < voxOffset)
                {
                    int n = input.Read(buffer, 0, (int)Math.Min(buffer.Length, voxOffset - skipped));
                    if (n <= 0) break;
                    skipped += n;
                }
                int read;
                while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
                {
                    sha.TransformBlock(buffer, 0, read, null, 0);
                }
                sha.TransformFinalBlock(buffer, 0, 0);
                return Safety.FileHashing.ToHex(sha.Hash!);
            }
        }

        /// <summary>
        /// True when the file's content starts with the gzip magic bytes 1F 8B. The content decides, not the name: a .nii
        /// that is really gzipped, or a backup whose name lost the .gz, is still read and rewritten as gzip (and a .nii.gz
        /// that is not gzipped as plain NIfTI), the same way the NIfTI reader decides. A symlink is followed.
        /// </summary>
        public static bool IsGzip(string path) => NiftiStreams.IsGzipFile(path);

        private static void Skip(Stream input, int count, string path)
        {
            var buffer = new byte[count];
            int total = 0, n;
            while (total < count && (n = input.Read(buffer, total, count - total)) > 0)
            {
                total += n;
            }
            if (total < count)
            {
                throw new NiftiException(path, NiftiErrorKind.TruncatedData, "ends inside the header.");
            }
        }

        private static bool HasNonZero(byte[] bytes, int offset, int length)
        {
            for (int i = offset; i < offset + length; i++)
            {
                if (bytes[i] != 0) return true;
            }
            return false;
        }

        private static string Latin1(byte[] bytes, int offset, int length)
        {
            var sb = new StringBuilder(length);
            for (int i = offset; i < offset + length; i++)
            {
                var b = bytes[i];
                if (b == 0) continue;
                sb.Append(b >= 0x20 && b < 0x7F ? (char)b : '.');
            }
            return sb.ToString();
        }

        /// <summary>Keeps the caller's stream open when the plain (.nii) path disposes its writer.</summary>
        private sealed class NonClosingStream : Stream
        {
            private readonly Stream _inner;

            public NonClosingStream(Stream inner) => _inner = inner;

            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() => _inner.Flush();
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
        }
    }
}
