using System.Collections.Generic;
using System.IO;
using System.Threading;
using Defacer.Engine.Deface;
using Defacer.Engine.Nifti;
using Defacer.Engine.Phantom;
using Defacer.Engine.Volumes;
using Xunit;

namespace Defacer.Engine.Tests.Deface
{
    /// <summary>The T1w's mask lands on the same anatomy of another image after the subject moved.</summary>
    public class T1wMaskTransferTests
    {
        /// <summary>Removes a fixed world box (in the T1w's world); a stand-in for a real method.</summary>
        private sealed class WorldBoxMethod : IDefaceMethod
        {
            public string Name => "WorldBox";

            public DefaceMaskResult ComputeRemovalMask(Volume3D v, CancellationToken ct)
            {
                var m = Mask3D.Like(v);
                for (int z = 0; z < v.Nz; z++)
                    for (int y = 0; y < v.Ny; y++)
                        for (int x = 0; x < v.Nx; x++)
                        {
                            var w = v.Affine.Apply(x, y, z);
                            m[x, y, z] = Inside(w.X, w.Y, w.Z);
                        }
                return new DefaceMaskResult(m, null, new Dictionary<string, object> { ["Box"] = 1 });
            }

            public static bool Inside(double x, double y, double z) => x > -30 && x < 30 && y > 60 && y < 120 && z > -100 && z < -40;
        }

        [Fact]
        public void Transfer_AfterHeadMotion_MasksSameAnatomy()
        {
            var dir = TestData.NewTempDir();
            var options = new HeadPhantomOptions { VoxelSizeX = 4, VoxelSizeY = 4, VoxelSizeZ = 4, Seed = 3 };
            var t1 = HeadPhantom.Create(options);
            var t1Path = Path.Combine(dir, "sub-01_T1w.nii.gz");
            Write(t1.Image, t1Path);

            // The second image: the head moved by 10 mm and 8 degrees between the scans. The anatomy is sampled through
            // the moved affine but the file says the unmoved one, so in world space the head really moved.
            var (nx, ny, nz, grid) = HeadPhantom.BuildGrid(options);
            double c = System.Math.Cos(8 * System.Math.PI / 180), s = System.Math.Sin(8 * System.Math.PI / 180);
            var motion = Affine.FromRowMajor(new[] { 1, 0, 0, 4, 0, c, -s, 10, 0, s, c, -6, 0, 0, 0, 1.0 });
            var moved = HeadPhantom.Sample(nx, ny, nz, motion.Multiply(grid), new HeadPhantomOptions { Seed = 9 });
            var target = new Volume3D(nx, ny, nz, moved.Image.Data, grid);

            var method = new T1wMaskTransferMethod(new WorldBoxMethod(), t1Path, null);
            var result = method.ComputeRemovalMask(target, default);

            // Expected: the voxels whose anatomy (world point through the moved affine) is in the box.
            var expected = Mask3D.Like(target);
            var sampling = motion.Multiply(grid);
            for (int z = 0; z < nz; z++)
                for (int y = 0; y < ny; y++)
                    for (int x = 0; x < nx; x++)
                    {
                        var w = sampling.Apply(x, y, z);
                        expected[x, y, z] = WorldBoxMethod.Inside(w.X, w.Y, w.Z);
                    }
            Assert.True(expected.Count() > 1000);
            double dice = result.Remove.Dice(expected);
            // Without registration (the box in the file's world) the overlap would be much lower.
            double naive = new WorldBoxMethod().ComputeRemovalMask(target, default).Remove.Dice(expected);
            Assert.True(dice > 0.85, $"Dice {dice:0.000} (naive {naive:0.000})");
            Assert.True(dice > naive + 0.15, $"Dice {dice:0.000} vs naive {naive:0.000}");
            Assert.Equal("Rigid", result.Details["RegistrationKind"]);
            Assert.Equal(t1Path, result.Details["ReferenceT1w"]);
            Assert.Equal(1, result.Details["T1w.Box"]);
        }

        [Fact]
        public void OriginalOf_PrefersBackup()
        {
            var root = TestData.NewTempDir();
            var t1 = Path.Combine(root, "sub-01", "anat", "sub-01_T1w.nii.gz");
            var backup = Path.Combine(root, "sourcedata", "defacer", "sub-01", "anat", "sub-01_T1w.nii.gz");
            Assert.Equal(t1, T1wMaskTransferMethod.OriginalOf(t1, root));
            Directory.CreateDirectory(Path.GetDirectoryName(backup)!);
            File.WriteAllText(backup, "x");
            Assert.Equal(backup, T1wMaskTransferMethod.OriginalOf(t1, root));
            Assert.Equal(t1, T1wMaskTransferMethod.OriginalOf(t1, null));
        }

        private static void Write(Volume3D v, string path)
        {
            var image = NiftiImage.Create(NiftiDataType.Float32, v.Affine, v.Nx, v.Ny, v.Nz);
            image.SetVolumeFromFloat(0, v.Data);
            NiftiWriter.Write(image, path);
        }
    }
}
