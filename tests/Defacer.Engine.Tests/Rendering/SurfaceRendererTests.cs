using System;
using System.Collections.Generic;
using Defacer.Engine.Rendering;
using Defacer.Engine.Volumes;
using Xunit;

namespace Defacer.Engine.Tests.Rendering
{
    public class SurfaceRendererTests
    {
        private static (double Count, double Cx, double Cy) Foreground(RgbImage im)
        {
            double n = 0, sx = 0, sy = 0;
            for (int y = 0; y < im.Height; y++)
            for (int x = 0; x < im.Width; x++)
            {
                var p = im.Get(x, y);
                if (p.R + p.G + p.B > 0)
                {
                    n++;
                    sx += x + 0.5;
                    sy += y + 0.5;
                }
            }
            return (n, n > 0 ? sx / n : double.NaN, n > 0 ? sy / n : double.NaN);
        }

        [Theory]
        [InlineData(SurfaceView.Front)]
        [InlineData(SurfaceView.Left)]
        [InlineData(SurfaceView.Right)]
        [InlineData(SurfaceView.ThreeQuarter)]
        [InlineData(SurfaceView.Top)]
        public void Sphere_RendersAsDiscOfItsRadius(SurfaceView view)
        {
            var v = SyntheticVolumes.Sample("RAS", 90, 90, 90, 1.0, (x, y, z) => SyntheticVolumes.Ball(x, y, z, 0, 0, 0, 30));
            var r = new SurfaceRenderer(v, new SurfaceRenderOptions { Threshold = 50, PixelSizeMm = 0.5 });
            var im = r.Render(view);
            var fg = Foreground(im);
            double radiusMm = Math.Sqrt(fg.Count / Math.PI) * 0.5;
            Assert.InRange(radiusMm, 29.6, 30.4);
            // Centred: the world origin projects to the image centre.
            Assert.InRange(fg.Cx, im.Width / 2.0 - 1, im.Width / 2.0 + 1);
            Assert.InRange(fg.Cy, im.Height / 2.0 - 1, im.Height / 2.0 + 1);
        }

        [Theory]
        // A ball on the subject's left: facing the subject (Front) it is on screen right; from above (Top) on screen left.
        [InlineData(-25, 0, 0, SurfaceView.Front, +1, 0)]
        [InlineData(-25, 0, 0, SurfaceView.Top, -1, 0)]
        [InlineData(-25, 0, 0, SurfaceView.ThreeQuarter, +1, 0)]
        // Anterior: from the left it points to screen left, from the right to screen right, from above up.
        [InlineData(0, 25, 0, SurfaceView.Left, -1, 0)]
        [InlineData(0, 25, 0, SurfaceView.Right, +1, 0)]
        [InlineData(0, 25, 0, SurfaceView.Top, 0, -1)]
        // Superior is up in every side view.
        [InlineData(0, 0, 25, SurfaceView.Front, 0, -1)]
        [InlineData(0, 0, 25, SurfaceView.Left, 0, -1)]
        [InlineData(0, 0, 25, SurfaceView.ThreeQuarter, 0, -1)]
        public void Views_FollowTheStatedConvention(double cx, double cy, double cz, SurfaceView view, int screenX, int screenY)
        {
            var v = SyntheticVolumes.Sample("RAS", 80, 80, 80, 1.0, (x, y, z) => SyntheticVolumes.Ball(x, y, z, cx, cy, cz, 10));
            var im = new SurfaceRenderer(v, new SurfaceRenderOptions { Threshold = 50, PixelSizeMm = 1 }).Render(view);
            var fg = Foreground(im);
            double dx = fg.Cx - im.Width / 2.0, dy = fg.Cy - im.Height / 2.0;
            if (screenX == 0) Assert.InRange(dx, -1.5, 1.5); else Assert.True(Math.Sign(dx) == screenX && Math.Abs(dx) > 10, $"dx={dx}");
            if (screenY == 0) Assert.InRange(dy, -1.5, 1.5); else Assert.True(Math.Sign(dy) == screenY && Math.Abs(dy) > 10, $"dy={dy}");
        }

        [Theory]
        [InlineData(SurfaceView.Front)]
        [InlineData(SurfaceView.Left)]
        [InlineData(SurfaceView.ThreeQuarter)]
        [InlineData(SurfaceView.Top)]
        public void Render_IsTheSameForEveryStorageOrder(SurfaceView view)
        {
            var images = new List<RgbImage>();
            foreach (var order in new[] { "RAS", "LPS", "PSR" })
            {
                var v = SyntheticVolumes.Sample(order, 44, 50, 48, 2.0, SyntheticVolumes.Head);
                var r = new SurfaceRenderer(v);
                images.Add(r.Render(view));
            }
            for (int i = 1; i < images.Count; i++)
            {
                Assert.Equal((images[0].Width, images[0].Height), (images[i].Width, images[i].Height));
                int differing = 0, maxDiff = 0;
                for (int k = 0; k < images[0].Rgb.Length; k++)
                {
                    int d = Math.Abs(images[0].Rgb[k] - images[i].Rgb[k]);
                    maxDiff = Math.Max(maxDiff, d);
                    if (d > 2) differing++;
                }
                // Rounding in the affine inverse may move a silhouette pixel; nothing more.
                Assert.True(differing <= images[0].Rgb.Length / 2000, $"{differing} bytes differ (max {maxDiff})");
            }
        }

