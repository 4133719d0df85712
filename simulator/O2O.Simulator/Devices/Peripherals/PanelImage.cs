namespace O2O.Simulator.Devices.Peripherals;

/// <summary>What a panel's glass shows at one moment: 24-bit RGB pixels, row by row, top left first.</summary>
public sealed class PanelImage(int width, int height, int[] rgb)
{
    public int Width { get; } = width;

    public int Height { get; } = height;

    /// <summary>0xRRGGBB per pixel, row-major.</summary>
    public int[] Rgb { get; } = rgb;

    public int Pixel(int x, int y) => Rgb[(y * Width) + x];

    /// <summary>Brighter than mid-grey: a lit OLED pixel, the foreground on a TFT showing a two-colour screen.</summary>
    public bool IsLit(int x, int y)
    {
        int rgb = Pixel(x, y);
        int luma = ((((rgb >> 16) & 0xFF) * 299) + (((rgb >> 8) & 0xFF) * 587) + ((rgb & 0xFF) * 114)) / 1000;
        return luma >= 128;
    }

    /// <summary>Lit pixels within a rectangle (a cheap way to tell a blank area from a drawn one).</summary>
    public int CountLit(int left, int top, int width, int height)
    {
        int count = 0;
        for (int y = top; y < top + height; y++)
        {
            for (int x = left; x < left + width; x++)
            {
                count += IsLit(x, y) ? 1 : 0;
            }
        }

        return count;
    }
}
