using O2O.Simulator.Devices.Peripherals;

namespace O2O.Simulator.Tests.PinLevel;

/// <summary>The ST7789 emulator against the datasheet: D/C framing, windows, MADCTL, the IPS glass's inversion.</summary>
public sealed class St7789EmulatorTests
{
    private readonly St7789Panel _panel = new();

    [Fact]
    public void Pixels_fill_the_caset_raset_window_row_by_row_and_show_true_colours_with_inversion_on()
    {
        Wake(inversionOn: true);
        Command(0x2A, 0, 10, 0, 11);
        Command(0x2B, 0, 20, 0, 21);
        Command(0x2C, 0xF8, 0x00, 0x07, 0xE0, 0x00, 0x1F, 0xFF, 0xFF);
        PanelImage image = _panel.Capture();

        Assert.Equal([0xFF0000, 0x00FF00, 0x0000FF, 0xFFFFFF], new[] { image.Pixel(10, 20), image.Pixel(11, 20), image.Pixel(10, 21), image.Pixel(11, 21) });
        Assert.Equal(0, _panel.UnknownCommands);
    }

    [Fact]
    public void Without_inversion_the_ips_glass_shows_the_inverse_and_a_column_mirror_lands_pixels_on_the_far_side()
    {
        Wake(inversionOn: false);
        Command(0x36, 0x40);
        Command(0x2A, 0, 0, 0, 0);
        Command(0x2B, 0, 5, 0, 5);
        Command(0x2C, 0x00, 0x00);

        Assert.Equal(0xFFFFFF, _panel.Capture().Pixel(239, 5));
    }

    [Fact]
    public void Asleep_or_off_the_glass_is_dark_whatever_the_memory_holds()
    {
        Assert.Equal(0, _panel.Capture().CountLit(0, 0, 240, 240));
        Wake(inversionOn: true);
        Command(0x28);

        Assert.Equal(0, _panel.Capture().CountLit(0, 0, 240, 240));
    }

    private void Wake(bool inversionOn)
    {
        Command(0x01);
        Command(0x11);
        Command(0x3A, 0x55);
        Command(inversionOn ? (byte)0x21 : (byte)0x20);
        Command(0x29);
    }

    // A command byte with D/C low, then its parameters or pixels with D/C high, as the driver clocks them.
    private void Command(byte command, params byte[] data)
    {
        _panel.Receive(false, [command]);
        if (data.Length > 0)
        {
            _panel.Receive(true, data);
        }
    }
}
