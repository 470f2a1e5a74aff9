using System.IO;
using System.Threading;
using Defacer.Engine.Deface;
using Defacer.Engine.Nifti;
using Defacer.Engine.Volumes;
using Xunit;

namespace Defacer.Engine.Tests.Deface
{
    /// <summary>Bit identity and header identity on real files (real datatypes, scaling, extensions, 4D).</summary>
    public class PipelineRealHeadTests
    {
        /// <summary>Removes the anterior-inferior third of the grid in voxel space: enough to touch every volume.</summary>
        private sealed class CornerMethod : IDefaceMethod
        {
            public string Name => "Corner";

            public DefaceMaskResult ComputeRemovalMask(Volume3D v, CancellationToken ct)
            {
                var m = Mask3D.Like(v);
                for (int z = 0; z < v.Nz / 3; z++)
                    for (int y = 2 * v.Ny / 3; y < v.Ny; y++)
                        for (int x = 0; x < v.Nx; x++)
                            m[x, y, z] = true;
                return new DefaceMaskResult(m, null);
            }

            public static bool Removes(int x, int y, int z, int nx, int ny, int nz) => z < nz / 3 && y >= 2 * ny / 3;
        }

        [Theory]
        [InlineData("adult-pcasl-4d-3x3x6mm.nii.gz")]
        [InlineData("adult-t1w-0p88mm-ras-partialface-chris.nii.gz")]
        [InlineData("adult24-t1w-2mm-psr-fullface-ixi015.nii.gz")]
        public void RealFile_OnlyRemovedVoxelBytesChange(string head)
        {
            var root = TestData.NewTempDir();
            File.WriteAllText(Path.Combine(root, "dataset_description.json"), "{\"Name\": \"r\", \"BIDSVersion\": \"1.10.0\"}");
            var path = Path.Combine(root, "sub-01", "anat", "sub-01_T1w.nii.gz");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Copy(TestData.Head(head), path);
            var before = NiftiReader.Read(path);

            var r = new DefacePipeline(new CornerMethod(), new DefaceOptions()).Run(new DefaceTarget(path, root));

            var after = NiftiReader.Read(path);
            Assert.Equal(before.Header.GetRawBytes(), after.Header.GetRawBytes());
            Assert.Equal(before.Extensions.Count, after.Extensions.Count);
            int nx = (int)before.Header.Nx, ny = (int)before.Header.Ny, nz = (int)before.Header.Nz;
            int bpv = NiftiDataTypes.BytesPerVoxel(before.Header.DataType);
            long perVolume = (long)nx * ny * nz, changedOutside = 0, changedInside = 0;
            for (long t = 0; t < before.VolumeCount; t++)
                for (int z = 0; z < nz; z++)
                    for (int y = 0; y < ny; y++)
                        for (int x = 0; x < nx; x++)
                        {
                            long o = (t * perVolume + x + (long)nx * (y + (long)ny * z)) * bpv;
                            bool differs = false;
                            for (int b = 0; b < bpv; b++) differs |= before.RawData[o + b] != after.RawData[o + b];
                            if (CornerMethod.Removes(x, y, z, nx, ny, nz)) { if (differs) changedInside++; }
                            else if (differs) changedOutside++;
                        }
            Assert.Equal(0, changedOutside);
            Assert.True(changedInside > 0, "some removed voxels were non-zero before and must have changed");
            Assert.Equal(before.VolumeCount, r.Volumes);
        }
    }
}
