using System.Text;
using O2O.Firmware.Core.Config;
using O2O.Firmware.Core.Console;
using O2O.Firmware.Core.Tests.Support;
using O2O.Protocol;

namespace O2O.Firmware.Core.Tests;

/// <summary>The serial console on a real device controller: field provisioning, a technician's login and maintenance unlock.</summary>
public sealed class ConsoleOnDeviceTests
{
    private readonly DeviceHarness _device = new("powerbank-4", "PB-1", "PB-2", "PB-3", null);
    private readonly StringBuilder _screen = new();
    private readonly DiagnosticsConsole _console;

    public ConsoleOnDeviceTests()
    {
        _console = new DiagnosticsConsole(new DeviceDiagnostics(_device.Device), new ScreenOutput(_screen));
        _console.Start();
    }

    [Fact]
    public void A_freshly_flashed_device_takes_its_technician_key_without_a_login_and_then_requires_one()
    {
        var fresh = new DeviceHarness("powerbank-4", "PB-1");
        fresh.Config.FactoryReset();
        var screen = new StringBuilder();
        var console = new DiagnosticsConsole(new DeviceDiagnostics(fresh.Device), new ScreenOutput(screen));
        string key = new('a', 64);

        Type(console, $"config set tech.key {key}\r");
        Assert.Equal("(set)", fresh.Config.Describe(ConfigKeys.TechnicianKey));
        Type(console, "config set tech.key " + new string('b', 64) + "\r");

        Assert.Contains("log in first", screen.ToString());
        Assert.DoesNotContain(key, screen.ToString());
    }

    [Fact]
    public void A_logged_in_technician_opens_a_slot_and_it_is_journaled()
    {
        long expires = (_device.Clock.UnixMilliseconds / 1000) + 600;
        string code = TechnicianToken.Build("tech-7", expires, DeviceHarness.DeviceId, _device.Config.TechnicianKey)!;

        Type(_console, "unlock 1\r");
        Assert.Contains("log in first", _screen.ToString());
        Type(_console, $"login {code}\r");
        Type(_console, "unlock 1\r");
        _device.Run(100);

        Assert.Equal(1, _device.Slots[1].Pulses);
        DeviceEvent journal = Assert.Single(_device.Link.Events(), e => e.Type == EventTypes.TechnicianUnlock);
        Assert.Equal(("tech-7", 1), (journal.Code, journal.Slot));
        Assert.DoesNotContain(code, _screen.ToString());
    }

    [Fact]
    public void A_code_redeemed_at_the_console_reaches_the_agent_and_stays_off_the_screen()
    {
        const string code = "482913570264";

        Type(_console, $"redeem {code} 2\r");
        Type(_console, "events 5\r");

        DeviceEvent sent = _device.LastEvent();
        Assert.Equal((EventTypes.TokenPresented, 2, code), (sent.Type, sent.Slot, sent.Token));
        Assert.Contains("ok: code sent to the site agent; the slot opens if it is valid", _screen.ToString());
        Assert.Contains("token_presented slot=2", _screen.ToString());
        Assert.DoesNotContain(code, _screen.ToString());
        Assert.False(_console.IsLoggedIn);
    }

    [Fact]
    public void A_code_redeemed_while_the_link_is_down_is_refused_and_never_sent_later()
    {
        _device.Link.IsConnected = false;

        Type(_console, "redeem 482913570264\r");
        _device.Link.IsConnected = true;
        _device.Run(1000);

        Assert.Contains("error: the device cannot reach the site agent right now; try again in a minute", _screen.ToString());
        Assert.DoesNotContain(EventTypes.TokenPresented, _device.EventTypes());
    }

    [Theory]
    [InlineData("status\r", "device   dev-1 (powerbank)")]
    [InlineData("slots\r", "slot 3: idle, door closed, item none")]
    [InlineData("slot 0\r", "slot 0: idle, door closed, item PB-1")]
    [InlineData("slot 9\r", "slot must be a number from 0 to 3")]
    [InlineData("qr\r", "https://pay.o2o.example/q?d=dev-1")]
    [InlineData("config get qr.secret\r", "(set)")]
    [InlineData("events 5\r", "#1 boot")]
    [InlineData("selftest\r", "pass")]
    [InlineData("version\r", "test-fw (o2o-ctrl-1, powerbank-4)")]
    public void Console_commands_describe_the_real_device(string typed, string expected)
    {
        Type(_console, typed);

        Assert.Contains(expected, _screen.ToString());
    }

    private static void Type(DiagnosticsConsole console, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        console.Receive(bytes, 0, bytes.Length);
    }

    private sealed class ScreenOutput(StringBuilder screen) : IConsoleOutput
    {
        public void Write(string text) => screen.Append(text);
    }
}
