using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using O2O.Simulator.Stack;
using O2O.Simulator.Tests.PinLevel;
using O2O.Simulator.Web;

namespace O2O.Simulator.Tests;

/// <summary>
/// The simulator's web page in real Chromium (Debian's /usr/bin/chromium, driven by Playwright): a rental clicked
/// through as a customer would, asserting what the page shows. Screenshots are kept under the test output's
/// "screenshots" folder as artifacts.
/// </summary>
public sealed class WebPageTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly string _runDirectory = Directory.CreateTempSubdirectory("o2o-web-").FullName;
    private readonly string _screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
    private LocalStack _stack = null!;
    private SimulatorWeb _web = null!;

    public async Task InitializeAsync()
    {
        _stack = await LocalStack.StartAsync(_runDirectory, SimulatorRun.DefaultDevices, logging => logging.ClearProviders(), CancellationToken.None);
        _web = await SimulatorWeb.StartAsync(_stack, SimulatorRun.DefaultDevices, 0, CancellationToken.None);
        Directory.CreateDirectory(_screenshots);
    }

    public async Task DisposeAsync()
    {
        await _web.DisposeAsync();
        await _stack.DisposeAsync();
        Directory.Delete(_runDirectory, recursive: true);
    }

    [Fact]
    public async Task A_rental_clicked_through_the_page_shows_the_drawer_open_the_item_taken_and_the_dispense()
    {
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await LaunchChromiumAsync(playwright);
        IPage page = await browser.NewPageAsync();
        await OpenLiveAsync(page);
        await Assertions.Expect(page.GetByTestId("qr-cab-001")).ToContainTextAsync("QR: ");
        await page.ScreenshotAsync(new() { Path = Path.Combine(_screenshots, "1-idle.png") });
        // The screen image is the display controller's memory: a real QR decoder reads the device's payload off it.
        string qr = (await page.GetByTestId("qr-cab-001").TextContentAsync())!["QR: ".Length..];
        byte[] screen = await (await page.APIRequest.GetAsync(new Uri(new Uri(_web.Address), (await page.GetByTestId("screen-cab-001").GetAttributeAsync("src"))!).ToString())).BodyAsync();
        string png = Path.Combine(_screenshots, "cab-001-screen.png");
        await File.WriteAllBytesAsync(png, screen);
        Assert.Equal(qr, ZbarImg.Decode(png));

        await page.GetByTestId("scan-pay-cab-001").ClickAsync();
        ILocator open = page.Locator("[data-door=open]");
        await Assertions.Expect(open).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        Assert.StartsWith("slot-cab-001-", await open.GetAttributeAsync("data-testid"));
        string slot = (await open.GetAttributeAsync("data-testid"))!["slot-cab-001-".Length..];
        string item = (await open.GetAttributeAsync("data-item"))!;
        Assert.StartsWith("PB-", item);
        await page.ScreenshotAsync(new() { Path = Path.Combine(_screenshots, "2-drawer-open.png") });

        await page.GetByTestId($"take-cab-001-{slot}").ClickAsync();
        // The drawer can only latch again once the coil has let go of the bolt.
        await Assertions.Expect(page.GetByTestId($"slot-cab-001-{slot}")).ToHaveAttributeAsync("data-latch", "off");
        await Assertions.Expect(page.GetByTestId($"slot-cab-001-{slot}")).ToHaveAttributeAsync("data-item", "");
        await page.GetByTestId($"close-cab-001-{slot}").ClickAsync();
        await Assertions.Expect(page.GetByTestId($"slot-cab-001-{slot}")).ToHaveAttributeAsync("data-door", "closed");
        await Assertions.Expect(page.GetByTestId("log")).ToContainTextAsync($"dispensed slot {slot}", new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByTestId("log")).ToContainTextAsync($"item {item}");
        await page.ScreenshotAsync(new() { Path = Path.Combine(_screenshots, "3-dispensed.png") });

        // A return: an umbrella pushed into the umbrella station's empty slot is caught by the spring bolt and its tag read.
        page.Dialog += (_, dialog) => dialog.AcceptAsync("UM-0777");
        await page.GetByTestId("put-umb-001-3").ClickAsync();
        await Assertions.Expect(page.GetByTestId("slot-umb-001-3")).ToHaveAttributeAsync("data-item", "UM-0777");
        await Assertions.Expect(page.GetByTestId("log")).ToContainTextAsync("umb-001", new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByTestId("log")).ToContainTextAsync("returned slot 3", new() { Timeout = 15_000 });

        // The technician's console, in the page.
        await page.GetByTestId("console-cab-001").Locator("summary").ClickAsync();
        await page.GetByTestId("console-in-cab-001").FillAsync("version");
        await page.GetByTestId("console-in-cab-001").PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("console-out-cab-001")).ToContainTextAsync("cab-001 firmware");
        await page.ScreenshotAsync(new() { Path = Path.Combine(_screenshots, "4-return-and-console.png") });
    }

    [Fact]
    public async Task With_sound_ticked_the_page_plays_the_buzzers_tones_through_WebAudio()
    {
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await LaunchChromiumAsync(playwright, "--autoplay-policy=no-user-gesture-required");
        IPage page = await browser.NewPageAsync();
        // Records every oscillator the page starts: what it asked WebAudio to play, whether or not the machine has speakers.
        await page.AddInitScriptAsync("""
            window.played = [];
            const createOscillator = AudioContext.prototype.createOscillator;
            AudioContext.prototype.createOscillator = function () {
              const oscillator = createOscillator.call(this);
              const start = oscillator.start.bind(oscillator);
              oscillator.start = when => { window.played.push(oscillator.frequency.value); start(when); };
              return oscillator;
            };
            """);
        await OpenLiveAsync(page);
        await Assertions.Expect(page.GetByTestId("qr-cab-001")).ToContainTextAsync("QR: ");
        await page.GetByTestId("sound").CheckAsync();

        // The technician plays the firmware's "ok" pattern from the console in the page.
        await page.GetByTestId("console-cab-001").Locator("summary").ClickAsync();
        await page.GetByTestId("console-in-cab-001").FillAsync("beep ok");
        await page.GetByTestId("console-in-cab-001").PressAsync("Enter");

        var melody = O2O.Firmware.Drivers.Beeper.Rtttl.Parse(O2O.Firmware.Drivers.Beeper.BuiltInTunes.Rtttl("ok")!)!;
        double[] expected = melody.Frequencies.Take(melody.Count).Where(f => f > 0).Select(f => (double)f).ToArray();
        Assert.NotEmpty(expected);
        await page.WaitForFunctionAsync($"window.played.length >= {expected.Length}", null, new() { Timeout = 15_000 });
        double[] played = await page.EvaluateAsync<double[]>("window.played");
        Assert.Equal(expected, played);
        // The buzzer really played them: the same notes are on its PWM timeline.
        int[] buzzer = _stack.Device("cab-001").Hardware.Buzzer.Timeline().Select(t => t.FrequencyHz).ToArray();
        Assert.Equal(expected.Select(f => (int)f), buzzer[^expected.Length..]);
    }

    [Fact]
    public async Task Skipping_a_minute_from_the_page_moves_the_whole_stack_and_every_device_sends_its_minute_heartbeat()
    {
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await LaunchChromiumAsync(playwright);
        IPage page = await browser.NewPageAsync();
        await OpenLiveAsync(page);
        // Heartbeats are due a minute after boot; the stack started seconds ago.
        Assert.DoesNotContain("heartbeat", await page.GetByTestId("log").TextContentAsync());

        await page.GetByTestId("skip-60").ClickAsync();

        await Assertions.Expect(page.GetByTestId("log")).ToContainTextAsync("skipped 60 s of virtual time");
        foreach (StackDevice device in SimulatorRun.DefaultDevices)
        {
            await Assertions.Expect(page.GetByTestId("log")).ToContainTextAsync(new System.Text.RegularExpressions.Regex($"{device.DeviceId} #\\d+ heartbeat"));
        }

        Assert.Equal(TimeSpan.FromSeconds(60), _stack.Clock.Skipped);
    }

    [Fact]
    public async Task The_fault_command_injects_through_the_control_api_and_the_device_reboots()
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        string bootBefore = _stack.Device("umb-001").Device.BootId;

        int exit = await FaultCommand.RunAsync(["fault", "umb-001", "brownout", "--web", _web.Address], output, errors);

        Assert.Equal((0, ""), (exit, errors.ToString()));
        Assert.StartsWith("200 ", output.ToString());
        await O2O.EdgeAgent.Tests.Eventually.HoldsAsync(() => _stack.Device("umb-001").Device.BootId != bootBefore, TimeSpan.FromSeconds(10), "the device to boot again");
        Assert.Equal(2, await FaultCommand.RunAsync(["fault", "umb-001", "jam", "--web", _web.Address], output, errors));
        Assert.Contains("jam needs --slot", errors.ToString());
        Assert.Equal(1, await FaultCommand.RunAsync(["fault", "nope-1", "brownout", "--web", _web.Address], output, errors));
    }

    private static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright, params string[] extraArgs)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: .ci/run installs Debian's chromium package");
        return playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox", .. extraArgs] });
    }

    // The page is up and its event stream connected, so what the test does next is seen live.
    private async Task OpenLiveAsync(IPage page)
    {
        await page.GotoAsync(_web.Address);
        await Assertions.Expect(page.GetByTestId("link")).ToHaveTextAsync("live");
    }
}
