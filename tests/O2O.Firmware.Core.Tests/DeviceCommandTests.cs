using O2O.Firmware.Core.Tests.Support;
using O2O.Protocol;

namespace O2O.Firmware.Core.Tests;

/// <summary>Commands end to end through the device: at most once per id (across reboots), one answer each, every rejection reason.</summary>
public sealed class DeviceCommandTests
{
    private readonly DeviceHarness _device = new("powerbank-4", "PB-1", "PB-2", "PB-3", null);

    [Fact]
    public void A_repeated_command_id_is_answered_again_but_never_executed_twice()
    {
        string id = _device.Unlock(0, "o-1");
        _device.Run(100);
        _device.Slots[0].DoorOpen = true;
        _device.Run(20);
        _device.Send($"{{\"v\":1,\"id\":\"{id}\",\"type\":\"unlock\",\"slot\":0,\"order\":\"o-1\"}}");

        Assert.Equal(1, _device.Slots[0].Pulses);
        Assert.Equal(["ok", "ok"], _device.AckSummaries());
    }

    [Fact]
    public void A_repeat_that_arrives_while_the_command_runs_is_not_answered_early()
    {
        string id = _device.Unlock(0, "o-1");
        _device.Send($"{{\"v\":1,\"id\":\"{id}\",\"type\":\"unlock\",\"slot\":0,\"order\":\"o-1\"}}");
        _device.Run(100);

        Assert.Empty(_device.AckSummaries());
        Assert.Equal(1, _device.Slots[0].Pulses);
    }

    [Fact]
    public void Command_ids_survive_a_reboot_so_a_resend_after_it_is_not_executed_again()
    {
        string id = _device.Unlock(0, "o-1");
        _device.Run(100);
        _device.Slots[0].DoorOpen = true;
        _device.Run(20);
        _device.Slots[0].PutItem(null);
        _device.Slots[0].DoorOpen = false;
        _device.Run(20);

        _device.Reboot();
        _device.Slots[1].PutItem("PB-2");
        _device.Send($"{{\"v\":1,\"id\":\"{id}\",\"type\":\"unlock\",\"slot\":0,\"order\":\"o-1\"}}");

        Assert.Equal(["ok"], _device.AckSummaries());
        Assert.Equal(1, _device.Slots[0].Pulses);
    }

    [Fact]
    public void A_command_running_when_the_device_rebooted_is_answered_failed_after_it_so_the_cloud_refunds()
    {
        string id = _device.Unlock(0, "o-1");
        _device.Run(100);

        _device.Reboot();
        _device.Send($"{{\"v\":1,\"id\":\"{id}\",\"type\":\"unlock\",\"slot\":0,\"order\":\"o-1\"}}");

        Assert.Equal(["failed:interrupted_by_reboot"], _device.AckSummaries());
        Assert.Equal(1, _device.Slots[0].Pulses);
    }

    [Fact]
    public void Latches_are_de_energised_first_when_the_device_boots()
    {
        Assert.All(_device.Slots, slot => Assert.False(slot.LatchChanges[0]));
        _device.Unlock(0, "o-1");
        _device.Run(10);
        Assert.True(_device.Slots[0].Latch);

        _device.Reboot();

        Assert.False(_device.Slots[0].Latch);
    }

