using System;
using System.Linq;
using System.Threading;
using Defacer.Engine.Deface;
using Defacer.Engine.Phantom;
using Defacer.Engine.Registration;
using Defacer.Engine.Tests.Segmentation;
using Defacer.Engine.Volumes;
using Xunit;
using Xunit.Abstractions;

namespace Defacer.Engine.Tests.Deface
{
    public class QuickshearMethodTests
    {
        private readonly ITestOutputHelper _output;

        public QuickshearMethodTests(ITestOutputHelper output)
        {
            _output = output;
        }

        private static long Overlap(Mask3D a, Mask3D b) => RealHeads.Overlap(a, b);

        private void AssertPhantomDefaced(PhantomHead p, DefaceMaskResult r, string what, double eyeFrontFraction = 1.0)
        {
            _output.WriteLine($"{what}: brain removed {Overlap(r.Remove, p.Brain)}, eyes {Overlap(r.Remove, p.Eyes)}/{p.Eyes.Count()} (fronts {Overlap(r.Remove, p.EyeFronts)}/{p.EyeFronts.Count()}), nose {Overlap(r.Remove, p.Nose)}/{p.Nose.Count()}, " +
                $"mouth {Overlap(r.Remove, p.Mouth)}/{p.Mouth.Count()}, chin {Overlap(r.Remove, p.Chin)}/{p.Chin.Count()}, cut {r.Details["CutAngleDegrees"]} deg");
            Assert.Equal(0, Overlap(r.Remove, p.Brain));
            // The visible half of the eyes goes entirely, and almost all of the globes (the cut may leave the back of a globe).
            Assert.True(Overlap(r.Remove, p.EyeFronts) >= eyeFrontFraction * p.EyeFronts.Count(), $"eye fronts: {Overlap(r.Remove, p.EyeFronts)}/{p.EyeFronts.Count()} removed");
            Assert.True(Overlap(r.Remove, p.Eyes) >= 0.9 * p.Eyes.Count(), "less than 90% of the eyes removed");
            Assert.Equal(p.Nose.Count(), Overlap(r.Remove, p.Nose));
            Assert.Equal(p.Mouth.Count(), Overlap(r.Remove, p.Mouth));
            Assert.Equal(p.Chin.Count(), Overlap(r.Remove, p.Chin));
            Assert.True(p.Eyes.Count() > 0 && p.Nose.Count() > 0 && p.Mouth.Count() > 0 && p.Chin.Count() > 0);
        }

        [Fact]
        public void Phantom_KeepsEveryBrainVoxel_RemovesEyesNoseMouthChin()
        {
            var p = HeadPhantom.Create();
            var r = new QuickshearMethod().ComputeRemovalMask(p.Image, CancellationToken.None);
            AssertPhantomDefaced(p, r, "phantom 2 mm RAS");
            Assert.Equal("Quickshear", new QuickshearMethod().Name);
        }

        [Theory]
        // Permuted storage and thick slices: every eye front voxel goes. Tilted grids (the head pitched against the voxel
        // axes): the plane is placed in the grid's frame, so the tilt changes which hull edge is cut; the brain is still
        // kept entirely and the nose, mouth and chin removed, but up to 5% of the eye fronts' voxels (the upper rim of a
        // globe under the brow) may stay. Measured: pitch -12: 864/898 (96.2%); LPS pitch 8 with 5 mm A-P voxels: 1302/1338 (97.3%).
        [InlineData("LPS", 0, 2, 2, 2, 1.0)]
        [InlineData("PSR", 0, 2, 2, 2, 1.0)]
        [InlineData("PIR", 0, 2, 2, 2, 1.0)]
        [InlineData("ASL", 0, 2, 2, 2, 1.0)]
        [InlineData("RAS", 0, 1, 1, 5, 1.0)]
        [InlineData("RAS", 15, 2, 2, 2, 0.95)]
        [InlineData("RAS", -12, 2, 2, 2, 0.95)]
        [InlineData("LPS", 8, 1, 5, 1, 0.95)]
        public void Phantom_AnyOrientationObliquityAnisotropy_SameGuarantees(string code, double pitch, double vx, double vy, double vz, double eyeFronts)
        {
            var p = HeadPhantom.Create(new HeadPhantomOptions { Orientation = code, PitchDegrees = pitch, VoxelSizeX = vx, VoxelSizeY = vy, VoxelSizeZ = vz });
            var r = new QuickshearMethod().ComputeRemovalMask(p.Image, CancellationToken.None);
            Assert.Equal((p.Image.Nx, p.Image.Ny, p.Image.Nz), (r.Remove.Nx, r.Remove.Ny, r.Remove.Nz));
            Assert.True(r.Remove.Affine.Equals(p.Image.Affine));
            AssertPhantomDefaced(p, r, $"{code} pitch {pitch} voxel {vx}x{vy}x{vz}", eyeFronts);
        }

