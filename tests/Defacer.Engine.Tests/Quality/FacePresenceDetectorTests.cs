using System;
using System.Linq;
using Defacer.Engine.Quality;
using Defacer.Engine.Volumes;
using Xunit;

namespace Defacer.Engine.Tests.Quality
{
    public class FacePresenceDetectorTests
    {
        [Theory]
        [InlineData("RAS")]
        [InlineData("LPS")]
        [InlineData("PSR")]
        public void PhantomWithFace_HasEveryFeature_InAnyStorageOrder(string order)
        {
            var v = FacePhantom.Sample(order, FacePhantom.Head);
            var r = FacePresenceDetector.Detect(v);
            Assert.True(r.FacePresent, r.ToString());
            foreach (var f in r.Features)
            {
                Assert.True(f.State == FeatureState.Present, f.ToString());
            }
            // The nose tip is about 19 mm in front of the forehead plane.
            Assert.InRange(r[FaceFeature.Nose].ProtrusionMm, 12, 26);
        }

        [Fact]
        public void BrainOnly_HasNoFace()
        {
            var r = FacePresenceDetector.Detect(FacePhantom.Sample("RAS", FacePhantom.Brain));
            Assert.False(r.FacePresent, r.ToString());
            Assert.DoesNotContain(r.Features, f => f.State == FeatureState.Present);
        }

        [Fact]
        public void ZeroingTheAnteriorInferiorRegion_RemovesTheFace()
        {
            var v = FacePhantom.Sample("LPS", FacePhantom.Head);
            var before = FacePresenceDetector.Detect(v);
            Assert.True(before.FacePresent);
            // Remove everything in front of a plane 25 mm behind the forehead and more than 85 mm below the vertex.
            for (int k = 0; k < v.Nz; k++)
            for (int j = 0; j < v.Ny; j++)
            for (int i = 0; i < v.Nx; i++)
            {
                var w = v.Affine.Apply(i, j, k);
                if (w.Y > before.ForeheadY - 25 && w.Z < before.VertexZ - 85)
                {
                    v[i, j, k] = 0;
                }
            }
            var after = FacePresenceDetector.Detect(v);
            Assert.False(after.FacePresent, after.ToString());
            Assert.All(after.Features, f => Assert.Equal(FeatureState.Absent, f.State));
        }

        [Fact]
        public void NoseOnlyRemoved_ReportsTheRestPresent()
        {
            var v = FacePhantom.Sample("RAS", (x, y, z) => FacePhantom.Head(x, y, z));
            var full = FacePresenceDetector.Detect(v);
            // Cut the nose off flush with the forehead plane.
            for (int k = 0; k < v.Nz; k++)
            for (int j = 0; j < v.Ny; j++)
            for (int i = 0; i < v.Nx; i++)
            {
                var w = v.Affine.Apply(i, j, k);
                if (w.Y > full.ForeheadY && Math.Abs(w.X - full.MidlineX) < 14 && w.Z < full.VertexZ - 100 && w.Z > full.VertexZ - 160)
                {
                    v[i, j, k] = 0;
                }
            }
            var r = FacePresenceDetector.Detect(v);
            Assert.Equal(FeatureState.Absent, r[FaceFeature.Nose].State);
            Assert.Equal(FeatureState.Present, r[FaceFeature.Eyes].State);
            Assert.True(r.FacePresent, "eyes remain, so the face is still present");
        }

        [Fact]
        public void CroppedFieldOfView_SaysSoInsteadOfGuessing()
        {
            // Keep only the top 100 mm of the head: no feature region is inside the image.
            var full = FacePhantom.Sample("RAS", FacePhantom.Head);
            int keep = 50;
            var top = new Volume3D(full.Nx, full.Ny, keep, full.Affine.Multiply(Affine.FromScaleAndOffset(1, 1, 1, 0, 0, full.Nz - keep)));
            Array.Copy(full.Data, (long)full.Nx * full.Ny * (full.Nz - keep), top.Data, 0, top.Length);
            var r = FacePresenceDetector.Detect(top);
            Assert.True(r.Undetermined, r.ToString());
            Assert.All(r.Features, f => Assert.Equal(FeatureState.OutsideFieldOfView, f.State));
        }

        [Fact]
        public void EmptyImage_HasNoFace()
        {
            var v = new Volume3D(20, 20, 20, Affine.Identity);
            var r = FacePresenceDetector.Detect(v);
            Assert.False(r.FacePresent);
            Assert.Equal(0, r.HeadVoxels);
        }

        [Fact]
        public void HeadMaskOnAnotherGrid_Throws()
        {
            var v = new Volume3D(20, 20, 20, Affine.Identity);
            var ex = Assert.Throws<ArgumentException>(() => FacePresenceDetector.Detect(v, new Mask3D(10, 20, 20, Affine.Identity)));
            Assert.Contains("10x20x20", ex.Message);
        }
    }
}
