using System;
using System.Buffers.Binary;

namespace Defacer.Engine.Nifti
{
    /// <summary>
    /// Converts voxel bytes in file byte order to scaled floats and back. One tight loop per datatype: this runs over
    /// tens of millions of voxels, so no per-voxel virtual calls or span slicing.
    /// </summary>
    internal static unsafe class VoxelCodec
    {
        /// <summary>
        /// Decodes dest.Length voxels starting at voxel <paramref name="firstVoxel"/> into <paramref name="dest"/>,
        /// applying value*slope+inter (in double, like nibabel's float64 scaling) when <paramref name="scale"/> is set.
        /// RGB24 decodes to the mean of the three channels.
        /// </summary>
        public static void Decode(byte[] raw, long firstVoxel, float[] dest, NiftiDataType type, bool bigEndian, bool scale, double slope, double inter)
        {
            int n = dest.Length;
            int size = NiftiDataTypes.BytesPerVoxel(type);
            long start = firstVoxel * size;
            if (start < 0 || start + (long)n * size > raw.LongLength)
            {
                throw new ArgumentOutOfRangeException(nameof(firstVoxel), "Voxel range lies outside the data.");
            }
            bool swap = bigEndian == BitConverter.IsLittleEndian;
            fixed (byte* b0 = raw)
            fixed (float* d = dest)
            {
                byte* b = b0 + start;
                switch (type)
                {
                    case NiftiDataType.Uint8:
                        for (int i = 0; i < n; i++) d[i] = b[i];
                        break;
                    case NiftiDataType.Int8:
                        for (int i = 0; i < n; i++) d[i] = (sbyte)b[i];
                        break;
                    case NiftiDataType.Int16:
                        {
                            var p = (short*)b;
                            if (swap) for (int i = 0; i < n; i++) d[i] = BinaryPrimitives.ReverseEndianness(p[i]);
                            else for (int i = 0; i < n; i++) d[i] = p[i];
                            break;
                        }
                    case NiftiDataType.Uint16:
                        {
                            var p = (ushort*)b;
                            if (swap) for (int i = 0; i < n; i++) d[i] = BinaryPrimitives.ReverseEndianness(p[i]);
                            else for (int i = 0; i < n; i++) d[i] = p[i];
                            break;
                        }
                    case NiftiDataType.Int32:
                        {
                            var p = (int*)b;
                            if (scale)
                            {
                                // Scale from the exact integer: a float intermediate would lose bits above 2^24.
                                for (int i = 0; i < n; i++) d[i] = (float)((swap ? BinaryPrimitives.ReverseEndianness(p[i]) : p[i]) * slope + inter);
                                return;
                            }
                            if (swap) for (int i = 0; i < n; i++) d[i] = BinaryPrimitives.ReverseEndianness(p[i]);
                            else for (int i = 0; i < n; i++) d[i] = p[i];
                            break;
                        }
                    case NiftiDataType.Uint32:
                        {
                            var p = (uint*)b;
                            if (scale)
                            {
                                for (int i = 0; i < n; i++) d[i] = (float)((swap ? BinaryPrimitives.ReverseEndianness(p[i]) : p[i]) * slope + inter);
                                return;
                            }
                            if (swap) for (int i = 0; i < n; i++) d[i] = BinaryPrimitives.ReverseEndianness(p[i]);
                            else for (int i = 0; i < n; i++) d[i] = p[i];
                            break;
                        }
                    case NiftiDataType.Int64:
                        {
                            var p = (long*)b;
                            if (scale)
                            {
                                for (int i = 0; i < n; i++) d[i] = (float)((swap ? BinaryPrimitives.ReverseEndianness(p[i]) : p[i]) * slope + inter);
                                return;
                            }
                            if (swap) for (int i = 0; i < n; i++) d[i] = BinaryPrimitives.ReverseEndianness(p[i]);
                            else for (int i = 0; i < n; i++) d[i] = p[i];
                            break;
                        }
                    case NiftiDataType.Uint64:
                        {
                            var p = (ulong*)b;
                            if (scale)
                            {
                                for (int i = 0; i < n; i++) d[i] = (float)((swap ? BinaryPrimitives.ReverseEndianness(p[i]) : p[i]) * slope + inter);
                                return;
                            }
                            if (swap) for (int i = 0; i < n; i++) d[i] = BinaryPrimitives.ReverseEndianness(p[i]);
                            else for (int i = 0; i < n; i++) d[i] = p[i];
                            break;
                        }
                    case NiftiDataType.Float32:
                        {
                            var p = (int*)b;
                            if (swap)
                            {
                                for (int i = 0; i < n; i++)
                                {
                                    int v = BinaryPrimitives.ReverseEndianness(p[i]);
                                    d[i] = *(float*)&v;
                                }
                            }
                            else
                            {
                                Buffer.MemoryCopy(b, d, (long)n * 4, (long)n * 4);
                            }
                            break;
                        }
                    case NiftiDataType.Float64:
                        {
                            var p = (long*)b;
                            if (scale)
                            {
                                for (int i = 0; i < n; i++)
                                {
                                    long v = swap ? BinaryPrimitives.ReverseEndianness(p[i]) : p[i];
                                    d[i] = (float)(*(double*)&v * slope + inter);
                                }
                                return;
                            }
                            for (int i = 0; i < n; i++)
                            {
                                long v = swap ? BinaryPrimitives.ReverseEndianness(p[i]) : p[i];
                                d[i] = (float)*(double*)&v;
                            }
                            break;
                        }
                    case NiftiDataType.Rgb24:
                        for (int i = 0; i < n; i++) d[i] = (b[3 * i] + b[3 * i + 1] + b[3 * i + 2]) / 3f;
                        break;
                    default:
                        throw new NotSupportedException($"Datatype {NiftiDataTypes.Name(type)} has no float conversion.");
                }
                if (scale)
                {
                    for (int i = 0; i < n; i++) d[i] = (float)(d[i] * slope + inter);
                }
            }
        }

