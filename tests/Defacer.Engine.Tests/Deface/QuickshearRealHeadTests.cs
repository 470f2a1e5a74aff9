using System;
using System.Threading;
using Defacer.Engine.Deface;
using Defacer.Engine.Registration;
using Defacer.Engine.Segmentation;
using Defacer.Engine.Tests.Segmentation;
using Defacer.Engine.Volumes;
using Xunit;
using Xunit.Abstractions;

namespace Defacer.Engine.Tests.Deface
{
    /// <summary>
    /// Quickshear on the shared real heads and on copies the test reorients, rotates and resamples. Real heads have no face
    /// labels, so the face check is geometric, in the canonical frame: the "face zone" is the head in front of a plane
    /// 30 mm behind the brain's frontal pole and from 10 to 100 mm below the lowest brain point of the frontal 15 mm
    /// (the orbitofrontal floor). Eyes, nose, mouth and chin all lie there; at least 95% of it must go, and the nose
    /// tip (the zone's most anterior voxel) must go. Renders of every head (front, three-quarter, side) were inspected
    /// by eye as well (see the segment branch's report).
    /// </summary>
    public class QuickshearRealHeadTests
    {
        private readonly ITestOutputHelper _output;

        public QuickshearRealHeadTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Theory]
        [InlineData(RealHeads.Otsu)]
        [InlineData(RealHeads.Ext2)]
        [InlineData(RealHeads.Xa30)]
        [InlineData(RealHeads.Ixi012)]
        [InlineData(RealHeads.Ixi015)]
        public void FullFaceHead_KeepsBrain_RemovesFaceZone(string name)
        {
            var volume = RealHeads.Load(name);
            var r = RealHeads.Quickshear(name);
            Assert.Equal(0, RealHeads.Overlap(r.Remove, r.Brain!));
            if (name == RealHeads.Ixi012 || name == RealHeads.Ixi015)
            {
                Assert.Equal(0, RealHeads.Overlap(r.Remove, RealHeads.Labels(name)));
            }
            AssertFaceZoneRemoved(volume, r, name, 0.95);
        }

        [Theory]
        [InlineData("LPS")]
        [InlineData("PIR")]
        [InlineData("ASL")]
        [InlineData("RAS")]
        public void Reoriented_Ixi015_SameCutInTheCanonicalFrame(string code)
        {
            var original = RealHeads.Load(RealHeads.Ixi015);
            var copy = TransformedHeads.Reorient(original, code);
            Assert.Equal(code, Orientation.CodeOf(copy.Affine));
            var r = new QuickshearMethod().ComputeRemovalMask(copy, CancellationToken.None);
            var expected = CanonicalFrame.Of(original).ToCanonical(RealHeads.Quickshear(RealHeads.Ixi015).Remove);
            var actual = CanonicalFrame.Of(copy).ToCanonical(r.Remove);
            Assert.True(expected.Data.AsSpan().SequenceEqual(actual.Data), $"{code} copy gives another cut");
        }

        [Theory]
        [InlineData(15, 5, 2, 2)] // oblique: pitched 15 degrees and rolled 5, 2 mm voxels
        [InlineData(-10, 0, 2, 2)] // pitched -10 degrees
        [InlineData(0, 0, 1, 5)] // resampled to 1 x 1 x 5 mm voxels
        public void ResampledCopies_Ixi015_KeepLabelledBrain_RemoveFaceZone(double pitchDeg, double rollDeg, double inPlaneMm, double sliceMm)
        {
            var original = RealHeads.Load(RealHeads.Ixi015);
            var labels = LabelsAsVolume(RealHeads.Ixi015);
            var (copy, resampledLabels) = TransformedHeads.Resample(original, labels, pitchDeg, rollDeg, inPlaneMm, sliceMm);
            var copyLabels = resampledLabels!;
            var labelMask = Mask3D.Like(copyLabels);
            for (int i = 0; i < labelMask.Length; i++)
            {
                labelMask.Data[i] = copyLabels.Data[i] > 0.5f ? (byte)1 : (byte)0;
            }
            var r = new QuickshearMethod().ComputeRemovalMask(copy, CancellationToken.None);
            _output.WriteLine($"pitch {pitchDeg}, roll {rollDeg}, voxel {inPlaneMm}x{inPlaneMm}x{sliceMm}: label voxels removed {RealHeads.Overlap(r.Remove, labelMask)} of {labelMask.Count()}, Dice {r.Brain!.Dice(labelMask):F4}");
            Assert.Equal(0, RealHeads.Overlap(r.Remove, labelMask));
            Assert.Equal(0, RealHeads.Overlap(r.Remove, r.Brain!));
            AssertFaceZoneRemoved(copy, r, $"IXI015 copy pitch {pitchDeg}", 0.90);
        }

        private void AssertFaceZoneRemoved(Volume3D volume, DefaceMaskResult r, string what, double minimumFraction)
        {
            var frame = CanonicalFrame.Of(volume);
            var brain = frame.ToCanonical(r.Brain!);
            var removed = frame.ToCanonical(r.Remove);
            var head = HeadMasker.ComputeCanonicalFullResolution(frame.ToCanonical(volume));
            double sa = brain.Affine.ColumnNorm(1), ss = brain.Affine.ColumnNorm(2);
            int nx = brain.Nx, ny = brain.Ny, plane = nx * ny;
            int poleA = 0;
            for (int i = 0; i < brain.Length; i++)
            {
                if (brain.Data[i] != 0) poleA = Math.Max(poleA, (i / nx) % ny);
            }
            int floorS = int.MaxValue;
            for (int i = 0; i < brain.Length; i++)
            {
                if (brain.Data[i] != 0 && ((i / nx) % ny) * sa >= poleA * sa - 15) floorS = Math.Min(floorS, i / plane);
            }
            long zone = 0, gone = 0;
            int tip = -1;
            double tipA = double.MinValue;
            for (int i = 0; i < head.Length; i++)
            {
                if (head.Data[i] == 0) continue;
                double a = ((i / nx) % ny) * sa, s = (i / plane) * ss;
                if (a > poleA * sa - 30 && s < floorS * ss - 10 && s > floorS * ss - 100)
                {
                    zone++;
                    gone += removed.Data[i];
                    if (a > tipA)
                    {
                        tipA = a;
                        tip = i;
                    }
                }
            }
            double fraction = (double)gone / zone;
            _output.WriteLine($"{what}: face zone {zone} voxels, {fraction:P1} removed, nose tip removed: {tip >= 0 && removed.Data[tip] != 0}, cut {r.Details["CutAngleDegrees"]} deg");
            Assert.True(zone > 1000, "the face zone should hold a face");
            Assert.True(fraction >= minimumFraction, $"{what}: only {fraction:P1} of the face zone removed");
            Assert.True(removed.Data[tip] != 0, $"{what}: the nose tip is kept");
        }

        private static Volume3D LabelsAsVolume(string name)
        {
            var m = RealHeads.Labels(name);
            var v = new Volume3D(m.Nx, m.Ny, m.Nz, m.Affine);
            for (int i = 0; i < m.Length; i++)
            {
                v.Data[i] = m.Data[i];
            }
            return v;
        }
    }
}
