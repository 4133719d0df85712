using O2O.Qr;
using O2O.Simulator.Devices.Peripherals;

namespace O2O.Qr.Tests;

/// <summary>Renders a QR symbol as a greyscale PNG (the simulator's PNG container, compiled in) so tests can hand it to zbarimg.</summary>
internal static class PngWriter
{
    /// <summary>Renders the symbol black on white with a quiet zone of quietModules and scale pixels per module.</summary>
    public static byte[] Render(QrSymbol symbol, int scale = 4, int quietModules = 4)
    {
        int side = (symbol.Size + (2 * quietModules)) * scale;
        return PngFile.Write(side, side, PngFile.Greyscale, (py, samples) =>
        {
            int y = (py / scale) - quietModules;
            for (int px = 0; px < side; px++)
            {
                samples[px] = symbol.IsDark((px / scale) - quietModules, y) ? (byte)0 : (byte)255;
            }
        });
    }
}