    [Theory]
    [InlineData("{\"v\":1,\"id\":\"x\",\"type\":\"session_start\",\"minutes\":5,\"order\":\"o\"}", "rejected:no_session")]
    [InlineData("{\"v\":1,\"id\":\"x\",\"type\":\"session_extend\",\"minutes\":5}", "rejected:no_session")]
    [InlineData("{\"v\":1,\"id\":\"x\",\"type\":\"session_stop\"}", "rejected:no_session")]
    [InlineData("{\"v\":1,\"id\":\"x\",\"type\":\"beep\",\"pattern\":\"kazoo\"}", "rejected:unknown_pattern")]
    [InlineData("{\"v\":1,\"id\":\"x\",\"type\":\"beep\",\"pattern\":\"alarm\"}", "ok")]
    [InlineData("{\"v\":1,\"id\":\"x\",\"type\":\"beep\",\"pattern\":\"jingle:d=4,o=5,b=200:e,e,e\"}", "ok")]
    [InlineData("{\"v\":1,\"id\":\"x\",\"type\":\"set_config\",\"key\":\"wifi.ssid\",\"value\":\"evil\"}", "rejected:key_not_remote")]
    [InlineData("{\"v\":1,\"id\":\"x\",\"type\":\"set_config\",\"key\":\"qr.secret\",\"value\":\"00\"}", "rejected:key_not_remote")]
    [InlineData("{\"v\":1,\"id\":\"x\",\"type\":\"set_config\",\"key\":\"no.such\",\"value\":\"1\"}", "rejected:unknown_key")]
    [InlineData("{\"v\":1,\"id\":\"x\",\"type\":\"set_config\",\"key\":\"log.level\",\"value\":\"loud\"}", "rejected:invalid_value")]
    [InlineData("{\"v\":1,\"id\":\"x\",\"type\":\"set_config\",\"key\":\"log.level\",\"value\":\"debug\"}", "ok")]
    [InlineData("{\"v\":1,\"id\":\"x\",\"type\":\"show_qr\"}", "ok")]
    [InlineData("{\"v\":1,\"id\":\"x\",\"type\":\"self_test\"}", "ok")]
    [InlineData("{\"v\":1,\"id\":\"x\",\"type\":\"unlock\",\"slot\":\"0\",\"order\":\"o\"}", "rejected:wrong_type: slot: expected a number")]
    [InlineData("{\"v\":1,\"id\":\"x\",\"type\":\"unlock\",\"slot\":0}", "rejected:missing_field: order: required for unlock")]
    [InlineData("{\"v\":1,\"id\":\"x\",\"type\":\"unlock\",\"slot\":0,\"order\":\"o\",\"mode\":\"steal\"}", "rejected:invalid_value: mode: must be rent, return or maintenance")]
    [InlineData("{\"v\":1,\"id\":\"x\",\"type\":\"launch\"}", "rejected:unknown_type: type: unknown command type")]
    [InlineData("{\"v\":3,\"id\":\"x\",\"type\":\"reboot\"}", "rejected:wrong_version: version 3 is not supported")]
    public void Every_command_gets_one_answer_with_its_reason(string json, string expected)
    {
        _device.Send(json);

        Assert.Equal([expected], _device.AckSummaries());
    }

    [Fact]
    public void A_remote_config_change_is_stored_and_reported()
    {
        _device.Send("{\"v\":1,\"id\":\"x\",\"type\":\"set_config\",\"key\":\"qr.base_url\",\"value\":\"https://o2o.example/scan\"}");

        Assert.Equal("https://o2o.example/scan", _device.Config.QrBaseUrl);
        Assert.Contains("config_changed", _device.EventTypes());
        Assert.Contains("qr.base_url", System.Text.Encoding.UTF8.GetString(_device.Storage.Blobs["config"]));
    }

    [Fact]
    public void Reboot_is_acked_first_and_happens_once_the_events_are_out()
    {
        _device.Send("{\"v\":1,\"id\":\"r\",\"type\":\"reboot\"}");
        Assert.Equal(["ok"], _device.AckSummaries());
        Assert.Equal(0, _device.Platform.Reboots);

        _device.Run(10);

        Assert.Equal(1, _device.Platform.Reboots);
    }

    [Fact]
    public void Garbage_and_messages_for_other_devices_are_ignored_and_the_device_keeps_working()
    {
        _device.Send("\u0000\u00ff not json");
        byte[] foreign = System.Text.Encoding.UTF8.GetBytes("{\"v\":1,\"id\":\"z\",\"type\":\"unlock\",\"slot\":0,\"order\":\"o\"}");
        _device.Device.OnMessage(Topics.Commands("dev-2"), foreign, foreign.Length);
        _device.Device.OnMessage(Topics.Commands("dev-1"), foreign, foreign.Length + 5);

        Assert.Empty(_device.AckSummaries());
        _device.Unlock(0, "o-1");
        _device.Run(10);
        Assert.True(_device.Slots[0].Latch);
    }

    [Fact]
    public void The_watchdog_is_fed_on_every_main_loop_pass()
    {
        _device.Run(1000);

        Assert.Equal(100, _device.Platform.WatchdogFeeds);
    }
}
