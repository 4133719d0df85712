using O2O.Firmware.Drivers.Display;
using O2O.Simulator.Devices.Peripherals;

namespace O2O.Simulator.Scenarios;

/// <summary>
/// Reads text off what a panel's glass shows: the text is drawn in the firmware's 5x7 font at every scale the
/// screens use, and looked for pixel by pixel in the panel image decoded from the controller commands, lit on dark
/// or dark on lit (a fault banner). The check is on the panel's pixels, so a frame the driver never sent, or sent
/// wrong, fails it; the font is the oracle, as the firmware's tune table is for beeps.
/// </summary>
public static class PanelText
{
    private const int LargestScale = 7;

    public static bool Shows(PanelImage image, string text)
    {
        for (int scale = 1; scale <= LargestScale; scale++)
        {
            bool[,]? pattern = Render(text.ToUpperInvariant(), scale);
            if (pattern is not null && (Find(image, pattern, lit: true) || Find(image, pattern, lit: false)))
            {
                return true;
            }
        }

        return false;
    }

    // The text's glyph cells (advance included, so spacing must match too), or null when it cannot fit any panel.
    private static bool[,]? Render(string text, int scale)
    {
        int width = MonochromeFrameBuffer.TextWidth(text, scale);
        int height = Font5x7.GlyphHeight * scale;
        if (width <= 0 || width > 320)
        {
            return null;
        }

        // The frame buffer is made of 8-pixel pages (the SSD1306's layout): round up, use the top rows.
        var frame = new MonochromeFrameBuffer(width, (height + 7) / 8 * 8);
        frame.DrawText(0, 0, text, scale, true);
        var pattern = new bool[height, width];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                pattern[y, x] = frame.GetPixel(x, y);
            }
        }

        return pattern;
    }

    private static bool Find(PanelImage image, bool[,] pattern, bool lit)
    {
        int height = pattern.GetLength(0), width = pattern.GetLength(1);
        for (int top = 0; top + height <= image.Height; top++)
        {
            for (int left = 0; left + width <= image.Width; left++)
            {
                if (Matches(image, pattern, left, top, lit))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Matches(PanelImage image, bool[,] pattern, int left, int top, bool lit)
    {
        for (int y = 0; y < pattern.GetLength(0); y++)
        {
            for (int x = 0; x < pattern.GetLength(1); x++)
            {
                if (image.IsLit(left + x, top + y) != (pattern[y, x] == lit))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
