using System;

namespace O2O.Firmware.Drivers.Display
{
    /// <summary>
    /// One bit per pixel, in the SSD1306's native page layout: byte (y / 8) * width + x holds the eight
    /// pixels of column x from row y rounded down to a multiple of 8, bit 0 on top. The OLED driver sends it
    /// as is; the TFT driver expands it to colour row by row. Drawing outside the buffer is clipped, never an error.
    /// </summary>
    public sealed class MonochromeFrameBuffer
    {
        public MonochromeFrameBuffer(int width, int height)
        {
            if (width <= 0 || height <= 0 || height % 8 != 0)
            {
                throw new ArgumentException("width must be positive and height a positive multiple of 8");
            }

            Width = width;
            Height = height;
            Bytes = new byte[width * (height / 8)];
        }

        public int Width { get; }

        public int Height { get; }

        /// <summary>The pixels, page by page (see the class summary).</summary>
        public byte[] Bytes { get; }

        public void Clear()
        {
            Array.Clear(Bytes, 0, Bytes.Length);
        }

        public void SetPixel(int x, int y, bool on)
        {
            if (x < 0 || y < 0 || x >= Width || y >= Height)
            {
                return;
            }

            int index = ((y >> 3) * Width) + x;
            byte mask = (byte)(1 << (y & 7));
            Bytes[index] = on ? (byte)(Bytes[index] | mask) : (byte)(Bytes[index] & ~mask);
        }

        public bool GetPixel(int x, int y)
        {
            if (x < 0 || y < 0 || x >= Width || y >= Height)
            {
                return false;
            }

            return (Bytes[((y >> 3) * Width) + x] & (1 << (y & 7))) != 0;
        }

        public void FillRect(int x, int y, int width, int height, bool on)
        {
            for (int row = y; row < y + height; row++)
            {
                for (int column = x; column < x + width; column++)
                {
                    SetPixel(column, row, on);
                }
            }
        }

        public void DrawRect(int x, int y, int width, int height, bool on)
        {
            FillRect(x, y, width, 1, on);
            FillRect(x, y + height - 1, width, 1, on);
            FillRect(x, y, 1, height, on);
            FillRect(x + width - 1, y, 1, height, on);
        }

        /// <summary>Draws text with the 5x7 font, each font pixel as a scale x scale block; returns the width drawn.</summary>
        public int DrawText(int x, int y, string text, int scale, bool on)
        {
            for (int i = 0; i < text.Length; i++)
            {
                int left = x + (i * Font5x7.Advance * scale);
                for (int column = 0; column < Font5x7.GlyphWidth; column++)
                {
                    byte bits = Font5x7.Column(text[i], column);
                    for (int row = 0; row < Font5x7.GlyphHeight; row++)
                    {
                        if ((bits & (1 << row)) != 0)
                        {
                            FillRect(left + (column * scale), y + (row * scale), scale, scale, on);
                        }
                    }
                }
            }

            return TextWidth(text, scale);
        }

        public static int TextWidth(string text, int scale)
        {
            return text.Length == 0 ? 0 : ((text.Length * Font5x7.Advance) - 1) * scale;
        }
    }
}
