using System;
using System.IO;

namespace Defacer.Engine.Rendering
{
    /// <summary>
    /// An 8-bit RGB raster, row-major from the top-left pixel: pixel (x, y) is at <c>Rgb[3 * (x + Width * y)]</c>.
    /// The common currency of the renderers; composed into montages and written as PNG.
    /// </summary>
    public sealed class RgbImage
    {
        /// <summary>Creates an image over existing pixels (not copied).</summary>
        public RgbImage(int width, int height, byte[] rgb)
        {
            if (width <= 0 || height <= 0)
            {
                throw new ArgumentException($"Image size must be positive, got {width}x{height}.");
            }
            if (rgb == null || rgb.LongLength != 3L * width * height)
            {
                throw new ArgumentException($"A {width}x{height} RGB image needs {3L * width * height} bytes, got {rgb?.LongLength ?? 0}.", nameof(rgb));
            }
            Width = width;
            Height = height;
            Rgb = rgb;
        }

        /// <summary>Creates a black image.</summary>
        public RgbImage(int width, int height)
            : this(width, height, new byte[3L * Math.Max(0, width) * Math.Max(0, height)])
        {
        }

        public int Width { get; }

        public int Height { get; }

        /// <summary>Pixels, R G B per pixel.</summary>
        public byte[] Rgb { get; }

        /// <summary>Sets a pixel; coordinates outside the image are ignored so callers can draw clipped shapes.</summary>
        public void Set(int x, int y, byte r, byte g, byte b)
        {
            if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
            {
                return;
            }
            int o = 3 * (x + Width * y);
            Rgb[o] = r;
            Rgb[o + 1] = g;
            Rgb[o + 2] = b;
        }

        /// <summary>The pixel at (x, y).</summary>
        public (byte R, byte G, byte B) Get(int x, int y)
        {
            int o = 3 * (x + Width * y);
            return (Rgb[o], Rgb[o + 1], Rgb[o + 2]);
        }

        /// <summary>Fills the whole image with one colour.</summary>
        public void Fill(byte r, byte g, byte b)
        {
            for (int o = 0; o < Rgb.Length; o += 3)
            {
                Rgb[o] = r;
                Rgb[o + 1] = g;
                Rgb[o + 2] = b;
            }
        }

        /// <summary>Copies <paramref name="source"/> into this image with its top-left corner at (x, y), clipped.</summary>
        public void Blit(RgbImage source, int x, int y)
        {
            for (int sy = 0; sy < source.Height; sy++)
            {
                int ty = y + sy;
                if ((uint)ty >= (uint)Height)
                {
                    continue;
                }
                int sx0 = Math.Max(0, -x);
                int sx1 = Math.Min(source.Width, Width - x);
                if (sx1 <= sx0)
                {
                    continue;
                }
                Buffer.BlockCopy(source.Rgb, 3 * (sx0 + source.Width * sy), Rgb, 3 * (x + sx0 + Width * ty), 3 * (sx1 - sx0));
            }
        }

        /// <summary>Places images side by side in rows of <paramref name="columns"/>, separated by <paramref name="gap"/> pixels.</summary>
        public static RgbImage Tile(System.Collections.Generic.IReadOnlyList<RgbImage> images, int columns, int gap = 4, byte background = 0)
        {
            if (images == null || images.Count == 0)
            {
                throw new ArgumentException("Nothing to tile.", nameof(images));
            }
            columns = Math.Max(1, Math.Min(columns, images.Count));
            int rows = (images.Count + columns - 1) / columns;
            int cellW = 0, cellH = 0;
            foreach (var im in images)
            {
                cellW = Math.Max(cellW, im.Width);
                cellH = Math.Max(cellH, im.Height);
            }
            var result = new RgbImage(columns * cellW + (columns - 1) * gap, rows * cellH + (rows - 1) * gap);
            result.Fill(background, background, background);
            for (int i = 0; i < images.Count; i++)
            {
                int c = i % columns, r = i / columns;
                var im = images[i];
                // Centre smaller images in their cell.
                result.Blit(im, c * (cellW + gap) + (cellW - im.Width) / 2, r * (cellH + gap) + (cellH - im.Height) / 2);
            }
            return result;
        }

        /// <summary>
        /// A smaller copy whose longer side is at most <paramref name="maxSide"/> pixels (area averaging, so thin
        /// lines fade rather than vanish), for report thumbnails; the image itself when it is already small enough.
        /// </summary>
        public RgbImage Downscale(int maxSide)
        {
            if (maxSide < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(maxSide), maxSide, "The thumbnail size must be positive.");
            }
            int longer = Math.Max(Width, Height);
            if (longer <= maxSide)
            {
                return this;
            }
            double f = (double)longer / maxSide;
            int w = Math.Max(1, (int)Math.Round(Width / f)), h = Math.Max(1, (int)Math.Round(Height / f));
            var result = new RgbImage(w, h);
            for (int y = 0; y < h; y++)
            {
                int y0 = y * Height / h, y1 = Math.Max(y0 + 1, (y + 1) * Height / h);
                for (int x = 0; x < w; x++)
                {
                    int x0 = x * Width / w, x1 = Math.Max(x0 + 1, (x + 1) * Width / w);
                    int r = 0, g = 0, b = 0, n = 0;
                    for (int sy = y0; sy < y1; sy++)
                    {
                        for (int sx = x0; sx < x1; sx++)
                        {
                            int o = 3 * (sx + Width * sy);
                            r += Rgb[o];
                            g += Rgb[o + 1];
                            b += Rgb[o + 2];
                            n++;
                        }
                    }
                    result.Set(x, y, (byte)((r + n / 2) / n), (byte)((g + n / 2) / n), (byte)((b + n / 2) / n));
                }
            }
            return result;
        }

        /// <summary>The image as PNG bytes (deterministic).</summary>
        public byte[] ToPng() => PngEncoder.Encode(Width, Height, Rgb, PngColorType.Rgb);

        /// <summary>
        /// Writes the image as PNG. The bytes go to a temporary file in the same folder which is then renamed over
        /// <paramref name="path"/>, so a reader never sees a half-written picture and a crash leaves no partial file.
        /// </summary>
        public void Save(string path)
        {
            if (string.IsNullOrEmpty(path))
            {
                throw new ArgumentException("A path is required.", nameof(path));
            }
            var full = Path.GetFullPath(path);
            var dir = Path.GetDirectoryName(full) ?? ".";
            Directory.CreateDirectory(dir);
            var temp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            try
            {
                File.WriteAllBytes(temp, ToPng());
                if (File.Exists(full))
                {
                    File.Replace(temp, full, null);
                }
                else
                {
                    File.Move(temp, full);
                }
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }
        }
    }
}
