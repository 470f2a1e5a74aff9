using System;
using Defacer.Engine.Quality;
using Defacer.Engine.Segmentation;
using Defacer.Engine.Tests.Rendering;
using Defacer.Engine.Volumes;
using Xunit;

namespace Defacer.Engine.Tests.Quality
{
    public class HeadMaskTests
    {
        [Fact]
        public void Build_KeepsTheHeadFillsCavitiesAndDropsSpecks()
        {
            // A shell (skull) with a dark interior, plus a detached bright speck in the air.
            var v = SyntheticVolumes.Sample("RAS", 60, 60, 60, 1.0, (x, y, z) =>
            {
                double r = System.Math.Sqrt(x * x + y * y + z * z);
                if (r < 20 && r > 15) return 100;
                if (System.Math.Abs(x - 26) < 2 && System.Math.Abs(y - 26) < 2 && System.Math.Abs(z - 26) < 2) return 100;
                return 0;
            });
            var m = HeadMask.Build(v, 50);
            Assert.True(m[30, 30, 30], "the enclosed dark interior is filled");
            Assert.False(m[56, 56, 56], "the detached speck is dropped");
            // Volume of a 20 mm-radius ball (voxel-counting tolerance).
            Assert.InRange(m.Count(), 0.95 * 33510, 1.05 * 33510);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void SliceFillAndLargestComponent_AgreeWithTheVoxelByVoxelReference(int seed)
        {
            // Random blobs on odd-sized grids (the fast paths crop to bounding boxes and transpose for the x axis;
            // Morphology's breadth-first versions are the plain definitions).
            var rng = new Random(seed);
            for (int trial = 0; trial < 20; trial++)
            {
                int nx = rng.Next(1, 24), ny = rng.Next(1, 24), nz = rng.Next(1, 24);
                var mask = new Mask3D(nx, ny, nz, Affine.Identity);
                double p = rng.NextDouble();
                for (int i = 0; i < mask.Length; i++)
                {
                    mask.Data[i] = rng.NextDouble() < p ? (byte)1 : (byte)0;
                }
                for (int axis = 0; axis < 3; axis++)
                {
                    var fast = mask.Clone();
                    HeadMask.FillHolesInSlices(fast, axis);
                    Assert.Equal(Morphology.FillHolesInSlices(mask, axis).Data, fast.Data);
                }
                var largest = mask.Clone();
                HeadMask.KeepLargestComponent(largest);
                Assert.Equal(Morphology.LargestComponent(mask).Data, largest.Data);
            }
        }
    }
}
