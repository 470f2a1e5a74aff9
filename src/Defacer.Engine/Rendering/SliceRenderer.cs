using System;
using System.Collections.Generic;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Rendering
{
    /// <summary>
    /// Grayscale slices of an image with mask overlays, for QC. Slices are taken on the canonical (nearest-RAS) grid,
    /// so every storage order gives the same picture; screen pixels are square in mm, so anisotropic voxels keep their
    /// aspect ratio (bilinear for intensities, nearest voxel for masks). Gray levels are windowed between robust
    /// percentiles. Conventions are those of <see cref="SlicePlane"/> (neurological by default).
    /// Construct once per image, then render any number of slices.
    /// </summary>
    public sealed class SliceRenderer
    {
        private readonly Volume3D _canonical;
        private readonly List<(byte[] Data, MaskOverlay Overlay)> _overlays = new List<(byte[], MaskOverlay)>();
        private readonly SliceRenderOptions _options;
        private readonly double[] _spacing;
        private readonly double _low, _high;
        private int[]? _headLow, _headHigh, _headCentre;

        /// <summary>Prepares <paramref name="volume"/> and the overlays of <paramref name="options"/>.</summary>
        /// <exception cref="ArgumentException">An overlay mask's grid differs from the volume's.</exception>
        public SliceRenderer(Volume3D volume, SliceRenderOptions? options = null)
        {
            if (volume == null)
            {
                throw new ArgumentNullException(nameof(volume));
            }
            _options = options ?? new SliceRenderOptions();
            var frame = CanonicalFrame.Of(volume);
            _canonical = frame.CanonicalView(volume);
            foreach (var o in _options.Overlays)
            {
                var m = o.Mask;
                if (m.Nx != volume.Nx || m.Ny != volume.Ny || m.Nz != volume.Nz)
                {
                    throw new ArgumentException($"Overlay mask grid {m.Nx}x{m.Ny}x{m.Nz} differs from the image grid {volume.Nx}x{volume.Ny}x{volume.Nz}.", nameof(options));
                }
                _overlays.Add((frame.CanonicalView(m).Data, o));
            }
            var a = _canonical.Affine;
            _spacing = new[] { a.ColumnNorm(0), a.ColumnNorm(1), a.ColumnNorm(2) };
            // Integer images: one counting pass serves both ends of the window (same results as the voxel passes).
            var counts = _options.ValueCounts ?? IntensityStatistics.CountIntegerValues(volume.Data);
            _low = counts != null
                ? IntensityStatistics.Percentiles(counts, new[] { _options.LowPercentile })[0]
                : IntensityStatistics.Percentile(volume.Data, _options.LowPercentile);
            _high = counts != null
                ? IntensityStatistics.Percentiles(counts, new[] { _options.HighPercentile }, ignoreZeros: true)[0]
                : IntensityStatistics.Percentile(volume.Data, _options.HighPercentile, ignoreZeros: true);
            if (!(_high > _low))
            {
                _high = _low + 1;
            }
            double extent = Math.Max(_spacing[0] * _canonical.Nx, Math.Max(_spacing[1] * _canonical.Ny, _spacing[2] * _canonical.Nz));
            // Automatic: about TargetImageSize pixels across the largest extent, finer than the voxels of coarse images
            // (so they are not tiny), never beyond MaxImageSize.
            double minSpacing = Math.Min(_spacing[0], Math.Min(_spacing[1], _spacing[2]));
            PixelSizeMm = _options.PixelSizeMm
                ?? Math.Max(Math.Min(minSpacing, extent / Math.Max(16, _options.TargetImageSize)), extent / Math.Max(16, _options.MaxImageSize));
        }

        /// <summary>Screen pixel size in mm.</summary>
        public double PixelSizeMm { get; }

        /// <summary>The gray window: intensity shown black and intensity shown white.</summary>
        public (double Low, double High) Window => (_low, _high);

        /// <summary>Number of slices along the plane's normal on the canonical grid.</summary>
        public int SliceCount(SlicePlane plane) => plane switch
        {
            SlicePlane.Axial => _canonical.Nz,
            SlicePlane.Coronal => _canonical.Ny,
            SlicePlane.Sagittal => _canonical.Nx,
            _ => throw new ArgumentOutOfRangeException(nameof(plane)),
        };

        /// <summary>
        /// The slice through the centre of the head (the bounding box of voxels above the surface threshold), which
        /// for images with neck or much air is more useful than the middle of the field of view.
        /// </summary>
        public int CentreSlice(SlicePlane plane)
        {
            EnsureHeadBox();
            return _headCentre![Axis(plane)];
        }

        /// <summary>Renders canonical slice <paramref name="index"/> (null: <see cref="CentreSlice"/>).</summary>
        /// <exception cref="ArgumentOutOfRangeException">The index is outside the grid.</exception>
        public RgbImage Render(SlicePlane plane, int? index = null)
        {
            int axis = Axis(plane);
            int k = index ?? CentreSlice(plane);
            if (k < 0 || k >= SliceCount(plane))
            {
                throw new ArgumentOutOfRangeException(nameof(index), k, $"Slice {k} is outside 0..{SliceCount(plane) - 1} of the {plane} plane.");
            }

            // Screen axes: (u to the right, v downwards), each mapped to a canonical axis and direction.
            int uAxis, vAxis;
            bool uReversed, vReversed = true; // v grows downwards, canonical axes grow anterior/superior
            switch (plane)
            {
                case SlicePlane.Axial:
                    uAxis = 0; vAxis = 1; uReversed = _options.Radiological;
                    break;
                case SlicePlane.Coronal:
                    uAxis = 0; vAxis = 2; uReversed = _options.Radiological;
                    break;
                default:
                    uAxis = 1; vAxis = 2; uReversed = true; // anterior on screen left
                    break;
            }
            int[] n = { _canonical.Nx, _canonical.Ny, _canonical.Nz };
            double uLen = n[uAxis] * _spacing[uAxis], vLen = n[vAxis] * _spacing[vAxis];
            int width = Math.Max(1, (int)Math.Round(uLen / PixelSizeMm));
            int height = Math.Max(1, (int)Math.Round(vLen / PixelSizeMm));
            var image = new RgbImage(width, height);
            var px = image.Rgb;
            var labels = new int[width * height]; // per pixel: nearest voxel index, for masks

            double scale = 255.0 / (_high - _low);
            // The slice copied out once into a one-voxel-thick slab, read with the normal coordinate 0: the same voxel
            // values meet the same arithmetic (the normal axis is collapsed either way), but a sagittal or coronal
            // slice's bilinear taps no longer stride across the whole volume for every pixel.
            var slab = Slab(_canonical.Data, axis, k, out int sx, out int sy, out int sz);
            // Each screen column fixes the canonical coordinate along uAxis and each row the one along vAxis, so the
            // interpolation taps, weights and nearest voxels are worked out once per column and per row (the same
            // expressions as per pixel, so the same values); the normal axis is the slab's single layer.
            var cols = Taps(width, uLen, uAxis, uReversed, n);
            var rows = Taps(height, vLen, vAxis, vReversed, n);
            var none = new Tap[] { new Tap(0, 0, 0, 0) };
            int[] stride = { 1, sx, sx * sy };
            for (int y = 0; y < height; y++)
            {
                var rowTap = rows[y];
                for (int x = 0; x < width; x++)
                {
                    var colTap = cols[x];
                    var tx = uAxis == 0 ? colTap : none[0];
                    var ty = uAxis == 1 ? colTap : vAxis == 1 ? rowTap : none[0];
                    var tz = vAxis == 2 ? rowTap : none[0];
                    double value = Bilinear(slab, sx, sy, tx, ty, tz);
                    byte g = ToByte((value - _low) * scale);
                    int p = 3 * (x + width * y);
                    px[p] = px[p + 1] = px[p + 2] = g;
                    labels[x + width * y] = colTap.Nearest * stride[uAxis] + rowTap.Nearest * stride[vAxis];
                }
            }

            foreach (var (data, overlay) in _overlays)
            {
                DrawOverlay(image, labels, Slab(data, axis, k, out _, out _, out _), overlay);
            }
            if (_options.Labels)
            {
                DrawLabels(image, plane);
            }
            return image;
        }

        /// <summary>
        /// <paramref name="count"/> evenly spaced slices across the head (its bounding box, trimmed by
        /// <paramref name="margin"/> of its extent at each end) tiled in rows of <paramref name="columns"/>.
        /// </summary>
        public RgbImage Montage(SlicePlane plane, int count = 12, int columns = 6, double margin = 0.1)
        {
            if (count < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(count), count, "A montage needs at least one slice.");
            }
            EnsureHeadBox();
            int axis = Axis(plane);
            double lo = _headLow![axis], hi = _headHigh![axis];
            double span = hi - lo;
            lo += margin * span;
            hi -= margin * span;
            var images = new List<RgbImage>();
            for (int i = 0; i < count; i++)
            {
                double f = count == 1 ? 0.5 : (double)i / (count - 1);
                images.Add(Render(plane, Clamp((int)Math.Round(lo + f * (hi - lo)), SliceCount(plane))));
            }
            return RgbImage.Tile(images, columns, 2);
        }

        /// <summary>Axial, coronal and sagittal slices through the head's centre, side by side.</summary>
        public RgbImage Orthogonal()
        {
            return RgbImage.Tile(new[] { Render(SlicePlane.Axial), Render(SlicePlane.Coronal), Render(SlicePlane.Sagittal) }, 3, 2);
        }

        private static int Axis(SlicePlane plane) => plane switch
        {
            SlicePlane.Axial => 2,
            SlicePlane.Coronal => 1,
            SlicePlane.Sagittal => 0,
            _ => throw new ArgumentOutOfRangeException(nameof(plane)),
        };

        private void EnsureHeadBox()
        {
            if (_headCentre != null)
            {
                return;
            }
            float thr = (float)(_options.HeadThreshold ?? SurfaceThreshold.Estimate(_canonical));
            int nx = _canonical.Nx, ny = _canonical.Ny, nz = _canonical.Nz;
            int[] lo = { nx, ny, nz }, hi = { -1, -1, -1 };
            var d = _canonical.Data;
            for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
            {
                int row = nx * (y + ny * z);
                for (int x = 0; x < nx; x++)
                {
                    if (d[row + x] >= thr)
                    {
                        if (x < lo[0]) lo[0] = x;
                        if (x > hi[0]) hi[0] = x;
                        if (y < lo[1]) lo[1] = y;
                        if (y > hi[1]) hi[1] = y;
                        if (z < lo[2]) lo[2] = z;
                        if (z > hi[2]) hi[2] = z;
                    }
                }
            }
            if (hi[0] < 0)
            {
                // Empty image: fall back to the whole field of view.
                lo = new[] { 0, 0, 0 };
                hi = new[] { nx - 1, ny - 1, nz - 1 };
            }
            _headLow = lo;
            _headHigh = hi;
            _headCentre = new[] { (lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2 };
        }

        // Canonical slice k normal to axis (of the image or of an overlay mask) as a grid of sx x sy x sz voxels, one
        // of them 1 (the normal axis).
        private T[] Slab<T>(T[] d, int axis, int k, out int sx, out int sy, out int sz)
        {
            int nx = _canonical.Nx, ny = _canonical.Ny, nz = _canonical.Nz;
            sx = axis == 0 ? 1 : nx;
            sy = axis == 1 ? 1 : ny;
            sz = axis == 2 ? 1 : nz;
            var slab = new T[sx * sy * sz];
            switch (axis)
            {
                case 2:
                    Array.Copy(d, (long)nx * ny * k, slab, 0, nx * ny);
                    break;
                case 1:
                    for (int z = 0; z < nz; z++)
                    {
                        Array.Copy(d, nx * (k + ny * z), slab, nx * z, nx);
                    }
                    break;
                default:
                    for (int z = 0, j = 0; z < nz; z++)
                    {
                        for (int y = 0, i = k + nx * ny * z; y < ny; y++, i += nx)
                        {
                            slab[j++] = d[i];
                        }
                    }
                    break;
            }
            return slab;
        }

        // One axis of a pixel's bilinear lookup: the two taps, the weight of the upper one, and the nearest voxel.
        private readonly struct Tap
        {
            public Tap(int i0, int i1, double f, int nearest)
            {
                I0 = i0;
                I1 = i1;
                F = f;
                Nearest = nearest;
            }

            public int I0 { get; }

            public int I1 { get; }

            public double F { get; }

            public int Nearest { get; }
        }

        // The taps along canonical axis a for each of count pixels spanning len mm (pixel centres to voxel
        // coordinates, voxel centres at i), reversed for screen axes that run against the canonical one.
        private Tap[] Taps(int count, double len, int a, bool reversed, int[] n)
        {
            var taps = new Tap[count];
            for (int i = 0; i < count; i++)
            {
                double w = ((i + 0.5) * len / count) / _spacing[a] - 0.5;
                double c = reversed ? n[a] - 1 - w : w;
                double cc = Math.Max(0, Math.Min(n[a] - 1, c));
                int c0 = (int)cc;
                int c1 = Math.Min(c0 + 1, n[a] - 1);
                taps[i] = new Tap(c0, c1, cc - c0, Clamp((int)Math.Round(c), n[a]));
            }
            return taps;
        }

        // Bilinear in the slice plane: trilinear arithmetic on the one-layer slab (the normal axis's tap has both
        // indices 0 and weight 0).
        private static double Bilinear(float[] d, int nx, int ny, in Tap tx, in Tap ty, in Tap tz)
        {
            int x0 = tx.I0, y0 = ty.I0, z0 = tz.I0;
            int x1 = tx.I1, y1 = ty.I1, z1 = tz.I1;
            double fx = tx.F, fy = ty.F, fz = tz.F;
            double c000 = d[x0 + nx * (y0 + ny * z0)], c100 = d[x1 + nx * (y0 + ny * z0)];
            double c010 = d[x0 + nx * (y1 + ny * z0)], c110 = d[x1 + nx * (y1 + ny * z0)];
            double c001 = d[x0 + nx * (y0 + ny * z1)], c101 = d[x1 + nx * (y0 + ny * z1)];
            double c011 = d[x0 + nx * (y1 + ny * z1)], c111 = d[x1 + nx * (y1 + ny * z1)];
            double c00 = c000 + (c100 - c000) * fx, c10 = c010 + (c110 - c010) * fx;
            double c01 = c001 + (c101 - c001) * fx, c11 = c011 + (c111 - c011) * fx;
            double c0 = c00 + (c10 - c00) * fy, c1 = c01 + (c11 - c01) * fy;
            return c0 + (c1 - c0) * fz;
        }

        private static void DrawOverlay(RgbImage image, int[] labels, byte[] mask, MaskOverlay overlay)
        {
            int w = image.Width, h = image.Height;
            var px = image.Rgb;
            var color = overlay.Color;
            bool fill = overlay.Style != OverlayStyle.Contour;
            bool contour = overlay.Style != OverlayStyle.Fill;
            double a = Math.Max(0, Math.Min(1, overlay.Opacity));
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    int i = x + w * y;
                    if (mask[labels[i]] == 0)
                    {
                        continue;
                    }
                    int p = 3 * i;
                    // An edge pixel is inside with a 4-neighbour outside (or on the picture's border).
                    bool edge = x == 0 || y == 0 || x == w - 1 || y == h - 1
                        || mask[labels[i - 1]] == 0 || mask[labels[i + 1]] == 0 || mask[labels[i - w]] == 0 || mask[labels[i + w]] == 0;
                    if (contour && edge)
                    {
                        px[p] = color.R;
                        px[p + 1] = color.G;
                        px[p + 2] = color.B;
                    }
                    else if (fill)
                    {
                        px[p] = (byte)(px[p] * (1 - a) + color.R * a + 0.5);
                        px[p + 1] = (byte)(px[p + 1] * (1 - a) + color.G * a + 0.5);
                        px[p + 2] = (byte)(px[p + 2] * (1 - a) + color.B * a + 0.5);
                    }
                }
            }
        }

        private void DrawLabels(RgbImage image, SlicePlane plane)
        {
            string left, right, top, bottom;
            switch (plane)
            {
                case SlicePlane.Axial:
                    (left, right, top, bottom) = _options.Radiological ? ("R", "L", "A", "P") : ("L", "R", "A", "P");
                    break;
                case SlicePlane.Coronal:
                    (left, right, top, bottom) = _options.Radiological ? ("R", "L", "S", "I") : ("L", "R", "S", "I");
                    break;
                default:
                    (left, right, top, bottom) = ("A", "P", "S", "I");
                    break;
            }
            if (image.Width < 24 || image.Height < 24)
            {
                return;
            }
            var c = ((byte)255, (byte)220, (byte)0);
            int s = 1, cw = TinyFont.Measure("L", s), ch = TinyFont.Height * s;
            TinyFont.Draw(image, left, 2, (image.Height - ch) / 2, c, s);
            TinyFont.Draw(image, right, image.Width - cw - 2, (image.Height - ch) / 2, c, s);
            TinyFont.Draw(image, top, (image.Width - cw) / 2, 2, c, s);
            TinyFont.Draw(image, bottom, (image.Width - cw) / 2, image.Height - ch - 2, c, s);
        }

        private static int Clamp(int v, int n) => v < 0 ? 0 : v >= n ? n - 1 : v;

        private static byte ToByte(double v) => v <= 0 ? (byte)0 : v >= 255 ? (byte)255 : (byte)(v + 0.5);
    }
}
