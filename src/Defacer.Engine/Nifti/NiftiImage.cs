using System;
using System.Collections.Generic;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Nifti
{
    /// <summary>
    /// A NIfTI image as stored: header, extensions and the voxel bytes exactly as on disk (file byte order).
    /// Voxels are converted to float only on request (<see cref="GetVolumeAsFloat"/>), so reading and writing an
    /// image back unchanged never touches its values.
    /// </summary>
    public sealed class NiftiImage
    {
        private static readonly byte[] s_noExtender = new byte[4];

        /// <summary>Creates an image from its parts (nothing copied).</summary>
        public NiftiImage(NiftiHeader header, byte[] rawData, IList<NiftiExtension>? extensions = null, byte[]? extenderBytes = null, string? sourcePath = null)
        {
            Header = header ?? throw new ArgumentNullException(nameof(header));
            RawData = rawData ?? throw new ArgumentNullException(nameof(rawData));
            Extensions = extensions ?? new List<NiftiExtension>();
            ExtenderBytes = extenderBytes ?? (byte[])s_noExtender.Clone();
            SourcePath = sourcePath;
        }

        /// <summary>
        /// A new zero-filled single-file image (little-endian, NIfTI-1) of the given shape and datatype, with the
        /// affine written as the sform (sform_code 2, "aligned"; qform_code 0). Meant for tests and derived images.
        /// </summary>
        public static NiftiImage Create(NiftiDataType dataType, Affine affine, params long[] shape)
        {
            var h = NiftiHeader.Create(1, dataType, shape);
            h.SformCode = 2;
            h.SRowX = new[] { affine[0, 0], affine[0, 1], affine[0, 2], affine[0, 3] };
            h.SRowY = new[] { affine[1, 0], affine[1, 1], affine[1, 2], affine[1, 3] };
            h.SRowZ = new[] { affine[2, 0], affine[2, 1], affine[2, 2], affine[2, 3] };
            var p = h.PixDim;
            p[1] = affine.ColumnNorm(0);
            p[2] = affine.ColumnNorm(1);
            p[3] = affine.ColumnNorm(2);
            h.PixDim = p;
            long bytes = h.DataByteCount;
            if (bytes > int.MaxValue)
            {
                throw new ArgumentException($"An image of {bytes} bytes does not fit one array.", nameof(shape));
            }
            return new NiftiImage(h, new byte[bytes]);
        }

        /// <summary>The header (its raw bytes are what gets written).</summary>
        public NiftiHeader Header { get; set; }

        /// <summary>Header extensions in file order; each keeps its content byte-exact.</summary>
        public IList<NiftiExtension> Extensions { get; set; }

        /// <summary>The 4 bytes after the header; byte 0 non-zero means extensions follow.</summary>
        public byte[] ExtenderBytes { get; set; }

        /// <summary>Voxel bytes exactly as on disk (file byte order); length = Header.DataByteCount.</summary>
        public byte[] RawData { get; set; }

        /// <summary>The file this image was read from, if any.</summary>
        public string? SourcePath { get; set; }

        /// <summary>
        /// The bytes between the header and vox_offset exactly as read (extender, extensions and any gap), or null for an
        /// image not read from a file. The writer reuses them when the extensions are unchanged, so the file writes back
        /// byte-identical even with odd padding.
        /// </summary>
        internal byte[]? OriginalPreDataBytes { get; set; }

        /// <summary>
        /// Where extension parsing stopped inside <see cref="OriginalPreDataBytes"/> (4 when there were none): the
        /// original bytes are reused only when today's extensions serialise to exactly that prefix.
        /// </summary>
        internal int OriginalExtensionsLength { get; set; }

        /// <summary>Number of 3D volumes (dims above 3 flattened).</summary>
        public long VolumeCount => Header.VolumeCount;

        /// <summary>
        /// Volume <paramref name="t"/> as floats in NIfTI order (x fastest), with scl_slope/scl_inter applied by nibabel's
        /// rules. RGB24 gives the mean of the three channels.
        /// </summary>
        public float[] GetVolumeAsFloat(int t = 0)
        {
            var (first, count) = VolumeRange(t);
            var type = Header.DataType;
            if (!NiftiDataTypes.IsScalar(type) && type != NiftiDataType.Rgb24)
            {
                throw new NiftiException(SourcePath ?? "(image)", NiftiErrorKind.Unsupported, $"datatype {NiftiDataTypes.Name(type)} has no scalar value per voxel.");
            }
            var dest = new float[count];
            var (hasScaling, slope, inter) = Header.Scaling;
            VoxelCodec.Decode(RawData, first, dest, type, Header.IsBigEndian, hasScaling, slope, inter);
            return dest;
        }

        /// <summary>
        /// Replaces volume <paramref name="t"/> with <paramref name="values"/>: inverse scaling, then for integer
        /// types round half to even and clamp to the type's range; bytes are written in the file's byte order.
        /// </summary>
        public void SetVolumeFromFloat(int t, float[] values)
        {
            if (values == null)
            {
                throw new ArgumentNullException(nameof(values));
            }
            var (first, count) = VolumeRange(t);
            if (values.Length != count)
            {
                throw new ArgumentException($"A volume has {count} voxels; got {values.Length} values.", nameof(values));
            }
            var type = Header.DataType;
            if (!NiftiDataTypes.IsScalar(type))
            {
                throw new NiftiException(SourcePath ?? "(image)", NiftiErrorKind.Unsupported, $"datatype {NiftiDataTypes.Name(type)} cannot be written from float values.");
            }
            var (hasScaling, slope, inter) = Header.Scaling;
            VoxelCodec.Encode(values, RawData, first, type, Header.IsBigEndian, hasScaling, slope, inter);
        }

        /// <summary>Volume <paramref name="t"/> with the header's affine (nibabel precedence).</summary>
        public Volume3D ToVolume(int t = 0)
        {
            return new Volume3D(checked((int)Header.Nx), checked((int)Header.Ny), checked((int)Header.Nz), GetVolumeAsFloat(t), Header.GetAffine());
        }

        private (long first, int count) VolumeRange(int t)
        {
            long perVolume = Header.VoxelCount;
            long volumes = Header.VolumeCount;
            if (t < 0 || t >= volumes)
            {
                throw new ArgumentOutOfRangeException(nameof(t), $"Volume index {t} is outside 0..{volumes - 1}.");
            }
            if (perVolume > int.MaxValue)
            {
                throw new NiftiException(SourcePath ?? "(image)", NiftiErrorKind.Unsupported, $"a volume of {perVolume} voxels does not fit one float array.");
            }
            long needed = Header.DataByteCount;
            if (RawData.LongLength != needed)
            {
                throw new InvalidOperationException($"RawData holds {RawData.LongLength} bytes but the header declares {needed}.");
            }
            return (t * perVolume, (int)perVolume);
        }
    }
}
