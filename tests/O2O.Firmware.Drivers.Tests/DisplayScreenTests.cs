using System.Device.Gpio;
using System.Runtime.CompilerServices;
using O2O.Firmware.Drivers.Display;
using O2O.Firmware.Drivers.Ssd1306;
using O2O.Firmware.Drivers.St7789;
using O2O.Firmware.Drivers.Tests.Support;
using O2O.Qr;

namespace O2O.Firmware.Drivers.Tests;

/// <summary>
/// Each screen goes the whole way: layout into a framebuffer, the driver's bytes on the bus, the
/// controller emulator's memory, a PNG. The PNGs are committed under Golden/ for people to open; a test
/// fails when a pixel changes. Set O2O_UPDATE_GOLDEN=1 to rewrite them after a deliberate change.
/// </summary>
public sealed class DisplayScreenTests
{
    public const string Url = "https://pay.o2o.example/q?d=cab-001&s=0&n=3b29ebe72f85dd4a&e=1795528329&m=00112233445566778899aabbccddeeff";
    private const int DataCommandPin = 15;

    public static TheoryData<string, string> Screens() => new()
    {
        { "ssd1306", "qr" }, { "ssd1306", "countdown" }, { "ssd1306", "fault" },
        { "st7789", "qr" }, { "st7789", "countdown" }, { "st7789", "fault" },
    };

    [Theory]
    [MemberData(nameof(Screens))]
    public void Screen_matches_its_golden_image(string display, string screen)
    {
        byte[] png = Render(display, screen, out _);

        string name = $"{display}-{screen}.png";
        string actualPath = Path.Combine(AppContext.BaseDirectory, "rendered-" + name);
        File.WriteAllBytes(actualPath, png);
        string goldenSource = Path.Combine(SourceDirectory(), "Golden", name);
        if (Environment.GetEnvironmentVariable("O2O_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllBytes(goldenSource, png);
        }

        string golden = Path.Combine(AppContext.BaseDirectory, "Golden", name);
        Assert.True(File.Exists(golden), $"no golden image {name}: run the tests once with O2O_UPDATE_GOLDEN=1 and commit Golden/{name}");
        (int width, int height, byte[] expected) = Png.Decode(File.ReadAllBytes(golden));
        (int actualWidth, int actualHeight, byte[] actual) = Png.Decode(png);
        Assert.Equal((width, height), (actualWidth, actualHeight));
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"{name} differs from its golden image; see {actualPath}");
    }

    [Theory]
    [InlineData("ssd1306")]
    [InlineData("st7789")]
    public void The_panel_shows_exactly_the_framebuffer(string display)
    {
        Render(display, "qr", out Func<int, int, bool> mismatch);

        Assert.False(mismatch(0, 0), "the emulated panel differs from the framebuffer");
    }

    [Theory]
    [InlineData("ssd1306")]
    [InlineData("st7789")]
    public void A_phone_style_decoder_reads_the_url_off_the_rendered_qr_screen(string display)
    {
        byte[] png = Render(display, "qr", out _, pixelsPerPixel: display == "ssd1306" ? 4 : 1);
        string path = Path.Combine(AppContext.BaseDirectory, $"scan-{display}.png");
        File.WriteAllBytes(path, png);

        Assert.Equal(Url, Zbar.DecodeSingle(path));
    }

    [Fact]
    public void The_oled_driver_turns_on_the_charge_pump_and_the_display_and_waits_the_datasheet_time()
    {
        var clock = new TestClock();
        var emulator = new Ssd1306Emulator();
        var oled = new Ssd1306Display(emulator, clock);

        oled.Initialize();

        Assert.True(emulator.DisplayOn && emulator.ChargePumpOn);
        Assert.Equal([100], clock.Delays);
    }

    [Fact]
    public void The_tft_driver_resets_wakes_and_turns_on_in_the_datasheet_order()
    {
        var clock = new TestClock();
        var gpio = new RecordingGpioDriver(clock);
        var controller = new GpioController(gpio);
        var emulator = new St7789Emulator(gpio, DataCommandPin);
        var tft = new St7789Display(emulator, controller.OpenPin(DataCommandPin, PinMode.Output), controller.OpenPin(4, PinMode.Output), clock);

        tft.Initialize();

        Assert.Equal([0x01, 0x11, 0x3A, 0x36, 0x21, 0x13, 0x29], emulator.Commands);
        Assert.Equal([1, 120, 120, 120], clock.Delays);
        Assert.True(emulator.Awake && emulator.DisplayOn);
    }

    private static byte[] Render(string display, string screen, out Func<int, int, bool> mismatch, int pixelsPerPixel = 1)
    {
        var clock = new TestClock();
        bool large = display == "st7789";
        var frame = new MonochromeFrameBuffer(large ? 240 : 128, large ? 240 : 64);
        var renderer = new ScreenRenderer(frame);
        switch (screen)
        {
            case "qr":
                QrSymbol symbol = new QrEncoder().Encode(Url, QrErrorCorrection.M)!;
                Assert.True(renderer.ShowQr(symbol, "SCAN TO RENT", "SLOT 1"));
                break;
            case "countdown":
                renderer.ShowCountdown("SLOT 2 RESERVED", 277);
                break;
            default:
                renderer.ShowFault("OUT OF SERVICE", "SLOT 1 JAMMED");
                break;
        }

        if (!large)
        {
            var oled = new Ssd1306Emulator();
            var driver = new Ssd1306Display(oled, clock);
            driver.Initialize();
            driver.Show(frame);
            mismatch = (_, _) => Enumerable.Range(0, 64).Any(y => Enumerable.Range(0, 128).Any(x => oled.Pixel(x, y) != frame.GetPixel(x, y)));
            // Lit OLED pixels are white on black, as the panel looks.
            return Png.Encode(128 * pixelsPerPixel, 64 * pixelsPerPixel, (x, y) => oled.Pixel(x / pixelsPerPixel, y / pixelsPerPixel) ? ((byte)255, (byte)255, (byte)255) : ((byte)0, (byte)0, (byte)0));
        }

        var gpio = new RecordingGpioDriver(clock);
        var controller = new GpioController(gpio);
        var tft = new St7789Emulator(gpio, DataCommandPin);
        var tftDriver = new St7789Display(tft, controller.OpenPin(DataCommandPin, PinMode.Output), null, clock);
        tftDriver.Initialize();
        tftDriver.Show(frame);
        mismatch = (_, _) => Enumerable.Range(0, 240).Any(y => Enumerable.Range(0, 240).Any(x => (tft.Pixel(x, y) == 0xFFFF) != frame.GetPixel(x, y)));
        return Png.Encode(240, 240, (x, y) => Rgb(tft.Pixel(x, y)));
    }

    // RGB565 to 8-bit channels, replicating the top bits into the bottom ones so white stays 255.
    private static (byte, byte, byte) Rgb(ushort colour)
    {
        int r = (colour >> 11) & 0x1F, g = (colour >> 5) & 0x3F, b = colour & 0x1F;
        return ((byte)((r << 3) | (r >> 2)), (byte)((g << 2) | (g >> 4)), (byte)((b << 3) | (b >> 2)));
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
