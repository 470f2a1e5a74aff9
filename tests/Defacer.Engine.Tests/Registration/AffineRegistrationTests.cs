using System;
using Defacer.Engine.Registration;
using Defacer.Engine.Volumes;
using Xunit;
using Xunit.Abstractions;

namespace Defacer.Engine.Tests.Registration
{
    public class AffineRegistrationTests
    {
        private readonly ITestOutputHelper _out;

        public AffineRegistrationTests(ITestOutputHelper output)
        {
            _out = output;
        }

        public static TheoryData<double, double, double, double, double, double> RigidCases => new TheoryData<double, double, double, double, double, double>
        {
            { 0, 0, 0, 0, 0, 0 },
            { 12, -8, 15, 0, 0, 0 },
            { 5, 10, -6, 12, -6, 8 },
            { -20, 6, 25, -18, 0, 0 },
        };

        [Theory]
        [MemberData(nameof(RigidCases))]
        public void RecoversKnownRigidTransforms(double tx, double ty, double tz, double rx, double ry, double rz)
        {
            var truth = AffineParameters.Rigid(tx, ty, tz, rx, ry, rz).ToAffine(0, 0, 0);
            var grid = SyntheticBlobs.CentredGrid(64, 3);
            var fixedImage = SyntheticBlobs.Sample(64, 64, 64, grid, truth);
            var moving = SyntheticBlobs.Sample(64, 64, 64, grid, Affine.Identity);
            // Two levels are enough on a 3 mm image and keep the test quick.
            var reg = new AffineRegistration { FinalKind = TransformKind.Rigid, LevelSpacingsMm = new[] { 8.0, 4.0 } };
            var result = reg.Register(fixedImage, moving);
            double err = SyntheticBlobs.MaxCornerError(truth, result.FixedToMoving);
            _out.WriteLine($"{result.Parameters} err {err:0.00} mm in {result.Elapsed.TotalMilliseconds:0} ms; {string.Join("; ", result.Stages)}");
            Assert.True(err < 1.5, $"corner error {err:0.00} mm");
            // The rotation part does not depend on the centre the parameters are about: compare the angles directly.
            var r = result.Parameters.Rotation;
            Assert.InRange(r.X * 180 / Math.PI, rx - 1, rx + 1);
            Assert.InRange(r.Y * 180 / Math.PI, ry - 1, ry + 1);
            Assert.InRange(r.Z * 180 / Math.PI, rz - 1, rz + 1);
        }

        [Fact]
        public void RecoversAnAffineTransformWithScaleAndShear()
        {
            var p = new double[AffineParameters.Count];
            p[0] = 6; p[1] = -4; p[2] = 9;
            p[3] = 0.1; p[4] = -0.05; p[5] = 0.08;
            p[6] = Math.Log(1.08); p[7] = Math.Log(0.94); p[8] = Math.Log(1.03);
            p[9] = 0.04; p[10] = -0.03; p[11] = 0.02;
            var truth = new AffineParameters(p).ToAffine(0, 0, 0);
            var grid = SyntheticBlobs.CentredGrid(64, 3);
            var fixedImage = SyntheticBlobs.Sample(64, 64, 64, grid, truth);
            var moving = SyntheticBlobs.Sample(64, 64, 64, grid, Affine.Identity);
            var result = new AffineRegistration().Register(fixedImage, moving);
            double err = SyntheticBlobs.MaxCornerError(truth, result.FixedToMoving);
            _out.WriteLine($"{result.Parameters} err {err:0.00} mm; {string.Join("; ", result.Stages)}");
            Assert.True(err < 2.5, $"corner error {err:0.00} mm");
        }

        [Fact]
        public void WorksAcrossContrastsAndStorageOrders()
        {
            // Fixed: bright blobs turned dark, dark ones kept (a contrast change, not a monotone map), stored PSR at 2.5 mm; moving: RAS at 2 mm.
            var truth = AffineParameters.Rigid(-7, 11, 4, 6, -9, 5).ToAffine(0, 0, 0);
            var psr = Affine.FromRowMajor(new double[]
            {
                0, 0, 2.5, -95,
                -2.5, 0, 0, 110,
                0, 2.5, 0, -95,
                0, 0, 0, 1,
            });
            var fixedImage = SyntheticBlobs.Sample(90, 76, 76, psr, truth, v => v <= 100 ? v : 200 - v);
            Assert.Equal("PSR", Orientation.CodeOf(psr));
            var moving = SyntheticBlobs.Sample(96, 96, 96, SyntheticBlobs.CentredGrid(96, 2), Affine.Identity);
            var result = new AffineRegistration { FinalKind = TransformKind.Rigid }.Register(fixedImage, moving);
            double err = SyntheticBlobs.MaxCornerError(truth, result.FixedToMoving);
            _out.WriteLine($"{result.Parameters} err {err:0.00} mm; {string.Join("; ", result.Stages)}");
            Assert.True(err < 2.5, $"corner error {err:0.00} mm");
        }

        [Fact]
        public void SameInputGivesTheSameTransform()
        {
            var truth = AffineParameters.Rigid(3, -5, 7, 4, 2, -3).ToAffine(0, 0, 0);
            var grid = SyntheticBlobs.CentredGrid(64, 3);
            var fixedImage = SyntheticBlobs.Sample(64, 64, 64, grid, truth);
            var moving = SyntheticBlobs.Sample(64, 64, 64, grid, Affine.Identity);
            var a = new AffineRegistration { LevelSpacingsMm = new[] { 8.0, 4.0 } }.Register(fixedImage, moving);
            var b = new AffineRegistration { LevelSpacingsMm = new[] { 8.0, 4.0 } }.Register(fixedImage, moving);
            Assert.Equal(a.FixedToMoving.ToRowMajor(), b.FixedToMoving.ToRowMajor());
            Assert.Equal(a.FinalMetric, b.FinalMetric);
            Assert.NotEmpty(a.Stages);
            Assert.All(a.Stages, s => Assert.True(s.Iterations > 0));
        }
    }
}
