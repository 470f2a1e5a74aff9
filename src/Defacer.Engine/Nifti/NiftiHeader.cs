using System;
using System.Buffers.Binary;
using System.Text;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Nifti
{
    /// <summary>
    /// A NIfTI-1 (348 bytes) or NIfTI-2 (540 bytes) header. It wraps the raw header bytes and their byte order:
    /// every property reads from and writes into those bytes, so fields nobody sets keep their exact bytes and an
    /// unchanged image writes back byte-identical. Derived values (affine, scaling, sizes) follow nibabel's rules.
    /// </summary>
    public sealed class NiftiHeader
    {
        /// <summary>Size of a NIfTI-1 header.</summary>
        public const int Nifti1Size = 348;

        /// <summary>Size of a NIfTI-2 header.</summary>
        public const int Nifti2Size = 540;

        private readonly byte[] _raw;
        private readonly HeaderLayout _l;

        /// <summary>Wraps raw header bytes (copied). Version comes from the length (348 or 540).</summary>
        public NiftiHeader(byte[] raw, bool isBigEndian)
        {
            if (raw == null)
            {
                throw new ArgumentNullException(nameof(raw));
            }
            if (raw.Length != Nifti1Size && raw.Length != Nifti2Size)
            {
                throw new ArgumentException($"A NIfTI header is {Nifti1Size} or {Nifti2Size} bytes, not {raw.Length}.", nameof(raw));
            }
            _raw = (byte[])raw.Clone();
            IsBigEndian = isBigEndian;
            _l = raw.Length == Nifti1Size ? HeaderLayout.V1 : HeaderLayout.V2;
        }

        /// <summary>
        /// A fresh little-endian single-file header (magic n+1 or n+2) for a new image of the given shape and datatype,
        /// with unit voxels, qfac 1, scl_slope 1 and vox_offset just past the header and extender.
        /// </summary>
        public static NiftiHeader Create(int version, NiftiDataType dataType, params long[] shape)
        {
            if (version != 1 && version != 2)
            {
                throw new ArgumentOutOfRangeException(nameof(version), "NIfTI version is 1 or 2.");
            }
            if (shape == null || shape.Length < 1 || shape.Length > 7)
            {
                throw new ArgumentException("A NIfTI image has 1 to 7 dimensions.", nameof(shape));
            }
            int size = version == 1 ? Nifti1Size : Nifti2Size;
            var raw = new byte[size];
            if (version == 1)
            {
                BinaryPrimitives.WriteInt32LittleEndian(raw, Nifti1Size);
            }
            else
            {
                BinaryPrimitives.WriteInt32LittleEndian(raw, Nifti2Size);
            }
            var h = new NiftiHeader(raw, false);
            h.SetMagic(singleFile: true);
            var dim = new long[8];
            dim[0] = shape.Length;
            for (int i = 0; i < 8; i++)
            {
                if (i >= 1)
                {
                    dim[i] = i <= shape.Length ? shape[i - 1] : 1;
                }
            }
            h.Dim = dim;
            h.PixDim = new double[] { 1, 1, 1, 1, 1, 1, 1, 1 };
            h.DataType = dataType;
            h.BitPix = (short)(NiftiDataTypes.BytesPerVoxel(dataType) * 8);
            h.VoxOffset = size + 4 == 352 ? 352 : 544;
            h.SclSlope = 1;
            h.SclInter = 0;
            return h;
        }

        /// <summary>1 for NIfTI-1, 2 for NIfTI-2.</summary>
        public int Version => _l.Version;

        /// <summary>Header size in bytes (348 or 540); the 4 extender bytes follow it.</summary>
        public int SizeOfHeader => _raw.Length;

        /// <summary>True when the header (and the voxel data) are stored big-endian.</summary>
        public bool IsBigEndian { get; }

        /// <summary>A copy of the raw header bytes, in file byte order.</summary>
        public byte[] GetRawBytes() => (byte[])_raw.Clone();

        /// <summary>A deep copy.</summary>
        public NiftiHeader Clone() => new NiftiHeader(_raw, IsBigEndian);

        // ---- magic -------------------------------------------------------------------------------------------

        /// <summary>The magic string without its NUL and (NIfTI-2) trailing bytes, e.g. "n+1", "ni1", "n+2".</summary>
        public string Magic
        {
            get
            {
                int o = _l.Magic;
                int n = 0;
                while (n < 4 && _raw[o + n] != 0)
                {
                    n++;
                }
                return Encoding.ASCII.GetString(_raw, o, n);
            }
        }

        /// <summary>True when the magic says header and data are in one file (n+1 / n+2).</summary>
        public bool IsSingleFile => Magic.Length == 3 && Magic[1] == '+';

        /// <summary>True when the magic is one of the four valid NIfTI magics for this version.</summary>
        public bool HasValidMagic
        {
            get
            {
                var m = Magic;
                return Version == 1 ? (m == "n+1" || m == "ni1") : (m == "n+2" || m == "ni2");
            }
        }

        /// <summary>Writes the magic for a single file (n+1/n+2) or a .hdr/.img pair (ni1/ni2).</summary>
        public void SetMagic(bool singleFile)
        {
            int o = _l.Magic;
            _raw[o] = (byte)'n';
            _raw[o + 1] = singleFile ? (byte)'+' : (byte)'i';
            _raw[o + 2] = Version == 1 ? (byte)'1' : (byte)'2';
            _raw[o + 3] = 0;
            if (Version == 2)
            {
                // NIfTI-2 magic continues with \r\n\032\n to catch text-mode transfers.
                _raw[o + 4] = 0x0D;
                _raw[o + 5] = 0x0A;
                _raw[o + 6] = 0x1A;
                _raw[o + 7] = 0x0A;
            }
        }

        // ---- dimensions --------------------------------------------------------------------------------------

        /// <summary>The 8 dim entries as stored (dim[0] = number of dimensions). Setting writes all 8.</summary>
        public long[] Dim
        {
            get
            {
                var d = new long[8];
                for (int i = 0; i < 8; i++)
                {
                    d[i] = Version == 1 ? ReadInt16(_l.Dim + 2 * i) : ReadInt64(_l.Dim + 8 * i);
                }
                return d;
            }
            set
            {
                CheckLength(value, 8, nameof(Dim));
                for (int i = 0; i < 8; i++)
                {
                    if (Version == 1)
                    {
                        if (value[i] < short.MinValue || value[i] > short.MaxValue)
                        {
                            throw new ArgumentOutOfRangeException(nameof(Dim), $"dim[{i}] = {value[i]} does not fit NIfTI-1's int16.");
                        }
                        WriteInt16(_l.Dim + 2 * i, (short)value[i]);
                    }
                    else
                    {
                        WriteInt64(_l.Dim + 8 * i, value[i]);
                    }
                }
            }
        }

        /// <summary>dim[0], the number of dimensions.</summary>
        public int NDim => (int)DimAt(0);

        /// <summary>Size along i (1 when the image has fewer dimensions).</summary>
        public long Nx => AxisSize(1);

        /// <summary>Size along j.</summary>
        public long Ny => AxisSize(2);

        /// <summary>Size along k.</summary>
        public long Nz => AxisSize(3);

        /// <summary>Number of volumes along t (1 for 3D).</summary>
        public long Nt => AxisSize(4);

        /// <summary>The image shape as nibabel reports it: dim[1..dim[0]].</summary>
        public long[] Shape
        {
            get
            {
                int n = NDim;
                if (n < 0 || n > 7)
                {
                    n = 0;
                }
                var s = new long[n];
                for (int i = 0; i < n; i++)
                {
                    s[i] = DimAt(i + 1);
                }
                return s;
            }
        }

        /// <summary>Voxels in one 3D volume: Nx*Ny*Nz.</summary>
        public long VoxelCount => Nx * Ny * Nz;

        /// <summary>Voxels in the whole image: the product of dim[1..dim[0]].</summary>
        public long TotalVoxelCount
        {
            get
            {
                long n = 1;
                foreach (var d in Shape)
                {
                    n = checked(n * d);
                }
                return n;
            }
        }

        /// <summary>Number of 3D volumes: TotalVoxelCount / VoxelCount (the dims above 3 flattened).</summary>
        public long VolumeCount => VoxelCount == 0 ? 0 : TotalVoxelCount / VoxelCount;

        /// <summary>Bytes of voxel data the header declares: TotalVoxelCount times the datatype's size.</summary>
        public long DataByteCount => checked(TotalVoxelCount * NiftiDataTypes.BytesPerVoxel(DataType));

        /// <summary>The 8 pixdim entries as stored (pixdim[0] = qfac).</summary>
        public double[] PixDim
        {
            get
            {
                var p = new double[8];
                for (int i = 0; i < 8; i++)
                {
                    p[i] = ReadReal(_l.PixDim, i);
                }
                return p;
            }
            set
            {
                CheckLength(value, 8, nameof(PixDim));
                for (int i = 0; i < 8; i++)
                {
                    WriteReal(_l.PixDim, i, value[i]);
                }
            }
        }

        /// <summary>Voxel size in mm along i, j, k as nibabel's get_zooms reports it (|pixdim[1..3]|, a zero read as 1).</summary>
        public (double X, double Y, double Z) VoxelSize
        {
            get
            {
                var p = PixDim;
                return (LoadedZoom(p[1]), LoadedZoom(p[2]), LoadedZoom(p[3]));
            }
        }

        // ---- datatype and scaling -----------------------------------------------------------------------------

        /// <summary>The datatype code.</summary>
        public NiftiDataType DataType
        {
            get => (NiftiDataType)ReadInt16(_l.DataType);
            set => WriteInt16(_l.DataType, (short)value);
        }

        /// <summary>bitpix as stored (the reader trusts <see cref="DataType"/>, as nibabel does).</summary>
        public short BitPix
        {
            get => ReadInt16(_l.BitPix);
            set => WriteInt16(_l.BitPix, value);
        }

        /// <summary>Byte offset of the voxel data (a float in NIfTI-1, an int64 in NIfTI-2).</summary>
        public double VoxOffset
        {
            get => Version == 1 ? ReadSingle(_l.VoxOffset) : ReadInt64(_l.VoxOffset);
            set
            {
                if (Version == 1)
                {
                    WriteSingle(_l.VoxOffset, (float)value);
                }
                else
                {
                    WriteInt64(_l.VoxOffset, (long)value);
                }
            }
        }

        /// <summary>scl_slope as stored.</summary>
        public double SclSlope
        {
            get => ReadReal(_l.SclSlope, 0);
            set => WriteReal(_l.SclSlope, 0, value);
        }

        /// <summary>scl_inter as stored.</summary>
        public double SclInter
        {
            get => ReadReal(_l.SclInter, 0);
            set => WriteReal(_l.SclInter, 0, value);
        }

        /// <summary>
        /// The scaling nibabel applies: none when scl_slope is 0 or not finite; otherwise (slope, inter), with a
        /// non-finite intercept read as 0 (nibabel refuses such a file; a value is more useful here than a failure).
        /// (1, 0) counts as no scaling.
        /// </summary>
        public (bool hasScaling, double slope, double inter) Scaling
        {
            get
            {
                double slope = SclSlope;
                double inter = SclInter;
                if (slope == 0 || double.IsNaN(slope) || double.IsInfinity(slope))
                {
                    return (false, 1, 0);
                }
                if (double.IsNaN(inter) || double.IsInfinity(inter))
                {
                    inter = 0;
                }
                return (slope != 1 || inter != 0, slope, inter);
            }
        }

        /// <summary>cal_max as stored.</summary>
        public double CalMax
        {
            get => ReadReal(_l.CalMax, 0);
            set => WriteReal(_l.CalMax, 0, value);
        }

        /// <summary>cal_min as stored.</summary>
        public double CalMin
        {
            get => ReadReal(_l.CalMin, 0);
            set => WriteReal(_l.CalMin, 0, value);
        }

        // ---- intent, slice timing, units ----------------------------------------------------------------------

        /// <summary>intent_code.</summary>
        public short IntentCode
        {
            get => Version == 1 ? ReadInt16(_l.IntentCode) : (short)ReadInt32(_l.IntentCode);
            set
            {
                if (Version == 1)
                {
                    WriteInt16(_l.IntentCode, value);
                }
                else
                {
                    WriteInt32(_l.IntentCode, value);
                }
            }
        }

        /// <summary>intent_p1..p3.</summary>
        public double[] IntentParams
        {
            get => new[] { ReadReal(_l.IntentP1, 0), ReadReal(_l.IntentP1, 1), ReadReal(_l.IntentP1, 2) };
            set
            {
                CheckLength(value, 3, nameof(IntentParams));
                for (int i = 0; i < 3; i++)
                {
                    WriteReal(_l.IntentP1, i, value[i]);
                }
            }
        }

        /// <summary>intent_name (16 bytes, NUL-padded).</summary>
        public string IntentName
        {
            get => ReadString(_l.IntentName, 16);
            set => WriteString(_l.IntentName, 16, value);
        }

        /// <summary>xyzt_units (spatial units in bits 0-2, temporal in bits 3-5).</summary>
        public byte XyztUnits
        {
            get => Version == 1 ? _raw[_l.XyztUnits] : (byte)ReadInt32(_l.XyztUnits);
            set
            {
                if (Version == 1)
                {
                    _raw[_l.XyztUnits] = value;
                }
                else
                {
                    WriteInt32(_l.XyztUnits, value);
                }
            }
        }

        /// <summary>dim_info (frequency, phase and slice dimensions).</summary>
        public byte DimInfo
        {
            get => _raw[_l.DimInfo];
            set => _raw[_l.DimInfo] = value;
        }

        /// <summary>slice_code.</summary>
        public int SliceCode
        {
            get => Version == 1 ? _raw[_l.SliceCode] : ReadInt32(_l.SliceCode);
            set
            {
                if (Version == 1)
                {
                    _raw[_l.SliceCode] = (byte)value;
                }
                else
                {
                    WriteInt32(_l.SliceCode, value);
                }
            }
        }

        /// <summary>slice_duration.</summary>
        public double SliceDuration
        {
            get => ReadReal(_l.SliceDuration, 0);
            set => WriteReal(_l.SliceDuration, 0, value);
        }

        /// <summary>toffset.</summary>
        public double TOffset
        {
            get => ReadReal(_l.TOffset, 0);
            set => WriteReal(_l.TOffset, 0, value);
        }

        // ---- text fields --------------------------------------------------------------------------------------

        /// <summary>descrip (80 bytes, NUL-padded): free text that often leaks scanner, site or subject details.</summary>
        public string Descrip
        {
            get => ReadString(_l.Descrip, 80);
            set => WriteString(_l.Descrip, 80, value);
        }

        /// <summary>aux_file (24 bytes, NUL-padded).</summary>
        public string AuxFile
        {
            get => ReadString(_l.AuxFile, 24);
            set => WriteString(_l.AuxFile, 24, value);
        }

        // ---- orientation --------------------------------------------------------------------------------------

        /// <summary>qform_code.</summary>
        public short QformCode
        {
            get => Version == 1 ? ReadInt16(_l.QformCode) : (short)ReadInt32(_l.QformCode);
            set
            {
                if (Version == 1)
                {
                    WriteInt16(_l.QformCode, value);
                }
                else
                {
                    WriteInt32(_l.QformCode, value);
                }
            }
        }

        /// <summary>sform_code.</summary>
        public short SformCode
        {
            get => Version == 1 ? ReadInt16(_l.SformCode) : (short)ReadInt32(_l.SformCode);
            set
            {
                if (Version == 1)
                {
                    WriteInt16(_l.SformCode, value);
                }
                else
                {
                    WriteInt32(_l.SformCode, value);
                }
            }
        }

        /// <summary>quatern_b.</summary>
        public double QuaternB { get => ReadReal(_l.Quatern, 0); set => WriteReal(_l.Quatern, 0, value); }

        /// <summary>quatern_c.</summary>
        public double QuaternC { get => ReadReal(_l.Quatern, 1); set => WriteReal(_l.Quatern, 1, value); }

        /// <summary>quatern_d.</summary>
        public double QuaternD { get => ReadReal(_l.Quatern, 2); set => WriteReal(_l.Quatern, 2, value); }

        /// <summary>qoffset_x.</summary>
        public double QOffsetX { get => ReadReal(_l.Quatern, 3); set => WriteReal(_l.Quatern, 3, value); }

        /// <summary>qoffset_y.</summary>
        public double QOffsetY { get => ReadReal(_l.Quatern, 4); set => WriteReal(_l.Quatern, 4, value); }

        /// <summary>qoffset_z.</summary>
        public double QOffsetZ { get => ReadReal(_l.Quatern, 5); set => WriteReal(_l.Quatern, 5, value); }

        /// <summary>srow_x (4 values).</summary>
        public double[] SRowX { get => ReadRow(0); set => WriteRow(0, value); }

        /// <summary>srow_y (4 values).</summary>
        public double[] SRowY { get => ReadRow(1); set => WriteRow(1, value); }

        /// <summary>srow_z (4 values).</summary>
        public double[] SRowZ { get => ReadRow(2); set => WriteRow(2, value); }

        /// <summary>
        /// The affine nibabel uses: the sform when sform_code is a valid non-zero code, else the qform when
        /// qform_code is, else the pixdim-based base affine (nibabel's get_base_affine). Codes outside 0..5 count
        /// as 0, as nibabel resets them when it loads a file.
        /// </summary>
        public Affine GetAffine()
        {
            if (IsValidXformCode(SformCode) && SformCode != 0)
            {
                return GetSformAffine();
            }
            if (IsValidXformCode(QformCode) && QformCode != 0)
            {
                return GetQformAffine();
            }
            return GetBaseAffine();
        }

        /// <summary>Which transform <see cref="GetAffine"/> uses: "sform", "qform" or "base".</summary>
        public string AffineSource =>
            IsValidXformCode(SformCode) && SformCode != 0 ? "sform" : IsValidXformCode(QformCode) && QformCode != 0 ? "qform" : "base";

        /// <summary>The sform rows as an affine (whatever sform_code says).</summary>
        public Affine GetSformAffine() => Affine.FromRows(SRowX, SRowY, SRowZ);

        /// <summary>
        /// The qform as nibabel computes it: quaternion (b, c, d) with a = sqrt(1 - b²-c²-d²) (0 when slightly
        /// negative), rotation times diag(|pixdim1|, |pixdim2|, qfac·|pixdim3|) with qfac = -1 only when pixdim[0]
        /// is -1 and zero pixdims read as 1 (nibabel's load-time fixes), and the qoffsets as translation.
        /// </summary>
        public Affine GetQformAffine()
        {
            double b = QuaternB, c = QuaternC, d = QuaternD;
            double w2 = 1.0 - (b * b + c * c + d * d);
            double a;
            if (w2 < 0)
            {
                // nibabel refuses w2 below -3 float32 eps; a unit quaternion is the honest repair of worse values.
                a = 0;
                double n = Math.Sqrt(b * b + c * c + d * d);
                if (w2 < -3 * 1.1920929e-7 && n > 0)
                {
                    b /= n;
                    c /= n;
                    d /= n;
                }
            }
            else
            {
                a = Math.Sqrt(w2);
            }
            var r = QuaternionToMatrix(a, b, c, d);
            var p = PixDim;
            double qfac = p[0] == -1 ? -1 : 1;
            double sx = LoadedZoom(p[1]), sy = LoadedZoom(p[2]), sz = LoadedZoom(p[3]) * qfac;
            return Affine.FromRowMajor(new[]
            {
                r[0] * sx, r[1] * sy, r[2] * sz, QOffsetX,
                r[3] * sx, r[4] * sy, r[5] * sz, QOffsetY,
                r[6] * sx, r[7] * sy, r[8] * sz, QOffsetZ,
                0, 0, 0, 1,
            });
        }

        /// <summary>
        /// nibabel's get_base_affine: diag(-pixdim1, pixdim2, pixdim3) with the origin at the volume centre
        /// ((n-1)/2 voxels), for images with no usable qform or sform.
        /// </summary>
        public Affine GetBaseAffine()
        {
            var p = PixDim;
            int n = Math.Max(0, Math.Min(NDim, 7));
            var shape = new double[] { 1, 1, 1 };
            var zooms = new double[] { 1, 1, 1 };
            for (int i = 0; i < 3; i++)
            {
                if (i < n)
                {
                    shape[i] = DimAt(i + 1);
                    zooms[i] = LoadedZoom(p[i + 1]);
                }
            }
            zooms[0] = -zooms[0];
            return Affine.FromRowMajor(new[]
            {
                zooms[0], 0, 0, -(shape[0] - 1) / 2.0 * zooms[0],
                0, zooms[1], 0, -(shape[1] - 1) / 2.0 * zooms[1],
                0, 0, zooms[2], -(shape[2] - 1) / 2.0 * zooms[2],
                0, 0, 0, 1,
            });
        }

        /// <summary>nibabel's aff2axcodes of <see cref="GetAffine"/>, e.g. "RAS" or "PSR"; "???" when an axis has no direction.</summary>
        public string OrientationCode
        {
            get
            {
                try
                {
                    return Orientation.CodeOf(GetAffine());
                }
                catch (InvalidOperationException)
                {
                    return "???";
                }
            }
        }

        /// <summary>True for the xform codes nibabel knows (0 unknown .. 5 template).</summary>
        public static bool IsValidXformCode(int code) => code >= 0 && code <= 5;

        // ---- raw access helpers -------------------------------------------------------------------------------

        private long DimAt(int i) => Version == 1 ? ReadInt16(_l.Dim + 2 * i) : ReadInt64(_l.Dim + 8 * i);

        private long AxisSize(int axis)
        {
            int n = NDim;
            return axis <= n && n <= 7 ? DimAt(axis) : 1;
        }

        // nibabel's load-time fixes (_chk_pixdims): a zero spatial pixdim becomes 1, a negative one its absolute value.
        private static double LoadedZoom(double pixdim) => pixdim == 0 || double.IsNaN(pixdim) ? 1 : Math.Abs(pixdim);

        private static double[] QuaternionToMatrix(double w, double x, double y, double z)
        {
            // nibabel.quaternions.quat2mat
            double nq = w * w + x * x + y * y + z * z;
            if (nq < 2.220446049250313e-16)
            {
                return new double[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
            }
            double s = 2.0 / nq;
            double X = x * s, Y = y * s, Z = z * s;
            double wX = w * X, wY = w * Y, wZ = w * Z;
            double xX = x * X, xY = x * Y, xZ = x * Z;
            double yY = y * Y, yZ = y * Z, zZ = z * Z;
            return new[]
            {
                1.0 - (yY + zZ), xY - wZ, xZ + wY,
                xY + wZ, 1.0 - (xX + zZ), yZ - wX,
                xZ - wY, yZ + wX, 1.0 - (xX + yY),
            };
        }

        private double[] ReadRow(int row)
        {
            var v = new double[4];
            for (int i = 0; i < 4; i++)
            {
                v[i] = ReadReal(_l.SRow, row * 4 + i);
            }
            return v;
        }

        private void WriteRow(int row, double[] value)
        {
            CheckLength(value, 4, "SRow");
            for (int i = 0; i < 4; i++)
            {
                WriteReal(_l.SRow, row * 4 + i, value[i]);
            }
        }

        private static void CheckLength(Array value, int n, string name)
        {
            if (value == null || value.Length != n)
            {
                throw new ArgumentException($"{name} needs {n} values.", name);
            }
        }

        // A "real" is float32 in NIfTI-1 and float64 in NIfTI-2; index counts elements from the field start.
        private double ReadReal(int offset, int index) =>
            Version == 1 ? ReadSingle(offset + 4 * index) : ReadDouble(offset + 8 * index);

        private void WriteReal(int offset, int index, double value)
        {
            if (Version == 1)
            {
                WriteSingle(offset + 4 * index, (float)value);
            }
            else
            {
                WriteDouble(offset + 8 * index, value);
            }
        }

        private short ReadInt16(int o) => IsBigEndian
            ? BinaryPrimitives.ReadInt16BigEndian(_raw.AsSpan(o))
            : BinaryPrimitives.ReadInt16LittleEndian(_raw.AsSpan(o));

        private int ReadInt32(int o) => IsBigEndian
            ? BinaryPrimitives.ReadInt32BigEndian(_raw.AsSpan(o))
            : BinaryPrimitives.ReadInt32LittleEndian(_raw.AsSpan(o));

        private long ReadInt64(int o) => IsBigEndian
            ? BinaryPrimitives.ReadInt64BigEndian(_raw.AsSpan(o))
            : BinaryPrimitives.ReadInt64LittleEndian(_raw.AsSpan(o));

        private float ReadSingle(int o) => BitConverterCompat.Int32BitsToSingle(ReadInt32(o));

        private double ReadDouble(int o) => BitConverter.Int64BitsToDouble(ReadInt64(o));

        private void WriteInt16(int o, short v)
        {
            if (IsBigEndian)
            {
                BinaryPrimitives.WriteInt16BigEndian(_raw.AsSpan(o), v);
            }
            else
            {
                BinaryPrimitives.WriteInt16LittleEndian(_raw.AsSpan(o), v);
            }
        }

        private void WriteInt32(int o, int v)
        {
            if (IsBigEndian)
            {
                BinaryPrimitives.WriteInt32BigEndian(_raw.AsSpan(o), v);
            }
            else
            {
                BinaryPrimitives.WriteInt32LittleEndian(_raw.AsSpan(o), v);
            }
        }

        private void WriteInt64(int o, long v)
        {
            if (IsBigEndian)
            {
                BinaryPrimitives.WriteInt64BigEndian(_raw.AsSpan(o), v);
            }
            else
            {
                BinaryPrimitives.WriteInt64LittleEndian(_raw.AsSpan(o), v);
            }
        }

        private void WriteSingle(int o, float v) => WriteInt32(o, BitConverterCompat.SingleToInt32Bits(v));

        private void WriteDouble(int o, double v) => WriteInt64(o, BitConverter.DoubleToInt64Bits(v));

        private string ReadString(int o, int n)
        {
            int len = 0;
            while (len < n && _raw[o + len] != 0)
            {
                len++;
            }
            // Latin-1 keeps every byte visible (a data manager must see what a header leaks, even non-ASCII).
            var chars = new char[len];
            for (int i = 0; i < len; i++)
            {
                chars[i] = (char)_raw[o + i];
            }
            return new string(chars);
        }

        private void WriteString(int o, int n, string value)
        {
            value ??= string.Empty;
            if (value.Length > n)
            {
                throw new ArgumentException($"The field holds at most {n} characters; got {value.Length}.", nameof(value));
            }
            for (int i = 0; i < n; i++)
            {
                _raw[o + i] = i < value.Length ? (byte)(value[i] <= 0xFF ? value[i] : '?') : (byte)0;
            }
        }

        /// <summary>Field offsets of the two header versions.</summary>
        private sealed class HeaderLayout
        {
            public int Version;
            public int Magic, Dim, IntentP1, IntentCode, DataType, BitPix, PixDim, VoxOffset, SclSlope, SclInter;
            public int CalMax, CalMin, SliceDuration, TOffset, SliceCode, XyztUnits, DimInfo;
            public int Descrip, AuxFile, QformCode, SformCode, Quatern, SRow, IntentName;

            public static readonly HeaderLayout V1 = new HeaderLayout
            {
                Version = 1, DimInfo = 39, Dim = 40, IntentP1 = 56, IntentCode = 68, DataType = 70, BitPix = 72,
                PixDim = 76, VoxOffset = 108, SclSlope = 112, SclInter = 116, SliceCode = 122, XyztUnits = 123,
                CalMax = 124, CalMin = 128, SliceDuration = 132, TOffset = 136, Descrip = 148, AuxFile = 228,
                QformCode = 252, SformCode = 254, Quatern = 256, SRow = 280, IntentName = 328, Magic = 344,
            };

            public static readonly HeaderLayout V2 = new HeaderLayout
            {
                Version = 2, Magic = 4, DataType = 12, BitPix = 14, Dim = 16, IntentP1 = 80, PixDim = 104,
                VoxOffset = 168, SclSlope = 176, SclInter = 184, CalMax = 192, CalMin = 200, SliceDuration = 208,
                TOffset = 216, Descrip = 240, AuxFile = 320, QformCode = 344, SformCode = 348, Quatern = 352,
                SRow = 400, SliceCode = 496, XyztUnits = 500, IntentCode = 504, IntentName = 508, DimInfo = 524,
            };
        }
    }
}
