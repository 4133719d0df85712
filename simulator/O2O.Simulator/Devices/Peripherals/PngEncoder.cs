namespace O2O.Simulator.Devices.Peripherals;

/// <summary>
/// Writes a <see cref="PanelImage"/> as an 8-bit RGB PNG. Each panel pixel becomes a scale × scale block, with an
/// optional border, so a QR code shown on a 128×64 OLED is large enough for a phone-style decoder.
/// </summary>
public static class PngEncoder
{
    public static byte[] Encode(PanelImage image, int scale = 1, int border = 0, int borderRgb = 0x000000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(border);
        int width = (image.Width * scale) + (2 * border);
        int height = (image.Height * scale) + (2 * border);
        return PngFile.Write(width, height, PngFile.Rgb, (y, samples) =>
        {
            for (int x = 0; x < width; x++)
            {
                int imageX = (x - border) / scale;
                int imageY = (y - border) / scale;
                bool inside = x >= border && y >= border && imageX < image.Width && imageY < image.Height;
                int rgb = inside ? image.Pixel(imageX, imageY) : borderRgb;
                samples[3 * x] = (byte)(rgb >> 16);
                samples[(3 * x) + 1] = (byte)(rgb >> 8);
                samples[(3 * x) + 2] = (byte)rgb;
            }
        });
    }
}
