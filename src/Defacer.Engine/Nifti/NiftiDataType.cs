namespace Defacer.Engine.Nifti
{
    /// <summary>NIfTI datatype codes (the <c>datatype</c> header field), with the values of nifti1.h.</summary>
    public enum NiftiDataType : short
    {
        /// <summary>No datatype (invalid in a data file).</summary>
        None = 0,
        /// <summary>1-bit binary (not supported for voxel access).</summary>
        Binary = 1,
        /// <summary>Unsigned 8-bit integer.</summary>
        Uint8 = 2,
        /// <summary>Signed 16-bit integer.</summary>
        Int16 = 4,
        /// <summary>Signed 32-bit integer.</summary>
        Int32 = 8,
        /// <summary>32-bit IEEE float.</summary>
        Float32 = 16,
        /// <summary>Two float32 per voxel (raw bytes only).</summary>
        Complex64 = 32,
        /// <summary>64-bit IEEE float.</summary>
        Float64 = 64,
        /// <summary>Three uint8 per voxel, interleaved R,G,B.</summary>
        Rgb24 = 128,
        /// <summary>Signed 8-bit integer.</summary>
        Int8 = 256,
        /// <summary>Unsigned 16-bit integer.</summary>
        Uint16 = 512,
        /// <summary>Unsigned 32-bit integer.</summary>
        Uint32 = 768,
        /// <summary>Signed 64-bit integer.</summary>
        Int64 = 1024,
        /// <summary>Unsigned 64-bit integer.</summary>
        Uint64 = 1280,
        /// <summary>128-bit float (raw bytes only).</summary>
        Float128 = 1536,
        /// <summary>Two float64 per voxel (raw bytes only).</summary>
        Complex128 = 1792,
        /// <summary>Two float128 per voxel (raw bytes only).</summary>
        Complex256 = 2048,
        /// <summary>Four uint8 per voxel, interleaved R,G,B,A.</summary>
        Rgba32 = 2304,
    }

    /// <summary>Facts about <see cref="NiftiDataType"/> values.</summary>
    public static class NiftiDataTypes
    {
        /// <summary>Bytes per voxel of a datatype, or 0 when the datatype is unknown or not byte-sized (binary).</summary>
        public static int BytesPerVoxel(NiftiDataType type)
        {
            switch (type)
            {
                case NiftiDataType.Uint8:
                case NiftiDataType.Int8: return 1;
                case NiftiDataType.Int16:
                case NiftiDataType.Uint16: return 2;
                case NiftiDataType.Rgb24: return 3;
                case NiftiDataType.Int32:
                case NiftiDataType.Uint32:
                case NiftiDataType.Float32:
                case NiftiDataType.Rgba32: return 4;
                case NiftiDataType.Int64:
                case NiftiDataType.Uint64:
                case NiftiDataType.Float64:
                case NiftiDataType.Complex64: return 8;
                case NiftiDataType.Float128:
                case NiftiDataType.Complex128: return 16;
                case NiftiDataType.Complex256: return 32;
                default: return 0;
            }
        }

        /// <summary>True when voxels of this type convert to and from a single float (the scalar types and RGB24 read).</summary>
        public static bool IsScalar(NiftiDataType type)
        {
            switch (type)
            {
                case NiftiDataType.Uint8:
                case NiftiDataType.Int8:
                case NiftiDataType.Int16:
                case NiftiDataType.Uint16:
                case NiftiDataType.Int32:
                case NiftiDataType.Uint32:
                case NiftiDataType.Int64:
                case NiftiDataType.Uint64:
                case NiftiDataType.Float32:
                case NiftiDataType.Float64: return true;
                default: return false;
            }
        }

        /// <summary>True for the integer scalar types (where writing rounds and clamps).</summary>
        public static bool IsInteger(NiftiDataType type) => IsScalar(type) && type != NiftiDataType.Float32 && type != NiftiDataType.Float64;

        /// <summary>The lowercase nibabel-style name (e.g. <c>int16</c>, <c>float32</c>, <c>RGB</c>), or the numeric code.</summary>
        public static string Name(NiftiDataType type)
        {
            switch (type)
            {
                case NiftiDataType.Uint8: return "uint8";
                case NiftiDataType.Int8: return "int8";
                case NiftiDataType.Int16: return "int16";
                case NiftiDataType.Uint16: return "uint16";
                case NiftiDataType.Int32: return "int32";
                case NiftiDataType.Uint32: return "uint32";
                case NiftiDataType.Int64: return "int64";
                case NiftiDataType.Uint64: return "uint64";
                case NiftiDataType.Float32: return "float32";
                case NiftiDataType.Float64: return "float64";
                case NiftiDataType.Float128: return "float128";
                case NiftiDataType.Complex64: return "complex64";
                case NiftiDataType.Complex128: return "complex128";
                case NiftiDataType.Complex256: return "complex256";
                case NiftiDataType.Rgb24: return "RGB";
                case NiftiDataType.Rgba32: return "RGBA";
                case NiftiDataType.Binary: return "binary";
                default: return ((short)type).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }
}
