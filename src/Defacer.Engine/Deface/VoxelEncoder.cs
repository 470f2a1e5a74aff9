using System;
using System.Buffers.Binary;

namespace Defacer.Engine.Deface
{
    /// <summary>
    /// Writes one voxel's value straight into a NIfTI data buffer, in the file's datatype and byte order, applying the
    /// inverse of scl_slope/scl_inter. The pipeline uses it only for removed voxels, so every kept voxel keeps its
    /// original bytes: no value is ever converted to float and back, which would not be exact for int32, int64 and
    /// float64 data or for scaled integers.
    /// </summary>
    public sealed class VoxelEncoder
    {
        private readonly bool _bigEndian;
        private readonly bool _hasScaling;
        private readonly double _slope;
        private readonly double _inter;

        /// <summary>Creates an encoder for one image's storage.</summary>
        /// <param name="dataTypeCode">NIfTI datatype code (2 uint8, 4 int16, 8 int32, 16 float32, 64 float64, 256 int8,
        /// 512 uint16, 768 uint32, 1024 int64, 1280 uint64).</param>
        /// <param name="bigEndian">Byte order of the buffer.</param>
        /// <param name="hasScaling">Whether scl_slope/scl_inter apply.</param>
        /// <param name="slope">scl_slope (ignored without scaling).</param>
        /// <param name="inter">scl_inter (ignored without scaling).</param>
        /// <exception cref="NotSupportedException">The datatype is not a scalar type (RGB, complex, float128, binary).</exception>
        public VoxelEncoder(int dataTypeCode, bool bigEndian, bool hasScaling, double slope, double inter)
        {
            DataTypeCode = dataTypeCode;
            BytesPerVoxel = SizeOf(dataTypeCode);
            if (BytesPerVoxel == 0)
            {
                throw new NotSupportedException($"NIfTI datatype {dataTypeCode} is not a scalar type; its voxels cannot be filled.");
            }
            _bigEndian = bigEndian;
            _hasScaling = hasScaling && slope != 0 && !double.IsNaN(slope) && !double.IsInfinity(slope);
            _slope = _hasScaling ? slope : 1;
            _inter = _hasScaling && !double.IsNaN(inter) && !double.IsInfinity(inter) ? inter : 0;
        }

        /// <summary>The NIfTI datatype code.</summary>
        public int DataTypeCode { get; }

        /// <summary>Bytes per voxel.</summary>
        public int BytesPerVoxel { get; }

        /// <summary>True for the scalar datatypes this encoder can write.</summary>
        public static bool Supports(int dataTypeCode) => SizeOf(dataTypeCode) != 0;

        /// <summary>
        /// The stored value that represents <paramref name="physical"/> (after inverse scaling, rounding half away from
        /// zero and clamping to the type's range for integer types). Exposed so that fills can be tested.
        /// </summary>
        public double ToStored(double physical)
        {
            double v = _hasScaling ? (physical - _inter) / _slope : physical;
            if (double.IsNaN(v))
            {
                v = 0;
            }
            switch (DataTypeCode)
            {
                case 2: return Clamp(Math.Round(v, MidpointRounding.AwayFromZero), byte.MinValue, byte.MaxValue);
                case 256: return Clamp(Math.Round(v, MidpointRounding.AwayFromZero), sbyte.MinValue, sbyte.MaxValue);
                case 4: return Clamp(Math.Round(v, MidpointRounding.AwayFromZero), short.MinValue, short.MaxValue);
                case 512: return Clamp(Math.Round(v, MidpointRounding.AwayFromZero), ushort.MinValue, ushort.MaxValue);
                case 8: return Clamp(Math.Round(v, MidpointRounding.AwayFromZero), int.MinValue, int.MaxValue);
                case 768: return Clamp(Math.Round(v, MidpointRounding.AwayFromZero), uint.MinValue, uint.MaxValue);
                case 1024: return Clamp(Math.Round(v, MidpointRounding.AwayFromZero), long.MinValue, long.MaxValue);
                case 1280: return Clamp(Math.Round(v, MidpointRounding.AwayFromZero), 0, ulong.MaxValue);
                case 16: return Clamp(v, float.MinValue, float.MaxValue);
                default: return v;
            }
        }

        /// <summary>Writes <paramref name="physical"/> into voxel <paramref name="voxelIndex"/> of <paramref name="data"/>.</summary>
        public void Write(byte[] data, long voxelIndex, double physical)
        {
            double s = ToStored(physical);
            var span = new Span<byte>(data, checked((int)(voxelIndex * BytesPerVoxel)), BytesPerVoxel);
            switch (DataTypeCode)
            {
                case 2: span[0] = (byte)s; break;
                case 256: span[0] = unchecked((byte)(sbyte)s); break;
                case 4: if (_bigEndian) BinaryPrimitives.WriteInt16BigEndian(span, (short)s); else BinaryPrimitives.WriteInt16LittleEndian(span, (short)s); break;
                case 512: if (_bigEndian) BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)s); else BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)s); break;
                case 8: if (_bigEndian) BinaryPrimitives.WriteInt32BigEndian(span, (int)s); else BinaryPrimitives.WriteInt32LittleEndian(span, (int)s); break;
                case 768: if (_bigEndian) BinaryPrimitives.WriteUInt32BigEndian(span, (uint)s); else BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)s); break;
                case 1024: WriteInt64(span, s >= 9.2233720368547758E+18 ? long.MaxValue : (long)s); break;
                case 1280: WriteUInt64(span, s >= 1.8446744073709552E+19 ? ulong.MaxValue : (ulong)s); break;
                case 16: WriteInt32Bits(span, SingleToInt32Bits((float)s)); break;
                case 64: WriteInt64(span, BitConverter.DoubleToInt64Bits(s)); break;
            }
        }

        /// <summary>Bytes per voxel of a scalar datatype code, or 0 when the type cannot be encoded.</summary>
        internal static int SizeOf(int dataTypeCode)
        {
            switch (dataTypeCode)
            {
                case 2:
                case 256: return 1;
                case 4:
                case 512: return 2;
                case 8:
                case 768:
                case 16: return 4;
                case 1024:
                case 1280:
                case 64: return 8;
                default: return 0;
            }
        }

        private static double Clamp(double v, double lo, double hi) => v < lo ? lo : v > hi ? hi : v;

        private static unsafe int SingleToInt32Bits(float f) => *(int*)&f;

        private void WriteInt32Bits(Span<byte> span, int bits)
        {
            if (_bigEndian) BinaryPrimitives.WriteInt32BigEndian(span, bits); else BinaryPrimitives.WriteInt32LittleEndian(span, bits);
        }

        private void WriteInt64(Span<byte> span, long v)
        {
            if (_bigEndian) BinaryPrimitives.WriteInt64BigEndian(span, v); else BinaryPrimitives.WriteInt64LittleEndian(span, v);
        }

        private void WriteUInt64(Span<byte> span, ulong v)
        {
            if (_bigEndian) BinaryPrimitives.WriteUInt64BigEndian(span, v); else BinaryPrimitives.WriteUInt64LittleEndian(span, v);
        }
    }
}
