using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Defacer.Engine.Nifti;
using Defacer.Engine.Volumes;
using Xunit;

namespace Defacer.Engine.Tests.Nifti
{
    /// <summary>
    /// Every scalar datatype, scaling, NIfTI-2, big-endian and more than 4 dimensions: images made here, written, and
    /// read back both by our reader and by nibabel, which must agree voxel by voxel.
    /// </summary>
    public sealed class NiftiDataTypeTests : IDisposable
    {
        private readonly string _dir = TestData.NewTempDir("nifti-dtypes");

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        public static TheoryData<NiftiDataType, double, double> Types() => new TheoryData<NiftiDataType, double, double>
        {
            { NiftiDataType.Uint8, 0, 255 },
            { NiftiDataType.Int8, -128, 127 },
            { NiftiDataType.Int16, -32768, 32767 },
            { NiftiDataType.Uint16, 0, 65535 },
            { NiftiDataType.Int32, -2000000, 2000000 },
            { NiftiDataType.Uint32, 0, 4000000 },
            { NiftiDataType.Int64, -3000000, 3000000 },
            { NiftiDataType.Uint64, 0, 5000000 },
            { NiftiDataType.Float32, -1e6, 1e6 },
            { NiftiDataType.Float64, -1e9, 1e9 },
        };

        private static float[] Ramp(int n, double min, double max)
        {
            var v = new float[n];
            for (int i = 0; i < n; i++)
            {
                v[i] = (float)Math.Round(min + (max - min) * i / (n - 1));
            }
            return v;
        }

        [Theory]
        [MemberData(nameof(Types))]
        public void EachDatatypeRoundTrips(NiftiDataType type, double min, double max)
        {
            var (image, values) = RampImage(type, min, max);
            Assert.Equal(values, image.GetVolumeAsFloat());
            var path = Path.Combine(_dir, $"{type}.nii");
            NiftiWriter.Write(image, path);
            Assert.Equal(values, NiftiReader.Read(path).GetVolumeAsFloat());
        }

        [Fact]
        public void EveryDatatypeWritesWhatNibabelReads()
        {
            // One python run for all types keeps the test fast.
            var written = Types().Select(row => ((NiftiDataType)row[0], (double)row[1], (double)row[2])).Select(t =>
            {
                var (image, _) = RampImage(t.Item1, t.Item2, t.Item3);
                var path = Path.Combine(_dir, $"nib-{t.Item1}.nii");
                NiftiWriter.Write(image, path);
                return (path, image, t.Item1);
            }).ToList();
            var nib = NibabelReference.Describe(written.Select(w => w.path));
            foreach (var (path, image, type) in written)
            {
                AssertNibabelSees(nib[path], image, NiftiDataTypes.Name(type));
            }
        }

        private static (NiftiImage image, float[] values) RampImage(NiftiDataType type, double min, double max)
        {
            var image = NiftiImage.Create(type, Affine.FromScaleAndOffset(1.5, 2, 2.5, -10, 20, -30), 7, 6, 5);
            var values = Ramp(7 * 6 * 5, min, max);
            image.SetVolumeFromFloat(0, values);
            return (image, values);
        }

        [Fact]
        public void IntegerWritesRoundHalfToEvenAndClamp()
        {
            var image = NiftiImage.Create(NiftiDataType.Uint8, Affine.Identity, 6);
            image.SetVolumeFromFloat(0, new[] { 0.5f, 1.5f, 2.5f, -7f, 300f, float.NaN });
            Assert.Equal(new float[] { 0, 2, 2, 0, 255, 0 }, image.GetVolumeAsFloat());
        }

        [Fact]
        public void ScaledInt16InvertsScalingOnWriteAndNibabelAgrees()
        {
            var image = NiftiImage.Create(NiftiDataType.Int16, Affine.Identity, 10, 10, 10);
            image.Header.SclSlope = 0.25;
            image.Header.SclInter = -100;
            var values = Ramp(1000, -1000, 1000).Select(v => (float)(Math.Round(v * 4) / 4)).ToArray();
            image.SetVolumeFromFloat(0, values);
            Assert.Equal(values, image.GetVolumeAsFloat());
            var path = Path.Combine(_dir, "scaled.nii.gz");
            NiftiWriter.Write(image, path);
            AssertNibabelSees(path, image, "int16");
        }

