using System;
using System.Collections.Generic;
using Defacer.Engine.Rendering;
using Defacer.Engine.Volumes;
using Xunit;

namespace Defacer.Engine.Tests.Rendering
{
    public class SliceRendererTests
    {
        // Bright pixels (ignores the yellow orientation letters by requiring gray).
        private static (int Count, double Cx, double Cy, int MinX, int MaxX, int MinY, int MaxY) Bright(RgbImage im)
        {
            int n = 0, minX = int.MaxValue, maxX = -1, minY = int.MaxValue, maxY = -1;
            double sx = 0, sy = 0;
            for (int y = 0; y < im.Height; y++)
            for (int x = 0; x < im.Width; x++)
            {
                var p = im.Get(x, y);
                if (p.R > 127 && p.R == p.G && p.G == p.B)
                {
                    n++;
                    sx += x + 0.5;
                    sy += y + 0.5;
                    minX = Math.Min(minX, x);
                    maxX = Math.Max(maxX, x);
                    minY = Math.Min(minY, y);
                    maxY = Math.Max(maxY, y);
                }
            }
            return (n, sx / Math.Max(1, n), sy / Math.Max(1, n), minX, maxX, minY, maxY);
        }

        [Fact]
        public void AnisotropicVoxels_KeepTheTrueAspectRatio()
        {
            // 1 x 1 x 4 mm voxels: a 20 mm ball must look round, not squashed, in coronal and sagittal slices.
            var affine = Affine.FromScaleAndOffset(1, 1, 4, -40, -40, -40);
            var v = new Volume3D(81, 81, 21, affine);
            for (int k = 0; k < v.Nz; k++)
            for (int j = 0; j < v.Ny; j++)
            for (int i = 0; i < v.Nx; i++)
            {
                var w = affine.Apply(i, j, k);
                v[i, j, k] = (float)SyntheticVolumes.Ball(w.X, w.Y, w.Z, 0, 0, 0, 20);
            }
            var r = new SliceRenderer(v, new SliceRenderOptions { PixelSizeMm = 1, Labels = false, LowPercentile = 0, HighPercentile = 100 });
            foreach (var plane in new[] { SlicePlane.Coronal, SlicePlane.Sagittal, SlicePlane.Axial })
            {
                var im = r.Render(plane, plane == SlicePlane.Axial ? 10 : 40);
                var b = Bright(im);
                double w = b.MaxX - b.MinX + 1, h = b.MaxY - b.MinY + 1;
                Assert.InRange(w, 36, 44);
                Assert.InRange(h / w, 0.85, 1.15);
            }
        }

        [Theory]
        // Neurological: a ball on the subject's left is on screen left in axial and coronal slices.
        [InlineData(false, SlicePlane.Axial, -1)]
        [InlineData(false, SlicePlane.Coronal, -1)]
        [InlineData(true, SlicePlane.Axial, +1)]
        [InlineData(true, SlicePlane.Coronal, +1)]
        public void LeftRight_FollowsTheConvention(bool radiological, SlicePlane plane, int expectedSide)
        {
            var v = SyntheticVolumes.Sample("LPS", 60, 60, 60, 1.0, (x, y, z) => SyntheticVolumes.Ball(x, y, z, -15, 0, 0, 8));
            var r = new SliceRenderer(v, new SliceRenderOptions { Radiological = radiological, PixelSizeMm = 1, Labels = false });
            var im = r.Render(plane, 30);
            var b = Bright(im);
            Assert.True(b.Count > 50);
            Assert.Equal(expectedSide, Math.Sign(b.Cx - im.Width / 2.0));
        }

        [Theory]
        [InlineData(SlicePlane.Axial, 0, 15, 0, 0, -1)]     // anterior up
        [InlineData(SlicePlane.Sagittal, 0, 15, 0, -1, 0)]  // anterior on screen left
        [InlineData(SlicePlane.Coronal, 0, 0, 15, 0, -1)]   // superior up
        [InlineData(SlicePlane.Sagittal, 0, 0, 15, 0, -1)]  // superior up
        public void AnteriorAndSuperior_AreWhereStated(SlicePlane plane, double r, double a, double s, int sideX, int sideY)
        {
            var v = SyntheticVolumes.Sample("PSR", 61, 61, 61, 1.0, (x, y, z) => SyntheticVolumes.Ball(x, y, z, r, a, s, 8));
            var renderer = new SliceRenderer(v, new SliceRenderOptions { PixelSizeMm = 1, Labels = false });
            // Canonical index of the ball's centre along the plane's normal (the grid is centred on 0, 1 mm).
            double normal = plane == SlicePlane.Axial ? s : plane == SlicePlane.Coronal ? a : r;
            var im = renderer.Render(plane, (int)Math.Round(30 + normal));
            var b = Bright(im);
            Assert.True(b.Count > 50, $"{b.Count} bright pixels");
            double dx = b.Cx - im.Width / 2.0, dy = b.Cy - im.Height / 2.0;
            if (sideX == 0) Assert.InRange(dx, -2, 2); else Assert.True(Math.Sign(dx) == sideX && Math.Abs(dx) > 8, $"dx={dx}");
            if (sideY == 0) Assert.InRange(dy, -2, 2); else Assert.True(Math.Sign(dy) == sideY && Math.Abs(dy) > 8, $"dy={dy}");
        }

