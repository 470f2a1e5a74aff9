using System.Collections.Generic;

namespace Defacer.Engine.Rendering
{
    /// <summary>
    /// A 5x7 pixel bitmap font with just the characters pictures need for orientation labels and short captions,
    /// so renders are self-explanatory without a font library.
    /// </summary>
    internal static class TinyFont
    {
        public const int Width = 5;
        public const int Height = 7;

        // Each glyph: 7 rows, 5 bits per row (bit 4 = leftmost pixel).
        private static readonly Dictionary<char, byte[]> s_glyphs = new Dictionary<char, byte[]>
        {
            ['A'] = new byte[] { 0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11 },
            ['I'] = new byte[] { 0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E },
            ['L'] = new byte[] { 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F },
            ['P'] = new byte[] { 0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10 },
            ['R'] = new byte[] { 0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11 },
            ['S'] = new byte[] { 0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E },
            ['0'] = new byte[] { 0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E },
            ['1'] = new byte[] { 0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E },
            ['2'] = new byte[] { 0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F },
            ['3'] = new byte[] { 0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E },
            ['4'] = new byte[] { 0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02 },
            ['5'] = new byte[] { 0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E },
            ['6'] = new byte[] { 0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E },
            ['7'] = new byte[] { 0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08 },
            ['8'] = new byte[] { 0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E },
            ['9'] = new byte[] { 0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C },
            ['-'] = new byte[] { 0x00, 0x00, 0x00, 0x1F, 0x00, 0x00, 0x00 },
            ['.'] = new byte[] { 0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x0C },
            [' '] = new byte[] { 0, 0, 0, 0, 0, 0, 0 },
        };

        /// <summary>Draws <paramref name="text"/> with its top-left at (x, y), scaled by <paramref name="scale"/>; unknown characters are skipped.</summary>
        public static void Draw(RgbImage image, string text, int x, int y, (byte R, byte G, byte B) color, int scale = 1)
        {
            int cx = x;
            foreach (char ch in text)
            {
                if (s_glyphs.TryGetValue(char.ToUpperInvariant(ch), out var g))
                {
                    for (int row = 0; row < Height; row++)
                    for (int col = 0; col < Width; col++)
                    {
                        if ((g[row] & (0x10 >> col)) == 0)
                        {
                            continue;
                        }
                        for (int sy = 0; sy < scale; sy++)
                        for (int sx = 0; sx < scale; sx++)
                        {
                            image.Set(cx + col * scale + sx, y + row * scale + sy, color.R, color.G, color.B);
                        }
                    }
                }
                cx += (Width + 1) * scale;
            }
        }

        /// <summary>Width in pixels of <paramref name="text"/> at <paramref name="scale"/>.</summary>
        public static int Measure(string text, int scale = 1) => text.Length == 0 ? 0 : (text.Length * (Width + 1) - 1) * scale;
    }
}