        [Fact]
        public void Phantom_PermutedStorage_GivesTheSameMaskInTheCanonicalFrame()
        {
            var ras = HeadPhantom.Create();
            var psr = HeadPhantom.Create(new HeadPhantomOptions { Orientation = "PSR" });
            var a = new QuickshearMethod().ComputeRemovalMask(ras.Image, CancellationToken.None).Remove;
            var b = new QuickshearMethod().ComputeRemovalMask(psr.Image, CancellationToken.None).Remove;
            var bCanonical = CanonicalFrame.Of(psr.Image).ToCanonical(b);
            Assert.True(a.Data.AsSpan().SequenceEqual(bCanonical.Data));
        }

        [Fact]
        public void SameInput_IdenticalMaskBytes()
        {
            var p = HeadPhantom.Create(new HeadPhantomOptions { VoxelSizeX = 3, VoxelSizeY = 3, VoxelSizeZ = 3 });
            var a = new QuickshearMethod().ComputeRemovalMask(p.Image, CancellationToken.None);
            var b = new QuickshearMethod().ComputeRemovalMask(p.Image.Clone(), CancellationToken.None);
            Assert.True(a.Remove.Data.AsSpan().SequenceEqual(b.Remove.Data));
            Assert.True(a.Brain!.Data.AsSpan().SequenceEqual(b.Brain!.Data));
        }

        [Fact]
        public void SuppliedBrainMask_IsUsed_AndNeverCut()
        {
            var p = HeadPhantom.Create(new HeadPhantomOptions { VoxelSizeX = 3, VoxelSizeY = 3, VoxelSizeZ = 3 });
            // A deliberately larger "brain" (the labels dilated by 9 mm): the cut must move away to keep all of it.
            var big = Defacer.Engine.Segmentation.Morphology.Dilate(p.Brain, 9);
            var r = new QuickshearMethod(0, big).ComputeRemovalMask(p.Image, CancellationToken.None);
            Assert.Equal("supplied", r.Details["BrainMask"]);
            Assert.Equal(0, Overlap(r.Remove, big));
            Assert.True(r.Remove.Count() > 0);
        }

        [Fact]
        public void BadInputs_ThrowClearErrors()
        {
            var p = HeadPhantom.Create(new HeadPhantomOptions { VoxelSizeX = 4, VoxelSizeY = 4, VoxelSizeZ = 4 });
            Assert.Throws<ArgumentOutOfRangeException>(() => new QuickshearMethod(-1));
            var empty = Mask3D.Like(p.Image);
            var e = Assert.Throws<InvalidOperationException>(() => new QuickshearMethod(4, empty).ComputeRemovalMask(p.Image, CancellationToken.None));
            Assert.Contains("empty", e.Message);
            var wrongGrid = new Mask3D(3, 3, 3, Affine.Identity);
            var g = Assert.Throws<ArgumentException>(() => new QuickshearMethod(4, wrongGrid).ComputeRemovalMask(p.Image, CancellationToken.None));
            Assert.Contains("does not match", g.Message);
            // A single A-P column: no hull edge.
            var column = Mask3D.Like(p.Image);
            column[10, 20, 20] = true;
            column[10, 20, 21] = true;
            var c = Assert.Throws<InvalidOperationException>(() => new QuickshearMethod(4, column).ComputeRemovalMask(p.Image, CancellationToken.None));
            Assert.Contains("single", c.Message);
        }

        [Fact]
        public void Cancellation_IsHonoured()
        {
            var p = HeadPhantom.Create(new HeadPhantomOptions { VoxelSizeX = 4, VoxelSizeY = 4, VoxelSizeZ = 4 });
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => new QuickshearMethod().ComputeRemovalMask(p.Image, cts.Token));
        }
    }
}