        [Theory]
        [InlineData(double.NaN)]
        [InlineData(0.0)]
        public void SlopeZeroOrNaNMeansNoScaling(double slope)
        {
            var image = NiftiImage.Create(NiftiDataType.Int16, Affine.Identity, 4);
            image.SetVolumeFromFloat(0, new float[] { 1, 2, 3, 4 });
            image.Header.SclSlope = slope;
            image.Header.SclInter = 50;
            Assert.False(image.Header.Scaling.hasScaling);
            Assert.Equal(new float[] { 1, 2, 3, 4 }, image.GetVolumeAsFloat());
        }

        [Fact]
        public void Nifti2WritesAndReadsBack()
        {
            var h = NiftiHeader.Create(2, NiftiDataType.Float32, 9, 8, 7, 3);
            h.SformCode = 4;
            h.SRowX = new double[] { -2, 0, 0, 90 };
            h.SRowY = new double[] { 0, 2, 0, -126 };
            h.SRowZ = new double[] { 0, 0, 2, -72 };
            h.Descrip = "nifti2 test";
            var image = new NiftiImage(h, new byte[h.DataByteCount]);
            Assert.Equal(3, image.VolumeCount);
            for (int t = 0; t < 3; t++)
            {
                image.SetVolumeFromFloat(t, Ramp(9 * 8 * 7, -t * 100, t * 100 + 1));
            }
            var path = Path.Combine(_dir, "n2.nii.gz");
            NiftiWriter.Write(image, path);
            var back = NiftiReader.Read(path);
            Assert.Equal(2, back.Header.Version);
            Assert.Equal(544, back.Header.VoxOffset);
            Assert.Equal("nifti2 test", back.Header.Descrip);
            Assert.Equal("LAS", back.Header.OrientationCode);
            Assert.Equal(image.RawData, back.RawData);
            AssertNibabelSees(path, image, "float32");
        }

        [Fact]
        public void BigEndianVoxelsAreWrittenInFileByteOrder()
        {
            // anatomical.nii from nibabel is big-endian int16.
            var image = NiftiReader.Read(Path.Combine(NibabelReference.NibabelDataDir(), "anatomical.nii"));
            Assert.True(image.Header.IsBigEndian);
            var values = image.GetVolumeAsFloat().Select(v => 1000 - v).ToArray();
            image.SetVolumeFromFloat(0, values);
            var path = Path.Combine(_dir, "be.nii");
            NiftiWriter.Write(image, path);
            var back = NiftiReader.Read(path);
            Assert.True(back.Header.IsBigEndian);
            Assert.Equal(values, back.GetVolumeAsFloat());
            AssertNibabelSees(path, image, "int16");
        }

        [Fact]
        public void FiveDimensionsFlattenToVolumes()
        {
            var h = NiftiHeader.Create(1, NiftiDataType.Int16, 3, 4, 5, 2, 3);
            var image = new NiftiImage(h, new byte[h.DataByteCount]);
            Assert.Equal(5, h.NDim);
            Assert.Equal(60, h.VoxelCount);
            Assert.Equal(6, image.VolumeCount);
            for (int t = 0; t < 6; t++)
            {
                image.SetVolumeFromFloat(t, Enumerable.Repeat((float)t, 60).ToArray());
            }
            var path = Path.Combine(_dir, "5d.nii");
            NiftiWriter.Write(image, path);
            var nib = NibabelReference.Describe(new[] { path })[path];
            Assert.Equal(new long[] { 3, 4, 5, 2, 3 }, nib.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray());
            Assert.Equal(60.0 * (0 + 1 + 2 + 3 + 4 + 5), nib.GetProperty("sum").GetDouble());
            Assert.Equal(5f, NiftiReader.Read(path).GetVolumeAsFloat(5)[59]);
        }

