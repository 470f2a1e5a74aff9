using System;
using System.IO;
using System.Linq;
using Defacer.Engine.Nifti;
using Xunit;

namespace Defacer.Engine.Tests.Nifti
{
    /// <summary>Typed header properties write into the raw bytes and touch nothing else; derived values follow nibabel.</summary>
    public sealed class NiftiHeaderTests
    {
        [Fact]
        public void SettingAFieldChangesOnlyItsBytes()
        {
            // Big-endian NIfTI-1 from the shared templates.
            var header = NiftiReader.ReadHeader(TestData.Template("avg152T1_RL_sformonly_bigendian.nii.gz"));
            Assert.True(header.IsBigEndian);
            var before = header.GetRawBytes();
            header.Descrip = "changed";
            header.SformCode = 2;
            var after = header.GetRawBytes();
            var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
            Assert.All(changed, i => Assert.True((i >= 148 && i < 228) || (i >= 254 && i < 256), $"byte {i} changed"));
            Assert.Equal("changed", header.Descrip);
            Assert.Equal(2, header.SformCode);
            Assert.Equal(0, after[254]); // big-endian int16 2 = 00 02
            Assert.Equal(2, after[255]);
        }

        [Fact]
        public void Nifti2FieldsUseTheirOwnLayout()
        {
            var header = NiftiReader.ReadHeader(Path.Combine(NibabelReference.NibabelDataDir(), "example_nifti2.nii.gz"));
            Assert.Equal(2, header.Version);
            Assert.Equal(540, header.SizeOfHeader);
            Assert.Equal("n+2", header.Magic);
            Assert.Equal(new long[] { 32, 20, 12, 2 }, header.Shape);
            var clone = header.Clone();
            clone.AuxFile = "aux";
            clone.QOffsetX = 12.5;
            Assert.Equal("aux", clone.AuxFile);
            Assert.Equal(12.5, clone.QOffsetX);
            Assert.NotEqual(header.GetRawBytes(), clone.GetRawBytes());
            Assert.Equal(header.Descrip, clone.Descrip);
        }

        [Fact]
        public void TextFieldsRejectValuesThatDoNotFit()
        {
            var h = NiftiHeader.Create(1, NiftiDataType.Uint8, 2, 2, 2);
            Assert.Throws<ArgumentException>(() => h.Descrip = new string('x', 81));
            Assert.Throws<ArgumentOutOfRangeException>(() => h.Dim = new long[] { 3, 40000, 1, 1, 1, 1, 1, 1 });
        }

        [Fact]
        public void BaseAffineIsNibabels()
        {
            // No qform, no sform: nibabel's get_base_affine, x flipped and centred.
            var h = NiftiHeader.Create(1, NiftiDataType.Uint8, 10, 20, 30);
            h.PixDim = new double[] { 1, 2, 3, 4, 1, 1, 1, 1 };
            var a = h.GetAffine();
            Assert.Equal("base", h.AffineSource);
            Assert.Equal(-2, a[0, 0]);
            Assert.Equal(9, a[0, 3]);      // -(10-1)/2 * -2
            Assert.Equal(-28.5, a[1, 3]);  // -(20-1)/2 * 3
            Assert.Equal(-58, a[2, 3]);    // -(30-1)/2 * 4
            Assert.Equal("LAS", h.OrientationCode);
        }

        [Fact]
        public void InvalidXformCodesCountAsZeroLikeNibabel()
        {
            var h = NiftiHeader.Create(1, NiftiDataType.Uint8, 4, 4, 4);
            h.SformCode = 7; // nibabel resets unknown codes to 0 on load
            h.SRowX = new double[] { 5, 0, 0, 0 };
            h.SRowY = new double[] { 0, 5, 0, 0 };
            h.SRowZ = new double[] { 0, 0, 5, 0 };
            Assert.Equal("base", h.AffineSource);
            h.SformCode = 5;
            Assert.Equal("sform", h.AffineSource);
            Assert.Equal(5, h.GetAffine()[1, 1]);
        }

        [Fact]
        public void SizesComeFromTheDatatypeNotBitpix()
        {
            var h = NiftiHeader.Create(1, NiftiDataType.Int16, 3, 4, 5, 6);
            h.BitPix = 8; // wrong on purpose; nibabel trusts the datatype
            Assert.Equal(60, h.VoxelCount);
            Assert.Equal(360, h.TotalVoxelCount);
            Assert.Equal(720, h.DataByteCount);
            Assert.Equal(6, h.Nt);
        }
    }
}