        /// <summary>
        /// Encodes floats into voxel bytes in file byte order: (value - inter) / slope, then for integer types
        /// round half to even (numpy's rint) and clamp to the type's range, NaN becoming 0.
        /// </summary>
        public static void Encode(float[] src, byte[] raw, long firstVoxel, NiftiDataType type, bool bigEndian, bool scale, double slope, double inter)
        {
            int n = src.Length;
            int size = NiftiDataTypes.BytesPerVoxel(type);
            long start = firstVoxel * size;
            if (start < 0 || start + (long)n * size > raw.LongLength)
            {
                throw new ArgumentOutOfRangeException(nameof(firstVoxel), "Voxel range lies outside the data.");
            }
            bool swap = bigEndian == BitConverter.IsLittleEndian;
            fixed (byte* b0 = raw)
            fixed (float* s = src)
            {
                byte* b = b0 + start;
                switch (type)
                {
                    case NiftiDataType.Uint8:
                        for (int i = 0; i < n; i++) b[i] = (byte)ToInteger(s[i], scale, slope, inter, byte.MinValue, byte.MaxValue);
                        break;
                    case NiftiDataType.Int8:
                        for (int i = 0; i < n; i++) b[i] = (byte)(sbyte)ToInteger(s[i], scale, slope, inter, sbyte.MinValue, sbyte.MaxValue);
                        break;
                    case NiftiDataType.Int16:
                        {
                            var p = (short*)b;
                            for (int i = 0; i < n; i++)
                            {
                                short v = (short)ToInteger(s[i], scale, slope, inter, short.MinValue, short.MaxValue);
                                p[i] = swap ? BinaryPrimitives.ReverseEndianness(v) : v;
                            }
                            break;
                        }
                    case NiftiDataType.Uint16:
                        {
                            var p = (ushort*)b;
                            for (int i = 0; i < n; i++)
                            {
                                ushort v = (ushort)ToInteger(s[i], scale, slope, inter, ushort.MinValue, ushort.MaxValue);
                                p[i] = swap ? BinaryPrimitives.ReverseEndianness(v) : v;
                            }
                            break;
                        }
                    case NiftiDataType.Int32:
                        {
                            var p = (int*)b;
                            for (int i = 0; i < n; i++)
                            {
                                int v = (int)ToInteger(s[i], scale, slope, inter, int.MinValue, int.MaxValue);
                                p[i] = swap ? BinaryPrimitives.ReverseEndianness(v) : v;
                            }
                            break;
                        }
                    case NiftiDataType.Uint32:
                        {
                            var p = (uint*)b;
                            for (int i = 0; i < n; i++)
                            {
                                uint v = (uint)ToInteger(s[i], scale, slope, inter, uint.MinValue, uint.MaxValue);
                                p[i] = swap ? BinaryPrimitives.ReverseEndianness(v) : v;
                            }
                            break;
                        }
                    case NiftiDataType.Int64:
                        {
                            var p = (long*)b;
                            for (int i = 0; i < n; i++)
                            {
                                long v = (long)ToInteger(s[i], scale, slope, inter, -9.2233720368547758E+18, 9.2233720368547748E+18);
                                p[i] = swap ? BinaryPrimitives.ReverseEndianness(v) : v;
                            }
                            break;
                        }
                    case NiftiDataType.Uint64:
                        {
                            var p = (ulong*)b;
                            for (int i = 0; i < n; i++)
                            {
                                ulong v = (ulong)ToInteger(s[i], scale, slope, inter, 0, 1.8446744073709550E+19);
                                p[i] = swap ? BinaryPrimitives.ReverseEndianness(v) : v;
                            }
                            break;
                        }
                    case NiftiDataType.Float32:
                        {
                            var p = (int*)b;
                            for (int i = 0; i < n; i++)
                            {
                                float f = scale ? (float)((s[i] - inter) / slope) : s[i];
                                int v = *(int*)&f;
                                p[i] = swap ? BinaryPrimitives.ReverseEndianness(v) : v;
                            }
                            break;
                        }
                    case NiftiDataType.Float64:
                        {
                            var p = (long*)b;
                            for (int i = 0; i < n; i++)
                            {
                                double f = scale ? (s[i] - inter) / slope : s[i];
                                long v = *(long*)&f;
                                p[i] = swap ? BinaryPrimitives.ReverseEndianness(v) : v;
                            }
                            break;
                        }
                    default:
                        throw new NotSupportedException($"Datatype {NiftiDataTypes.Name(type)} cannot be written from float.");
                }
            }
        }

        private static double ToInteger(float value, bool scale, double slope, double inter, double min, double max)
        {
            double v = scale ? (value - inter) / slope : value;
            if (double.IsNaN(v))
            {
                return 0;
            }
            v = Math.Round(v, MidpointRounding.ToEven);
            return v < min ? min : v > max ? max : v;
        }
    }
}
