using System;
using Defacer.Engine.Volumes;
using Xunit;

namespace Defacer.Engine.Tests.Volumes
{
    public class CanonicalFrameTests
    {
        // A PSR affine like the IXI images: voxel axis 0 runs posterior, 1 superior, 2 right.
        private static readonly Affine s_psr = Affine.FromRowMajor(new double[]
        {
            0, 0, 2, -90,
            -2, 0, 0, 120,
            0, 2, 0, -100,
            0, 0, 0, 1,
        });

        [Theory]
        [InlineData(new double[] { 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1 }, "RAS")]
        [InlineData(new double[] { -1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1 }, "LPS")]
        [InlineData(new double[] { -2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1 }, "LAS")]
        [InlineData(new double[] { 0, 0, 2, -90, -2, 0, 0, 120, 0, 2, 0, -100, 0, 0, 0, 1 }, "PSR")]
        [InlineData(new double[] { 0, 0, -1, 0, -1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 1 }, "PIL")]
        public void Orientation_Code_MatchesNibabel(double[] m, string expected)
        {
            Assert.Equal(expected, Orientation.CodeOf(Affine.FromRowMajor(m)));
        }

        [Fact]
        public void Orientation_Oblique20Degrees_TakesNearestAxis()
        {
            double t = 20 * Math.PI / 180;
            var a = Affine.FromRowMajor(new double[] { Math.Cos(t), -Math.Sin(t), 0, 0, Math.Sin(t), Math.Cos(t), 0, 0, 0, 0, 1, 0, 0, 0, 0, 1 });
            Assert.Equal("RAS", Orientation.CodeOf(a));
        }

        [Fact]
        public void ToCanonical_KeepsEveryVoxelAtItsWorldPosition()
        {
            var v = new Volume3D(4, 5, 6, s_psr);
            for (int i = 0; i < v.Length; i++)
            {
                v.Data[i] = i;
            }
            var frame = CanonicalFrame.Of(v);
            var c = frame.ToCanonical(v);
            Assert.Equal("RAS", Orientation.CodeOf(c.Affine));
            Assert.Equal((6, 4, 5), (c.Nx, c.Ny, c.Nz));
            for (int z = 0; z < c.Nz; z++)
            for (int y = 0; y < c.Ny; y++)
            for (int x = 0; x < c.Nx; x++)
            {
                var w = c.Affine.Apply(x, y, z);
                var ijk = v.Affine.Inverse().Apply(w.X, w.Y, w.Z);
                int i = (int)Math.Round(ijk.X), j = (int)Math.Round(ijk.Y), k = (int)Math.Round(ijk.Z);
                Assert.Equal(v[i, j, k], c[x, y, z]);
            }
        }

        [Fact]
        public void FromCanonical_RoundTripsExactly()
        {
            var v = new Volume3D(4, 5, 6, s_psr);
            var rng = new Random(1);
            for (int i = 0; i < v.Length; i++)
            {
                v.Data[i] = (float)rng.NextDouble();
            }
            var frame = CanonicalFrame.Of(v);
            var back = frame.FromCanonical(frame.ToCanonical(v));
            Assert.Equal(v.Data, back.Data);
            Assert.True(back.Affine.ApproximatelyEquals(v.Affine, 0));
        }
    
        // Views and hand-overs skip the copy only when the storage is already RAS; otherwise they reorder like the copies.
        [Fact]
        public void CanonicalView_And_HandOver_CopyOnlyWhenTheStorageIsNotRas()
        {
            var ras = new Volume3D(4, 5, 6, Affine.FromScaleAndOffset(1, 1, 1, 0, 0, 0));
            var rasFrame = CanonicalFrame.Of(ras);
            Assert.Same(ras, rasFrame.CanonicalView(ras));
            var rasMask = Mask3D.Like(ras);
            Assert.Same(rasMask, rasFrame.CanonicalView(rasMask));
            Assert.Same(rasMask, rasFrame.FromCanonicalHandOver(rasMask));

            var psr = new Volume3D(4, 5, 6, s_psr);
            for (int i = 0; i < psr.Length; i++)
            {
                psr.Data[i] = i;
            }
            var frame = CanonicalFrame.Of(psr);
            var view = frame.CanonicalView(psr);
            Assert.NotSame(psr, view);
            Assert.Equal(frame.ToCanonical(psr).Data, view.Data);
            var mask = Mask3D.Like(psr);
            mask.Data[7] = 1;
            var canonicalMask = frame.ToCanonical(mask);
            Assert.Equal(frame.FromCanonical(canonicalMask).Data, frame.FromCanonicalHandOver(canonicalMask).Data);
            Assert.Equal(mask.Data, frame.FromCanonicalHandOver(canonicalMask).Data);
        }
    }
}
