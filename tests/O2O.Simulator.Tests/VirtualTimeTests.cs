using System.Text;
using O2O.Firmware.Drivers.Display;
using O2O.Protocol;
using O2O.Simulator.Devices;
using O2O.Simulator.Devices.Peripherals;
using O2O.Simulator.Scenarios;

namespace O2O.Simulator.Tests;

public sealed class VirtualTimeTests
{
    [Fact]
    public void A_frozen_clock_moves_only_by_what_is_skipped_and_carries_on_from_there_when_thawed()
    {
        var clock = new AdvancingClock();
        clock.Freeze();
        DateTimeOffset frozen = clock.GetUtcNow();
        long frozenStamp = clock.GetTimestamp();
        Thread.Sleep(30); // real time passes while frozen; the clock must not see it
        Assert.Equal(frozen, clock.GetUtcNow());

        clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(frozen + TimeSpan.FromMinutes(20), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromMinutes(20), clock.GetElapsedTime(frozenStamp, clock.GetTimestamp()));

        clock.Thaw();
        DateTimeOffset thawed = clock.GetUtcNow();
        Assert.InRange(thawed - frozen, TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(20) + TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromMinutes(20), clock.Skipped);
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void A_skip_runs_one_loop_pass_per_5_ms_and_the_firmware_sees_exactly_the_skipped_time()
    {
        var clock = new AdvancingClock();
        clock.Freeze(); // so that real time spent booting does not count
        VirtualDevice device = PoweredOn(clock, "dev-a");
        long uptimeBefore = device.Clock.UptimeMilliseconds;

        TimeSkip.Outcome outcome = TimeSkip.Run(clock, [device], TimeSpan.FromSeconds(61), CancellationToken.None);

        Assert.Equal(61_000 / 5, outcome.PassesPerDevice);
        Assert.Equal(61_000, device.Clock.UptimeMilliseconds - uptimeBefore);
        // The heartbeat (every 60 s on the power-bank cabinet) came due during the skip and went out.
        Assert.Contains(Published((LoopbackLink)device.Link), m => m.Contains("\"heartbeat\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_identical_devices_skipping_together_publish_the_same_sequence()
    {
        var clock = new AdvancingClock();
        clock.Freeze(); // both boot at the same moment, as in a scenario's skip
        VirtualDevice first = PoweredOn(clock, "dev-a");
        VirtualDevice second = PoweredOn(clock, "dev-b");
        first.Slots[0].ForceOpen();
        second.Slots[0].ForceOpen();

        TimeSkip.Run(clock, [first, second], TimeSpan.FromSeconds(130), CancellationToken.None);

        string[] a = Published((LoopbackLink)first.Link).Select(m => m.Replace("dev-a", "dev-?", StringComparison.Ordinal)).ToArray();
        string[] b = Published((LoopbackLink)second.Link).Select(m => m.Replace("dev-b", "dev-?", StringComparison.Ordinal)).ToArray();
        Assert.Contains(a, m => m.Contains("\"tamper\"", StringComparison.Ordinal));
        Assert.Equal(a, b);
    }

    [Fact]
    public void Panel_text_is_read_off_the_pixels_at_any_scale_and_either_polarity()
    {
        var frame = new MonochromeFrameBuffer(240, 240);
        frame.DrawText(10, 20, "SCAN TO RENT", 2, true);
        frame.FillRect(0, 100, 240, 30, true);
        frame.DrawText(40, 110, "OUT OF SERVICE", 1, false);

        PanelImage image = ToImage(frame);

        Assert.True(PanelText.Shows(image, "scan to rent"));
        Assert.True(PanelText.Shows(image, "OUT OF SERVICE"));
        Assert.False(PanelText.Shows(image, "SCAN TO RETURN"));
        Assert.False(PanelText.Shows(image, "SAFE MODE"));
    }

    private static VirtualDevice PoweredOn(AdvancingClock clock, string deviceId)
    {
        var definition = DefinitionCatalog.Device("powerbank-4");
        var setup = new VirtualDeviceSetup(DefinitionCatalog.Board(definition.Board), definition,
            VirtualDeviceSetup.Provision(deviceId, Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
            ["PB-1", "PB-2", null, null], new SimulationTime(clock), new LoopbackLink(deviceId))
        {
            Random = new Random(7),
        };
        var device = new VirtualDevice(setup);
        device.PowerOn();
        device.RunOnce();
        return device;
    }

    private static IEnumerable<string> Published(LoopbackLink link) =>
        link.Published.Where(m => m.Topic.EndsWith("/evt", StringComparison.Ordinal)).Select(m => Encoding.UTF8.GetString(m.Payload));

    private static PanelImage ToImage(MonochromeFrameBuffer frame)
    {
        var rgb = new int[frame.Width * frame.Height];
        for (int y = 0; y < frame.Height; y++)
        {
            for (int x = 0; x < frame.Width; x++)
            {
                rgb[(y * frame.Width) + x] = frame.GetPixel(x, y) ? 0xFFFFFF : 0x000020;
            }
        }

        return new PanelImage(frame.Width, frame.Height, rgb);
    }
}
