using Defacer.Engine.Nifti;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Deface
{
    /// <summary>Builds the uint8 NIfTI of a removal mask on exactly the source image's geometry.</summary>
    public static class DefaceMaskImage
    {
        /// <summary>
        /// A 3D uint8 image (1 = removed) whose header is a copy of <paramref name="source"/>'s, so qform, sform, pixdim,
        /// units and byte order are the same, with only what a mask must change: datatype, bitpix, dim, no scaling, no
        /// intent, cal range 0..1, a descrip, and no extensions.
        /// </summary>
        public static NiftiImage Create(NiftiHeader source, Mask3D remove)
        {
            var h = source.Clone();
            h.DataType = NiftiDataType.Uint8;
            h.BitPix = 8;
            var dim = h.Dim;
            dim[0] = 3;
            dim[1] = remove.Nx;
            dim[2] = remove.Ny;
            dim[3] = remove.Nz;
            for (int i = 4; i < 8; i++)
            {
                dim[i] = 1;
            }
            h.Dim = dim;
            h.SclSlope = 0;
            h.SclInter = 0;
            h.IntentCode = 0;
            h.CalMin = 0;
            h.CalMax = 1;
            h.Descrip = "Defacer defacemask (1 = removed)";
            h.SetMagic(singleFile: true);
            h.VoxOffset = h.SizeOfHeader + 4;
            return new NiftiImage(h, (byte[])remove.Data.Clone());
        }
    }
}
