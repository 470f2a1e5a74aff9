using System.IO;
using Defacer.Engine.Deface;
using Defacer.Engine.Nifti;
using Xunit;
using static Defacer.Engine.Tests.Deface.PipelineTestKit;

namespace Defacer.Engine.Tests.Deface
{
    /// <summary>Every voxel outside the removed region keeps its exact bytes; the header keeps its exact bytes.</summary>
    public class PipelineBitIdentityTests
    {
        public static TheoryData<NiftiDataType, int, double, double> Cases => new TheoryData<NiftiDataType, int, double, double>
        {
            { NiftiDataType.Int16, 1, 0.37, 12.5 },  // scaled integers: a float round trip would not be exact
            { NiftiDataType.Uint8, 1, 0, 0 },
            { NiftiDataType.Float32, 1, 0, 0 },
            { NiftiDataType.Int16, 3, 0, 0 },        // 4D: the first volume's mask applied to every volume
            { NiftiDataType.Float64, 2, 0, 0 },
            { NiftiDataType.Int32, 1, 1.5, -3 },
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void Deface_KeptVoxelsAndHeader_BitIdentical(NiftiDataType type, int nt, double slope, double inter)
        {
            var root = TestData.NewTempDir();
            var input = MakeImage(type, nt, slope, inter);
            var path = MakeDataset(root, input);
            var before = NiftiReader.Read(path);
            var method = FrontBox();

            var result = Pipeline(method).Run(new DefaceTarget(path, root));

            Assert.Equal(DefaceStatus.Defaced, result.Status);
            var after = NiftiReader.Read(path);
            Assert.Equal(before.Header.GetRawBytes(), after.Header.GetRawBytes());
            Assert.Equal(before.RawData.Length, after.RawData.Length);
            int bpv = NiftiDataTypes.BytesPerVoxel(type);
            long changedOutside = 0, nonZeroInside = 0, removed = 0;
            for (int t = 0; t < nt; t++)
            {
                var values = after.GetVolumeAsFloat(t);
                for (int z = 0; z < Nz; z++)
                    for (int y = 0; y < Ny; y++)
                        for (int x = 0; x < Nx; x++)
                        {
                            long i = x + Nx * (y + Ny * z);
                            long offset = (t * (long)Nx * Ny * Nz + i) * bpv;
                            if (method.Removes(x, y, z))
                            {
                                removed++;
                                // Physical zero: with an intercept, the stored value nearest to it.
                                if (System.Math.Abs(values[i]) > System.Math.Abs(slope) / 2 + 1e-6) nonZeroInside++;
                            }
                            else
                            {
                                for (int b = 0; b < bpv; b++)
                                {
                                    if (before.RawData[offset + b] != after.RawData[offset + b]) changedOutside++;
                                }
                            }
                        }
            }
            Assert.True(removed > 0);
            Assert.Equal(0, changedOutside);
            Assert.Equal(0, nonZeroInside);
            Assert.Equal(8L * 4 * 5, result.VoxelsRemoved);
            Assert.Equal(nt, result.Volumes);
            Assert.Equal(0L, result.BrainVoxelsRemoved);
        }

        [Fact]
        public void Deface_ImageWithExtension_KeepsExtensionBytes()
        {
            var root = TestData.NewTempDir();
            var input = MakeImage(NiftiDataType.Int16);
            input.Extensions.Add(new NiftiExtension(6, System.Text.Encoding.ASCII.GetBytes("a comment, 24 bytes.....")));
            input.ExtenderBytes = new byte[] { 1, 0, 0, 0 };
            var path = MakeDataset(root, input, relative: "sub-01/anat/sub-01_T1w.nii");
            var before = NiftiReader.Read(path);

            Pipeline(FrontBox()).Run(new DefaceTarget(path, root));

            var after = NiftiReader.Read(path);
            Assert.Equal(before.Header.GetRawBytes(), after.Header.GetRawBytes());
            Assert.Single(after.Extensions);
            Assert.Equal(before.Extensions[0].Content, after.Extensions[0].Content);
            // Uncompressed: everything before the data is byte-identical too.
            var a = File.ReadAllBytes(Path.Combine(root, "sourcedata/defacer/sub-01/anat/sub-01_T1w.nii"));
            var b = File.ReadAllBytes(path);
            int voxOffset = (int)before.Header.VoxOffset;
            Assert.Equal(a.Length, b.Length);
            for (int i = 0; i < voxOffset; i++)
            {
                Assert.Equal(a[i], b[i]);
            }
        }
    }
}
