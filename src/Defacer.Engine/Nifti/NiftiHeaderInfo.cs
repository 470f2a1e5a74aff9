using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Nifti
{
    /// <summary>
    /// What a NIfTI file's header says, in one flat object: geometry, datatype, scaling, transforms, and the free-text
    /// fields and extensions that can leak identifying information. Get-NiftiHeader outputs these.
    /// </summary>
    public sealed class NiftiHeaderInfo
    {
        private NiftiHeaderInfo(string path, NiftiHeader header, IList<NiftiExtension> extensions)
        {
            Path = path;
            FileName = System.IO.Path.GetFileName(path);
            Header = header;
            Version = header.Version;
            Magic = header.Magic;
            ByteOrder = header.IsBigEndian ? "BigEndian" : "LittleEndian";
            Shape = header.Shape;
            var vs = header.VoxelSize;
            VoxelSize = new[] { vs.X, vs.Y, vs.Z };
            PixDim = header.PixDim;
            DataType = header.DataType;
            DataTypeName = NiftiDataTypes.Name(header.DataType);
            BitPix = header.BitPix;
            VoxOffset = header.VoxOffset;
            SclSlope = header.SclSlope;
            SclInter = header.SclInter;
            QformCode = header.QformCode;
            SformCode = header.SformCode;
            Affine = header.GetAffine();
            AffineSource = header.AffineSource;
            Orientation = header.OrientationCode;
            Descrip = header.Descrip;
            AuxFile = header.AuxFile;
            IntentName = header.IntentName;
            IntentCode = header.IntentCode;
            XyztUnits = header.XyztUnits;
            Extensions = extensions.Select(e => new NiftiExtensionInfo(e.Code, e.ESize)).ToArray();
        }

        /// <summary>Reads the header (and extensions, not the voxel data) of <paramref name="path"/>.</summary>
        /// <exception cref="NiftiException">The file is missing or not a readable NIfTI header.</exception>
        public static NiftiHeaderInfo FromFile(string path)
        {
            var header = NiftiReader.ReadHeader(path, out var extensions);
            return new NiftiHeaderInfo(path, header, extensions);
        }

        /// <summary>Describes an image already in memory.</summary>
        public static NiftiHeaderInfo FromImage(NiftiImage image, string path)
        {
            if (image == null)
            {
                throw new ArgumentNullException(nameof(image));
            }
            return new NiftiHeaderInfo(path, image.Header, image.Extensions);
        }

        /// <summary>Full path of the file.</summary>
        public string Path { get; }

        /// <summary>File name only.</summary>
        public string FileName { get; }

        /// <summary>The parsed header, for anything not flattened here.</summary>
        public NiftiHeader Header { get; }

        /// <summary>1 or 2.</summary>
        public int Version { get; }

        /// <summary>n+1, ni1, n+2 or ni2.</summary>
        public string Magic { get; }

        /// <summary>LittleEndian or BigEndian.</summary>
        public string ByteOrder { get; }

        /// <summary>dim[1..dim[0]].</summary>
        public long[] Shape { get; }

        /// <summary>The shape as text, e.g. "176x256x256".</summary>
        public string ShapeText => string.Join("x", Shape);

        /// <summary>Voxel size in mm along i, j, k.</summary>
        public double[] VoxelSize { get; }

        /// <summary>The voxel size as text, e.g. "1x0.977x0.977".</summary>
        public string VoxelSizeText => string.Join("x", VoxelSize.Select(v => v.ToString("0.###", CultureInfo.InvariantCulture)));

        /// <summary>All 8 pixdim values as stored (pixdim[0] is qfac).</summary>
        public double[] PixDim { get; }

        /// <summary>The datatype code.</summary>
        public NiftiDataType DataType { get; }

        /// <summary>The datatype as nibabel names it (int16, float32, RGB, ...).</summary>
        public string DataTypeName { get; }

        /// <summary>bitpix as stored.</summary>
        public short BitPix { get; }

        /// <summary>Byte offset of the voxel data.</summary>
        public double VoxOffset { get; }

        /// <summary>scl_slope as stored (0 or NaN: no scaling).</summary>
        public double SclSlope { get; }

        /// <summary>scl_inter as stored.</summary>
        public double SclInter { get; }

        /// <summary>qform_code.</summary>
        public short QformCode { get; }

        /// <summary>sform_code.</summary>
        public short SformCode { get; }

        /// <summary>The voxel-to-world affine nibabel would use.</summary>
        public Affine Affine { get; }

        /// <summary>Where <see cref="Affine"/> comes from: sform, qform or base (pixdim only).</summary>
        public string AffineSource { get; }

        /// <summary>Axis codes of the affine, e.g. RAS, LPS, PSR.</summary>
        public string Orientation { get; }

        /// <summary>descrip: free text, often scanner, software or subject details.</summary>
        public string Descrip { get; }

        /// <summary>aux_file.</summary>
        public string AuxFile { get; }

        /// <summary>intent_name.</summary>
        public string IntentName { get; }

        /// <summary>intent_code.</summary>
        public short IntentCode { get; }

        /// <summary>xyzt_units.</summary>
        public byte XyztUnits { get; }

        /// <summary>Code and on-disk size of each header extension.</summary>
        public NiftiExtensionInfo[] Extensions { get; }

        /// <inheritdoc />
        public override string ToString() => Path;
    }

    /// <summary>An extension's code and size, without its content.</summary>
    public sealed class NiftiExtensionInfo
    {
        /// <summary>Creates the record.</summary>
        public NiftiExtensionInfo(int code, int size)
        {
            Code = code;
            Size = size;
        }

        /// <summary>ecode (2 DICOM, 4 AFNI, 6 comment, 14 FreeSurfer, 32 CIFTI, 40 MATLAB, ...; see <see cref="CodeName"/>).</summary>
        public int Code { get; }

        /// <summary>esize: bytes on disk including the 8-byte esize/ecode prefix.</summary>
        public int Size { get; }

        /// <summary>A short name for the code, from nifti1.h; the number for unregistered codes.</summary>
        public string Name => CodeName(Code);

        /// <summary>The registered name of an extension code.</summary>
        public static string CodeName(int code)
        {
            switch (code)
            {
                case 0: return "ignore";
                case 2: return "dicom";
                case 4: return "afni";
                case 6: return "comment";
                case 8: return "xcede";
                case 10: return "jimdiminfo";
                case 12: return "workflow_fwds";
                case 14: return "freesurfer";
                case 16: return "pypickle";
                case 18: return "mind_ident";
                case 20: return "b_value";
                case 22: return "spherical_direction";
                case 24: return "dt_component";
                case 26: return "shc_degreeorder";
                case 28: return "voxbo";
                case 30: return "caret";
                case 32: return "cifti";
                case 34: return "variable_frame_timing";
                case 38: return "eval";
                case 40: return "matlab";
                case 42: return "quantiphyse";
                case 44: return "mrs";
                default: return code.ToString(CultureInfo.InvariantCulture);
            }
        }

        /// <inheritdoc />
        public override string ToString() => $"{Name}({Size})";
    }
}
