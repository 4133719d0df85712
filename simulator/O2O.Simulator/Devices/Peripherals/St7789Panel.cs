using O2O.Simulator.Devices.Buses;

namespace O2O.Simulator.Devices.Peripherals;

/// <summary>
/// A 240x240 IPS module on an ST7789V (Sitronix ST7789V v1.0), emulated on its SPI link with the D/C line:
/// a byte clocked with D/C low is a command, with D/C high a parameter or pixel data. The controller's frame
/// memory is 240x320; the glass shows rows 0-239. Pixels land through the CASET/RASET window in the order
/// MADCTL sets, in the COLMOD format (16-bit RGB565 or 18-bit). The IPS glass shows the inverse of memory
/// unless INVON is set, and nothing while asleep or off. Memory holds noise at power-up.
/// Commands are decoded in St7789Panel.Commands.cs.
/// </summary>
public sealed partial class St7789Panel : ISpiTarget, IDisplayPanel
{
    public const int MemoryColumns = 240;
    public const int MemoryRows = 320;
    public const int GlassSize = 240;
    private readonly ushort[] _memory = new ushort[MemoryColumns * MemoryRows];
    private readonly Random _noise = new(7789);

    public St7789Panel()
    {
        PowerLoss();
    }

    public string Controller => "st7789";

    public int Width => GlassSize;

    public int Height => GlassSize;

    public bool Sleeping { get; private set; }

    public bool DisplayOn { get; private set; }

    public bool InversionOn { get; private set; }

    public bool Showing => DisplayOn && !Sleeping;

    public long PixelBytes { get; private set; }

    public int UnknownCommands { get; private set; }

    public void Receive(bool dataCommandHigh, ReadOnlySpan<byte> bytes)
    {
        foreach (byte value in bytes)
        {
            if (dataCommandHigh)
            {
                Data(value);
            }
            else
            {
                Command(value);
            }
        }
    }

    public PanelImage Capture()
    {
        var rgb = new int[GlassSize * GlassSize];
        for (int y = 0; y < GlassSize; y++)
        {
            for (int x = 0; x < GlassSize; x++)
            {
                ushort stored = _memory[(y * MemoryColumns) + x];
                ushort shown = InversionOn ? stored : (ushort)~stored;
                rgb[(y * GlassSize) + x] = Showing ? ToRgb888(shown) : 0x000000;
            }
        }

        return new PanelImage(GlassSize, GlassSize, rgb);
    }

    public void PowerLoss()
    {
        for (int i = 0; i < _memory.Length; i++)
        {
            _memory[i] = (ushort)_noise.Next(0x10000);
        }

        ResetRegisters();
    }

    private static int ToRgb888(ushort rgb565)
    {
        int red = (rgb565 >> 11) & 0x1F;
        int green = (rgb565 >> 5) & 0x3F;
        int blue = rgb565 & 0x1F;
        return (((red << 3) | (red >> 2)) << 16) | (((green << 2) | (green >> 4)) << 8) | ((blue << 3) | (blue >> 2));
    }
}
