using System;
using Defacer.Engine.Registration;
using Defacer.Engine.Volumes;
using Xunit;

namespace Defacer.Engine.Tests.Registration
{
    public class ResamplerTests
    {
        [Fact]
        public void IdentityOnSameGridReproducesTheImage()
        {
            var a = SyntheticBlobs.CentredGrid(20, 3);
            var v = SyntheticBlobs.Sample(20, 20, 20, a, Affine.Identity);
            foreach (var mode in new[] { Interpolation.Linear, Interpolation.NearestNeighbour })
            {
                var r = Resampler.Resample(v, v, Affine.Identity, mode);
                Assert.Equal(v.Data, r.Data);
            }
        }

        [Fact]
        public void TranslationByWholeVoxelsShiftsValues()
        {
            var a = SyntheticBlobs.CentredGrid(16, 2);
            var v = SyntheticBlobs.Sample(16, 16, 16, a, Affine.Identity);
            // target point x reads moving point x + (4, 0, -2) mm = 2 voxels along x, -1 along z.
            var t = Affine.FromScaleAndOffset(1, 1, 1, 4, 0, -2);
            var r = Resampler.Resample(v, v, t, Interpolation.Linear, outsideValue: -1);
            Assert.Equal(v[7, 5, 6], r[5, 5, 7], 4);
            Assert.Equal(-1f, r[15, 3, 3]);
            Assert.Equal(-1f, r[3, 3, 0]);
        }

        [Fact]
        public void LinearInterpolationIsExactForALinearRamp()
        {
            var a = Affine.FromScaleAndOffset(2, 3, 4, -10, 5, 7);
            var v = new Volume3D(10, 9, 8, a);
            for (int z = 0; z < 8; z++)
                for (int y = 0; y < 9; y++)
                    for (int x = 0; x < 10; x++)
                    {
                        var w = a.Apply(x, y, z);
                        v[x, y, z] = (float)(w.X + 2 * w.Y - 0.5 * w.Z);
                    }
            // A 1 mm, rotated target grid well inside the moving image.
            var rot = AffineParameters.Rigid(0, 0, 0, 10, -7, 20).ToAffine(0, 0, 0);
            var target = Affine.FromScaleAndOffset(1, 1, 1, -3, 15, 17).Multiply(rot);
            var r = Resampler.Resample(v, 5, 5, 5, target, Affine.Identity, Interpolation.Linear, float.NaN);
            for (int z = 0; z < 5; z++)
                for (int y = 0; y < 5; y++)
                    for (int x = 0; x < 5; x++)
                    {
                        var w = target.Apply(x, y, z);
                        Assert.Equal(w.X + 2 * w.Y - 0.5 * w.Z, r[x, y, z], 3);
                    }
        }

        [Fact]
        public void DifferentOrientationsOfTheSameImageResampleIdentically()
        {
            // The same RAS image stored as LPS (flip x and y): resampling both into one target grid must agree.
            var ras = SyntheticBlobs.Sample(24, 20, 18, Affine.FromScaleAndOffset(3, 3, 3, -36, -30, -27), Affine.Identity);
            var lpsAffine = Affine.FromRowMajor(new double[] { -3, 0, 0, -36 + 23 * 3, 0, -3, 0, -30 + 19 * 3, 0, 0, 3, -27, 0, 0, 0, 1 });
            var lps = new Volume3D(24, 20, 18, lpsAffine);
            for (int z = 0; z < 18; z++)
                for (int y = 0; y < 20; y++)
                    for (int x = 0; x < 24; x++)
                        lps[x, y, z] = ras[23 - x, 19 - y, z];
            var target = Affine.FromScaleAndOffset(2, 2, 2, -30, -25, -20);
            var a = Resampler.Resample(ras, 25, 25, 20, target, Affine.Identity, Interpolation.Linear);
            var b = Resampler.Resample(lps, 25, 25, 20, target, Affine.Identity, Interpolation.Linear);
            for (int i = 0; i < a.Length; i++)
            {
                Assert.Equal(a.Data[i], b.Data[i], 3);
            }
        }

        [Fact]
        public void ParallelAndSerialGiveIdenticalBytes()
        {
            var a = SyntheticBlobs.CentredGrid(30, 3);
            var v = SyntheticBlobs.Sample(30, 30, 30, a, Affine.Identity);
            var t = AffineParameters.Rigid(3.3, -2.1, 1.7, 5, 3, -4).ToAffine(0, 0, 0);
            var target = SyntheticBlobs.CentredGrid(41, 2.1);
            var serial = Resampler.Resample(v, 41, 41, 41, target, t, Interpolation.Linear);
            var parallel = Resampler.Resample(v, 41, 41, 41, target, t, Interpolation.Linear, parallel: true);
            Assert.Equal(serial.Data, parallel.Data);
        }

        [Fact]
        public void MaskResamplingThresholdsAtHalf()
        {
            var m = new Mask3D(10, 10, 10, Affine.Identity);
            for (int z = 0; z < 10; z++)
                for (int y = 0; y < 10; y++)
                    for (int x = 0; x < 5; x++)
                        m[x, y, z] = true;
            // Shift by 0.4 voxel: the boundary moves by less than half a voxel, so nothing changes.
            var shifted = Resampler.ResampleMask(m, 10, 10, 10, Affine.Identity, Affine.FromScaleAndOffset(1, 1, 1, 0.4, 0, 0), Interpolation.Linear);
            Assert.Equal(m.Data, shifted.Data);
            // Shift by 0.6: column 4 now reads between 4 (in) and 5 (out) at 0.6 → value 0.4 → out.
            var shifted2 = Resampler.ResampleMask(m, 10, 10, 10, Affine.Identity, Affine.FromScaleAndOffset(1, 1, 1, 0.6, 0, 0), Interpolation.Linear);
            Assert.False(shifted2[4, 5, 5]);
            Assert.True(shifted2[3, 5, 5]);
        }
    }
}