        [Fact]
        public void EveryStorageOrder_GivesTheSameSlices()
        {
            var outputs = new List<byte[]>();
            foreach (var order in new[] { "RAS", "LPS", "PSR" })
            {
                var v = SyntheticVolumes.Sample(order, 44, 50, 48, 2.0, SyntheticVolumes.Head);
                var mask = Mask3D.Like(v);
                for (int i = 0; i < v.Length; i++)
                {
                    mask.Data[i] = v.Data[i] > 80 ? (byte)1 : (byte)0;
                }
                var o = new SliceRenderOptions();
                o.Overlays.Add(MaskOverlay.Brain(mask));
                var r = new SliceRenderer(v, o);
                outputs.Add(r.Orthogonal().ToPng());
                outputs.Add(r.Montage(SlicePlane.Axial, 6, 3).ToPng());
            }
            for (int i = 2; i < outputs.Count; i++)
            {
                Assert.Equal(outputs[i % 2], outputs[i]);
            }
        }

        [Fact]
        public void Overlays_FillAndOutlineTheMaskOnly()
        {
            var v = SyntheticVolumes.Sample("RAS", 40, 40, 40, 1.0, (x, y, z) => 50 + x);
            var mask = Mask3D.Like(v);
            for (int k = 0; k < 40; k++)
            for (int j = 10; j < 30; j++)
            for (int i = 10; i < 30; i++)
            {
                mask[i, j, k] = true;
            }
            var o = new SliceRenderOptions { PixelSizeMm = 1, Labels = false };
            o.Overlays.Add(new MaskOverlay(mask, (255, 0, 0), OverlayStyle.FillAndContour, 0.5));
            var im = new SliceRenderer(v, o).Render(SlicePlane.Axial, 20);
            Assert.Equal((40, 40), (im.Width, im.Height));
            Assert.Equal(((byte)255, (byte)0, (byte)0), im.Get(10, 15));   // outline
            var inside = im.Get(20, 20);
            Assert.True(inside.R > inside.G && inside.G == inside.B && inside.G > 0, inside.ToString()); // translucent red over gray
            var outside = im.Get(5, 5);
            Assert.True(outside.R == outside.G && outside.G == outside.B, outside.ToString());
        }

        [Fact]
        public void Montage_TilesTheRequestedSlices()
        {
            var v = SyntheticVolumes.Sample("RAS", 40, 40, 40, 1.0, (x, y, z) => SyntheticVolumes.Ball(x, y, z, 0, 0, 0, 15));
            var r = new SliceRenderer(v, new SliceRenderOptions { PixelSizeMm = 1 });
            var m = r.Montage(SlicePlane.Sagittal, 8, 4);
            Assert.Equal((4 * 40 + 3 * 2, 2 * 40 + 2), (m.Width, m.Height));
        }

        [Fact]
        public void Render_IndexOutsideTheGrid_ThrowsNamingTheRange()
        {
            var v = SyntheticVolumes.Sample("RAS", 10, 12, 14, 1.0, (x, y, z) => 1);
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SliceRenderer(v).Render(SlicePlane.Axial, 14));
            Assert.Contains("0..13", ex.Message);
        }

        [Fact]
        public void Window_UsesRobustPercentiles()
        {
            // One hot voxel must not set the white point.
            var v = SyntheticVolumes.Sample("RAS", 30, 30, 30, 1.0, (x, y, z) => x + 15);
            v[3, 3, 3] = 1e6f;
            var r = new SliceRenderer(v);
            Assert.InRange(r.Window.High, 28.5, 29.6); // values run 0.5 .. 29.5
            Assert.InRange(r.Window.Low, 0, 2);
        }
    }
}
