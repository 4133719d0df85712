using Microsoft.Extensions.Time.Testing;
using O2O.Firmware.Drivers.Display;
using O2O.Firmware.Drivers.Ssd1306;
using O2O.Simulator.Devices;
using O2O.Simulator.Devices.Buses;
using O2O.Simulator.Devices.Peripherals;

namespace O2O.Simulator.Tests.PinLevel;

/// <summary>The SSD1306 emulator against the datasheet, independently of the firmware's own choices.</summary>
public sealed class Ssd1306EmulatorTests
{
    private readonly Ssd1306Panel _panel = new();

    [Fact]
    public void At_power_up_the_memory_is_noise_until_the_real_driver_clears_it()
    {
        Command(0x8D, 0x14, 0xAF, 0xA1, 0xC8);
        int noise = _panel.Capture().CountLit(0, 0, 128, 64);
        var bus = new SimulatedI2cBus(new HardwareContext(new SimulationTime(new FakeTimeProvider())));
        bus.Attach(Ssd1306Display.DefaultAddress, _panel);
        var driver = new Ssd1306Display(bus.Open(Ssd1306Display.DefaultAddress), new DeviceClock(new SimulationTime(new FakeTimeProvider()), TimeSpan.Zero, () => TimeSpan.Zero));

        driver.Initialize();
        int cleared = _panel.Capture().CountLit(0, 0, 128, 64);
        var frame = new MonochromeFrameBuffer(128, 64);
        frame.SetPixel(3, 60, true);
        driver.Show(frame);

        Assert.InRange(noise, 128 * 64 / 3, 128 * 64 * 2 / 3);
        Assert.Equal(0, cleared);
        Assert.Equal((1, true), (_panel.Capture().CountLit(0, 0, 128, 64), _panel.Capture().IsLit(3, 60)));
        Assert.Equal(0, bus.Naks(Ssd1306Display.DefaultAddress));
    }

    [Fact]
    public void Data_lands_by_each_addressing_mode()
    {
        Command(0x8D, 0x14, 0xAF, 0xA1, 0xC8, 0x20, 0x00, 0x21, 0x00, 0x7F, 0x22, 0x00, 0x07);
        Data(new byte[128 * 8]);

        // Page mode (the reset mode): page 2 (rows 16-23), column 0x1A set by its two nibble commands.
        Command(0x20, 0x02, 0xB2, 0x0A, 0x11);
        Data(0x01);
        // Vertical mode inside a 2-column, 2-page window: the second byte goes one page down, not one column right.
        Command(0x20, 0x01, 0x21, 0x40, 0x41, 0x22, 0x04, 0x05);
        Data(0x80, 0x80);
        PanelImage image = _panel.Capture();

        Assert.True(image.IsLit(0x1A, 16));
        Assert.True(image.IsLit(0x40, 39));
        Assert.True(image.IsLit(0x40, 47));
        Assert.Equal(3, image.CountLit(0, 0, 128, 64));
    }

    [Fact]
    public void Without_segment_remap_and_com_scan_reversal_the_module_shows_the_picture_upside_down()
    {
        Command(0x8D, 0x14, 0xAF, 0xA0, 0xC0, 0x20, 0x00);
        var frame = new byte[128 * 8];
        frame[0] = 0x01; // column 0, row 0
        Data(frame);

        Assert.True(_panel.Capture().IsLit(127, 63));
        Assert.Equal(1, _panel.Capture().CountLit(0, 0, 128, 64));
    }

    [Fact]
    public void The_glass_stays_dark_without_the_charge_pump_and_inverts_on_command()
    {
        Command(0xAF, 0xA1, 0xC8, 0x20, 0x00);
        Data(new byte[128 * 8]);
        bool darkWithoutPump = !_panel.Showing && _panel.Capture().CountLit(0, 0, 128, 64) == 0;

        Command(0x8D, 0x14, 0xA7);

        Assert.True(darkWithoutPump);
        Assert.Equal(128 * 64, _panel.Capture().CountLit(0, 0, 128, 64));
    }

    private void Command(params byte[] bytes) => _panel.Write([0x00, .. bytes]);

    private void Data(params byte[] bytes) => _panel.Write([0x40, .. bytes]);
}