        [Fact]
        public void Render_IsDeterministic()
        {
            var v = SyntheticVolumes.Sample("PSR", 44, 50, 48, 2.0, SyntheticVolumes.Head);
            var a = new SurfaceRenderer(v).Render(SurfaceView.ThreeQuarter).ToPng();
            var b = new SurfaceRenderer(v).Render(SurfaceView.ThreeQuarter).ToPng();
            Assert.Equal(a, b);
        }

        [Fact]
        public void Render_ObliqueAffine_RotatesTheObjectNotThePicture()
        {
            // The same head in a grid rotated by 15 degrees about S must still face the front camera.
            double t = 15 * Math.PI / 180, c = Math.Cos(t), s = Math.Sin(t);
            var rot = Affine.FromRowMajor(new[] { c, -s, 0, 0, s, c, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1 });
            var grid = Affine.FromScaleAndOffset(1.5, 1.5, 1.5, -60, -60, -60);
            var affine = rot.Multiply(grid);
            var v = new Volume3D(81, 81, 81, affine);
            for (int k = 0; k < 81; k++)
            for (int j = 0; j < 81; j++)
            for (int i = 0; i < 81; i++)
            {
                var w = affine.Apply(i, j, k);
                v[i, j, k] = (float)SyntheticVolumes.Ball(w.X, w.Y, w.Z, 0, 30, 0, 12);
            }
            var im = new SurfaceRenderer(v, new SurfaceRenderOptions { Threshold = 50, PixelSizeMm = 1 }).Render(SurfaceView.Left);
            var fg = Foreground(im);
            // Anterior ball: 30 mm to screen left of the projected world origin, which is the image centre only for
            // an axis-aligned box, so compare with the ball's radius and side instead.
            Assert.InRange(Math.Sqrt(fg.Count / Math.PI), 11.3, 12.7);
            Assert.True(fg.Cx < im.Width / 2.0, $"cx={fg.Cx} width={im.Width}");
        }

        [Fact]
        public void TintMask_ColoursOnlyTheMaskedSurface()
        {
            var v = SyntheticVolumes.Sample("LPS", 80, 80, 80, 1.0, (x, y, z) => SyntheticVolumes.Ball(x, y, z, 0, 0, 0, 30));
            // Tint the subject's left half (world x < 0).
            var mask = Mask3D.Like(v);
            for (int k = 0; k < v.Nz; k++)
            for (int j = 0; j < v.Ny; j++)
            for (int i = 0; i < v.Nx; i++)
            {
                mask[i, j, k] = v.Affine.Apply(i, j, k).X < 0;
            }
            var im = new SurfaceRenderer(v, new SurfaceRenderOptions { Threshold = 50, PixelSizeMm = 1, TintMask = mask }).Render(SurfaceView.Front);
            int redRight = 0, redLeft = 0, fgRight = 0;
            for (int y = 0; y < im.Height; y++)
            for (int x = 0; x < im.Width; x++)
            {
                var p = im.Get(x, y);
                bool red = p.R > 40 && p.G < p.R / 3;
                bool fg = p.R + p.G + p.B > 0;
                if (x > im.Width / 2 + 2) { fgRight += fg ? 1 : 0; redRight += red ? 1 : 0; }
                if (x < im.Width / 2 - 2) { redLeft += red ? 1 : 0; }
            }
            // Front view: subject's left is on screen right.
            Assert.True(redRight > 0.95 * fgRight, $"{redRight}/{fgRight}");
            Assert.Equal(0, redLeft);
        }

        [Fact]
        public void AutoThreshold_SeparatesTissueFromNoisyAir()
        {
            var rnd = new Random(5);
            var v = SyntheticVolumes.Sample("RAS", 60, 60, 60, 1.0, (x, y, z) => SyntheticVolumes.Ball(x, y, z, 0, 0, 0, 20) * 8 + rnd.NextDouble() * 40);
            double thr = SurfaceThreshold.Estimate(v);
            Assert.InRange(thr, 60, 700);
            var fg = Foreground(new SurfaceRenderer(v, new SurfaceRenderOptions { PixelSizeMm = 1 }).Render(SurfaceView.Front));
            Assert.InRange(Math.Sqrt(fg.Count / Math.PI), 19, 21.5);
        }

        [Fact]
        public void Constructor_FlatVolume_ThrowsWithTheShape()
        {
            var v = new Volume3D(10, 10, 1, Affine.Identity);
            var ex = Assert.Throws<ArgumentException>(() => new SurfaceRenderer(v));
            Assert.Contains("10x10x1", ex.Message);
        }
    }
}
