using O2O.Firmware.Drivers.Display;
using O2O.Simulator.Devices.Peripherals;

namespace O2O.Simulator.Tests.PinLevel;

/// <summary>
/// The display as the customer sees it: the emulated controller builds its picture only from the commands
/// and pixel data the real driver sent (its memory starts as noise), and a phone can scan the QR code off it.
/// </summary>
public sealed class DisplayTests
{
    [Theory]
    [InlineData("powerbank-4", "ssd1306", 128, 64)]
    [InlineData("locker-4", "st7789", 240, 240)]
    public void The_panel_shows_exactly_the_screen_the_firmware_drew(string model, string controller, int width, int height)
    {
        PinRig rig = new PinRig(model, "PB-0001").Boot();
        IDisplayPanel panel = rig.Device.Hardware.Display;

        PanelImage image = panel.Capture();

        Assert.Equal((controller, width, height, true), (panel.Controller, image.Width, image.Height, panel.Showing));
        Assert.Equal(0, panel.UnknownCommands);
        Assert.Equal(0, Mismatches(image, rig.Device.Drivers.Screen!.Frame));
        Assert.NotNull(rig.Device.Device.QrPayload);
    }

    [Theory]
    [InlineData("powerbank-4", 4)]
    [InlineData("locker-4", 1)]
    [InlineData("umbrella-4", 4)]
    public void A_phone_reads_the_devices_qr_payload_off_the_emulated_panel(string model, int scale)
    {
        PinRig rig = new PinRig(model, "UM-0001").Boot();
        string path = Path.Combine(Path.GetTempPath(), $"o2o-{model}-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(path, PngEncoder.Encode(rig.Device.Hardware.Display.Capture(), scale, border: 8));
        try
        {
            if (ZbarImg.Available())
            {
                Assert.Equal(rig.Device.Device.QrPayload, ZbarImg.Decode(path));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void After_a_brownout_the_new_boot_initialises_the_panel_again_and_redraws_its_screen()
    {
        PinRig rig = new PinRig("powerbank-4", "PB-0001").Boot();
        long before = rig.Device.Hardware.Display.PixelBytes;

        rig.Device.Faults.Brownout();
        rig.Run(TimeSpan.FromMilliseconds(20));

        // Initialize clears the whole memory (1 KB), then the first screen follows (another 1 KB).
        Assert.Equal(2 * 1024, rig.Device.Hardware.Display.PixelBytes - before);
        Assert.True(rig.Device.Hardware.Display.Showing);
        Assert.Equal(0, Mismatches(rig.Device.Hardware.Display.Capture(), rig.Device.Drivers.Screen!.Frame));
        Assert.Equal(2, rig.Device.BootIds.Count);
    }

    [Fact]
    public void The_panel_follows_the_device_from_its_qr_code_to_a_reservation_countdown()
    {
        PinRig rig = new PinRig("powerbank-4", "PB-0001").Boot();
        int litWithQr = rig.Device.Hardware.Display.Capture().CountLit(0, 0, 64, 64);

        rig.Send(new O2O.Protocol.DeviceCommand { Type = O2O.Protocol.CommandTypes.Reserve, Slot = 0, OrderId = "ord-r", Minutes = 5 });
        rig.Run(TimeSpan.FromMilliseconds(20));
        PanelImage countdown = rig.Device.Hardware.Display.Capture();

        Assert.Equal(0, Mismatches(countdown, rig.Device.Drivers.Screen!.Frame));
        Assert.True(litWithQr > 64 * 64 / 3, "the QR code's light field fills the left of the screen");
        Assert.True(countdown.CountLit(0, 0, 64, 64) < litWithQr / 2, "the countdown is light text on a dark screen");
    }

    private static int Mismatches(PanelImage image, MonochromeFrameBuffer frame)
    {
        int mismatches = 0;
        for (int y = 0; y < frame.Height; y++)
        {
            for (int x = 0; x < frame.Width; x++)
            {
                mismatches += image.IsLit(x, y) == frame.GetPixel(x, y) ? 0 : 1;
            }
        }

        return mismatches;
    }
}
