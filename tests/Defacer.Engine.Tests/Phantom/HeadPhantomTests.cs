using System;
using System.Linq;
using Defacer.Engine.Phantom;
using Defacer.Engine.Volumes;
using Xunit;

namespace Defacer.Engine.Tests.Phantom
{
    public class HeadPhantomTests
    {
        [Fact]
        public void Create_SameOptions_IdenticalBytes()
        {
            var a = HeadPhantom.Create(new HeadPhantomOptions { VoxelSizeX = 3, VoxelSizeY = 3, VoxelSizeZ = 3 });
            var b = HeadPhantom.Create(new HeadPhantomOptions { VoxelSizeX = 3, VoxelSizeY = 3, VoxelSizeZ = 3 });
            Assert.True(a.Image.Data.AsSpan().SequenceEqual(b.Image.Data));
            Assert.True(a.Tissues.AsSpan().SequenceEqual(b.Tissues));
        }

        [Fact]
        public void Create_OtherSeed_OtherNoise()
        {
            var a = HeadPhantom.Create(new HeadPhantomOptions { VoxelSizeX = 4, VoxelSizeY = 4, VoxelSizeZ = 4, Seed = 1 });
            var b = HeadPhantom.Create(new HeadPhantomOptions { VoxelSizeX = 4, VoxelSizeY = 4, VoxelSizeZ = 4, Seed = 2 });
            Assert.False(a.Image.Data.AsSpan().SequenceEqual(b.Image.Data));
            Assert.True(a.Tissues.AsSpan().SequenceEqual(b.Tissues));
        }

        [Fact]
        public void Labels_HaveAdultSizes_AndFaceIsOutsideTheBrain()
        {
            var p = HeadPhantom.Create();
            double brainMl = p.Brain.VolumeMm3() / 1000;
            Assert.InRange(brainMl, 1100, 1700);
            foreach (var feature in new[] { p.Eyes, p.Nose, p.Mouth, p.Chin, p.Ears })
            {
                Assert.True(feature.Count() > 50, "every face feature must be sampled");
            }
            var face = p.Face;
            int overlap = 0;
            for (int i = 0; i < face.Length; i++)
            {
                overlap += face.Data[i] & p.Brain.Data[i];
            }
            Assert.Equal(0, overlap);
        }

        [Fact]
        public void Image_IsT1Like_WhiteBrighterThanGreyBrighterThanCsf()
        {
            var p = HeadPhantom.Create(new HeadPhantomOptions { IntensityScale = 0.01 });
            double Mean(PhantomTissue t) => Enumerable.Range(0, p.Tissues.Length).Where(i => p.Tissues[i] == (byte)t).Average(i => p.Image.Data[i]);
            Assert.True(Mean(PhantomTissue.WhiteMatter) > Mean(PhantomTissue.GreyMatter));
            Assert.True(Mean(PhantomTissue.GreyMatter) > Mean(PhantomTissue.Csf));
            Assert.InRange(Mean(PhantomTissue.WhiteMatter), 8, 12);
        }

        [Theory]
        [InlineData("LPS")]
        [InlineData("PSR")]
        [InlineData("PIR")]
        [InlineData("ASL")]
        public void Create_Orientation_SameAnatomyInCanonicalFrame(string code)
        {
            var ras = HeadPhantom.Create(new HeadPhantomOptions { NoiseFraction = 0 });
            var other = HeadPhantom.Create(new HeadPhantomOptions { Orientation = code, NoiseFraction = 0 });
            Assert.Equal(code, Orientation.CodeOf(other.Image.Affine));
            var canon = CanonicalFrame.Of(other.Image).ToCanonical(other.Image);
            Assert.Equal((ras.Image.Nx, ras.Image.Ny, ras.Image.Nz), (canon.Nx, canon.Ny, canon.Nz));
            Assert.True(canon.Affine.ApproximatelyEquals(ras.Image.Affine, 1e-6), $"{canon.Affine} vs {ras.Image.Affine}");
            Assert.True(ras.Image.Data.AsSpan().SequenceEqual(canon.Data), "canonical copy differs from the RAS phantom");
        }

        [Fact]
        public void Create_Anisotropic_And_Oblique_KeepBrainVolume()
        {
            var iso = HeadPhantom.Create();
            var aniso = HeadPhantom.Create(new HeadPhantomOptions { VoxelSizeX = 1, VoxelSizeY = 1, VoxelSizeZ = 5 });
            var oblique = HeadPhantom.Create(new HeadPhantomOptions { PitchDegrees = 15, RollDegrees = 5 });
            Assert.Equal(5, aniso.Image.Spacing.Z, 6);
            Assert.InRange(aniso.Brain.VolumeMm3() / iso.Brain.VolumeMm3(), 0.97, 1.03);
            Assert.InRange(oblique.Brain.VolumeMm3() / iso.Brain.VolumeMm3(), 0.97, 1.03);
            Assert.Equal("RAS", Orientation.CodeOf(oblique.Image.Affine));
            Assert.NotEqual(0, oblique.Image.Affine[1, 2], 3);
        }

        [Fact]
        public void Create_BadOrientation_Throws()
        {
            Assert.Throws<ArgumentException>(() => HeadPhantom.Create(new HeadPhantomOptions { Orientation = "RAR" }));
            Assert.Throws<ArgumentException>(() => HeadPhantom.Create(new HeadPhantomOptions { Orientation = "XYZ" }));
        }
    }
}
