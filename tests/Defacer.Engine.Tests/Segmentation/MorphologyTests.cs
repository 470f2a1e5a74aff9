using System;
using Defacer.Engine.Segmentation;
using Defacer.Engine.Volumes;
using Xunit;

namespace Defacer.Engine.Tests.Segmentation
{
    public class MorphologyTests
    {
        private static Mask3D RandomMask(int nx, int ny, int nz, Affine affine, int seed, double density)
        {
            var rng = new Random(seed);
            var m = new Mask3D(nx, ny, nz, affine);
            for (int i = 0; i < m.Length; i++)
            {
                m.Data[i] = rng.NextDouble() < density ? (byte)1 : (byte)0;
            }
            return m;
        }

        [Fact]
        public void DistanceTransform_MatchesBruteForce_OnAnisotropicGrid()
        {
            var affine = Affine.FromScaleAndOffset(1, 1.5, 3.2, 0, 0, 0);
            var m = RandomMask(9, 7, 6, affine, 42, 0.05);
            var d = DistanceTransform.SquaredDistanceTo(m, 1);
            for (int z = 0; z < m.Nz; z++)
            for (int y = 0; y < m.Ny; y++)
            for (int x = 0; x < m.Nx; x++)
            {
                double best = double.PositiveInfinity;
                for (int k = 0; k < m.Nz; k++)
                for (int j = 0; j < m.Ny; j++)
                for (int i = 0; i < m.Nx; i++)
                {
                    if (m[i, j, k])
                    {
                        double dx = (x - i) * 1.0, dy = (y - j) * 1.5, dz = (z - k) * 3.2;
                        best = Math.Min(best, dx * dx + dy * dy + dz * dz);
                    }
                }
                Assert.Equal(best, d[m.Index(x, y, z)], 3);
            }
        }

        [Theory]
        [InlineData(1, 1, 1, 3.0)]
        [InlineData(2, 2, 2, 4.0)]     // the head masker's closing on the 2 mm working grid
        [InlineData(2, 2, 2, 4.4721)]  // just above sqrt(20): offsets (2, 1, 0) mm x 2 lie on the sphere
        [InlineData(1, 2, 3, 3.6)]     // anisotropic
        [InlineData(3, 3, 3, 2.0)]     // a radius smaller than a voxel: only the voxel itself
        [InlineData(2, 2, 2, 6.0)]
        public void DilateAndErode_OnIntegerVoxels_AgreeWithTheDistanceTransformDefinition(int sx, int sy, int sz, double radius)
        {
            // Integer voxel sizes take the shifted-ball path (BallMorphology); the definition is the distance transform's
            // d^2 <= r^2 (dilation, distance to the set voxels) and d^2 > r^2 (erosion, distance to the unset ones).
            var affine = Affine.FromScaleAndOffset(sx, sy, sz, 0, 0, 0);
            for (int seed = 0; seed < 6; seed++)
            {
                var rng = new Random(seed);
                var m = RandomMask(rng.Next(1, 30), rng.Next(1, 30), rng.Next(1, 30), affine, seed, new[] { 0.02, 0.3, 0.9 }[seed % 3]);
                float r2 = (float)(radius * radius);
                var toSet = DistanceTransform.SquaredDistanceTo(m, 1);
                var toUnset = DistanceTransform.SquaredDistanceTo(m, 0);
                var dilated = Morphology.Dilate(m, radius);
                var eroded = Morphology.Erode(m, radius);
                for (int i = 0; i < m.Length; i++)
                {
                    Assert.Equal(toSet[i] <= r2 ? 1 : 0, dilated.Data[i]);
                    Assert.Equal(toUnset[i] > r2 ? 1 : 0, eroded.Data[i]);
                }
            }
        }

        [Fact]
        public void DilateThenErode_BallRadiusInMm_NotVoxels()
        {
            // A single voxel dilated by 4 mm on a 2 mm grid reaches 2 voxels along each axis, not 4.
            var m = new Mask3D(11, 11, 11, Affine.FromScaleAndOffset(2, 2, 2, 0, 0, 0));
            m[5, 5, 5] = true;
            var d = Morphology.Dilate(m, 4);
            Assert.True(d[7, 5, 5]);
            Assert.False(d[8, 5, 5]);
            Assert.False(d[7, 7, 5]); // sqrt(32) > 4
            Assert.Equal(1, Morphology.Erode(d, 3.9).Count());
        }

        [Fact]
        public void FillHoles_FillsEnclosedCavity_NotOpenOne()
        {
            var m = new Mask3D(9, 9, 9, Affine.Identity);
            for (int z = 2; z <= 6; z++)
            for (int y = 2; y <= 6; y++)
            for (int x = 2; x <= 6; x++)
            {
                bool shell = x == 2 || x == 6 || y == 2 || y == 6 || z == 2 || z == 6;
                m[x, y, z] = shell;
            }
            var filled = Morphology.FillHoles(m);
            Assert.Equal(125, filled.Count());
            m[2, 4, 4] = false; // open the box
            Assert.Equal(m.Count(), Morphology.FillHoles(m).Count());
        }

        [Fact]
        public void LargestComponent_KeepsBiggestSixConnectedPart()
        {
            var m = new Mask3D(10, 3, 3, Affine.Identity);
            m[0, 1, 1] = true;
            m[1, 1, 1] = true;
            m[3, 1, 1] = true;
            m[4, 1, 1] = true;
            m[5, 1, 1] = true;
            m[7, 0, 0] = true;
            m[8, 1, 1] = true; // diagonal to (7,0,0): not 6-connected
            var largest = Morphology.LargestComponent(m);
            Assert.Equal(3, largest.Count());
            Assert.True(largest[4, 1, 1]);
            var (_, sizes) = Morphology.LabelComponents(m);
            Assert.Equal(5, sizes.Length); // background slot + 4 components
        }

        [Fact]
        public void Otsu_SplitsTwoPopulations_AtAnyScale()
        {
            foreach (double scale in new[] { 1.0, 13.9, 0.01 })
            {
                var v = new Volume3D(100, 1, 1, Affine.Identity);
                for (int i = 0; i < 100; i++)
                {
                    v.Data[i] = (float)((i < 60 ? 10 + i % 5 : 100 + i % 7) * scale);
                }
                double t = IntensityStatistics.Otsu(v, null, 0, 110 * scale);
                Assert.InRange(t / scale, 14, 100);
            }
        }
    }
}