        [Fact]
        public void Rgb24ReadsAsChannelMean()
        {
            var h = NiftiHeader.Create(1, NiftiDataType.Rgb24, 2, 1, 1);
            var image = new NiftiImage(h, new byte[] { 30, 60, 90, 255, 0, 0 });
            Assert.Equal(new float[] { 60, 85 }, image.GetVolumeAsFloat());
            var path = Path.Combine(_dir, "rgb.nii");
            NiftiWriter.Write(image, path);
            var nib = NibabelReference.Describe(new[] { path })[path];
            Assert.Equal("RGB", nib.GetProperty("dtype").GetString());
            Assert.Equal(145.0, nib.GetProperty("sum").GetDouble(), 6);
            Assert.Throws<NiftiException>(() => image.SetVolumeFromFloat(0, new float[2]));
        }

        [Fact]
        public void ToVolumeCarriesTheAffine()
        {
            var image = NiftiReader.Read(TestData.Head("adult39-t1w-2mm-psr-fullface-ixi012.nii.gz"));
            var volume = image.ToVolume();
            Assert.Equal((int)image.Header.Nx, volume.Nx);
            Assert.True(volume.Affine.ApproximatelyEquals(image.Header.GetAffine(), 0));
            Assert.Equal(image.GetVolumeAsFloat(), volume.Data);
        }

        [Theory]
        [InlineData(-1, 1.2, 1.3, 1.4)]
        [InlineData(0, -1.2, 0, 1.4)]   // qfac 0 reads as 1; negative and zero voxel sizes as nibabel fixes them
        [InlineData(0.5, 2, 2, -2)]
        public void QformMatchesNibabel(double qfac, double dx, double dy, double dz)
        {
            var h = NiftiHeader.Create(1, NiftiDataType.Uint8, 4, 5, 6);
            h.QformCode = 1;
            h.PixDim = new double[] { qfac, dx, dy, dz, 1, 1, 1, 1 };
            h.QuaternB = 0.1;
            h.QuaternC = 0.2;
            h.QuaternD = 0.3;
            h.QOffsetX = 10;
            h.QOffsetY = -20;
            h.QOffsetZ = 30;
            var image = new NiftiImage(h, new byte[h.DataByteCount]);
            var path = Path.Combine(_dir, $"qfac{qfac}_{dx}_{dy}_{dz}.nii");
            NiftiWriter.Write(image, path);
            AssertNibabelSees(path, image, "uint8");
        }

        private static void AssertNibabelSees(string path, NiftiImage image, string dtype) =>
            AssertNibabelSees(NibabelReference.Describe(new[] { path })[path], image, dtype);

        private static void AssertNibabelSees(JsonElement nib, NiftiImage image, string dtype)
        {
            Assert.False(nib.TryGetProperty("error", out var e), e.ToString());
            Assert.Equal(dtype, nib.GetProperty("dtype").GetString());
            Assert.Equal(image.Header.Shape, nib.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray());
            Assert.Equal(image.Header.OrientationCode, nib.GetProperty("orientation").GetString());
            var affine = image.Header.GetAffine();
            var rows = nib.GetProperty("affine").EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray();
            for (int r = 0; r < 4; r++)
            {
                for (int c = 0; c < 4; c++)
                {
                    Assert.True(Math.Abs(rows[r][c] - affine[r, c]) < 1e-5, $"affine[{r},{c}] {rows[r][c]} vs {affine[r, c]}");
                }
            }
            long perVolume = image.Header.VoxelCount;
            foreach (var s in nib.GetProperty("samples").EnumerateArray())
            {
                long idx = s[0].GetInt64();
                float ours = image.GetVolumeAsFloat((int)(idx / perVolume))[idx % perVolume];
                double theirs = s[1].GetDouble();
                Assert.True(Math.Abs(ours - theirs) <= 1e-6 * Math.Max(1, Math.Abs(theirs)), $"voxel {idx}: {ours} vs {theirs}");
            }
        }
    }
}
