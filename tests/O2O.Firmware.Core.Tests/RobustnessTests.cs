using O2O.Firmware.Core.Slots;
using O2O.Firmware.Core.Tests.Support;
using O2O.Protocol;

namespace O2O.Firmware.Core.Tests;

/// <summary>The paths where a paid customer could lose out: reboots mid-sale, full buffers, stale and forgotten commands.</summary>
public sealed class RobustnessTests
{
    private readonly DeviceHarness _device = new("powerbank-4", "PB-1", "PB-2", "PB-3", null);

    [Fact]
    public void A_reboot_after_the_item_was_taken_ends_the_order_dispensed_without_a_false_tamper()
    {
        _device.Unlock(0, "o-1");
        _device.Run(100);
        _device.Slots[0].DoorOpen = true;
        _device.Run(20);
        _device.Slots[0].PutItem(null);

        _device.Reboot();
        _device.Run(20);

        DeviceEvent outcome = Assert.Single(_device.Link.Events(), e => e.OrderId == "o-1");
        Assert.Equal((EventTypes.Dispensed, "PB-1", "after_reboot"), (outcome.Type, outcome.ItemId, outcome.Code));
        Assert.DoesNotContain(EventTypes.Tamper, _device.EventTypes());
        Assert.Equal(SlotState.Idle, _device.Device.Slot(0).State);
    }

    [Fact]
    public void A_reboot_before_the_item_left_ends_the_order_failed_so_the_cloud_refunds()
    {
        _device.Unlock(0, "o-1");
        _device.Run(100);

        _device.Reboot();

        DeviceEvent outcome = Assert.Single(_device.Link.Events(), e => e.OrderId == "o-1");
        Assert.Equal((EventTypes.UnlockFailed, "interrupted_by_reboot"), (outcome.Type, outcome.Code));
    }

    [Fact]
    public void A_finished_sale_leaves_nothing_to_resolve_at_the_next_boot()
    {
        _device.Unlock(0, "o-1");
        _device.Run(100);
        _device.Slots[0].DoorOpen = true;
        _device.Run(20);
        _device.Slots[0].PutItem(null);
        _device.Slots[0].DoorOpen = false;
        _device.Run(20);

        _device.Reboot();

        Assert.DoesNotContain(_device.Link.Events(), e => e.OrderId == "o-1");
    }

    [Fact]
    public void A_buffer_full_of_sales_drops_a_heartbeat_rather_than_a_sale()
    {
        var dispensed = new List<long>();
        _device.Link.IsConnected = false;
        int buffer = _device.Definition.Limits.EventBuffer;
        for (int i = 0; i < buffer; i++)
        {
            _device.Device.Events.Publish(EventTypes.Dispensed, 0, "o-" + i, null, null);
        }

        _device.Run((_device.Definition.Timings.HeartbeatSeconds * 1000L) + 20);
        _device.Link.IsConnected = true;
        _device.Run(20);

        List<DeviceEvent> sent = _device.Link.Events();
        Assert.Equal(buffer, sent.Count(e => e.Type == EventTypes.Dispensed));
        Assert.Equal(1, _device.Device.Events.Dropped);
    }

    [Fact]
    public void An_unlock_issued_long_ago_is_refused_as_expired()
    {
        long issued = _device.Clock.UnixMilliseconds - DeviceController.MaxUnlockAgeMs - 1;
        _device.Send($"{{\"v\":1,\"id\":\"old\",\"type\":\"unlock\",\"slot\":0,\"order\":\"o-1\",\"ts\":{issued}}}");
        _device.Send($"{{\"v\":1,\"id\":\"new\",\"type\":\"unlock\",\"slot\":1,\"order\":\"o-2\",\"ts\":{issued + 60_000}}}");
        _device.Run(100);

        Assert.Equal(["rejected:expired"], _device.AckSummaries());
        Assert.Equal(0, _device.Slots[0].Pulses);
        Assert.Equal(1, _device.Slots[1].Pulses);
    }

    [Fact]
    public void A_reboot_request_waits_until_the_slot_mid_sale_is_closed()
    {
        _device.Unlock(0, "o-1");
        _device.Run(100);
        _device.Slots[0].DoorOpen = true;
        _device.Run(20);
        _device.Send("{\"v\":1,\"id\":\"r\",\"type\":\"reboot\"}");
        _device.Run(1000);
        Assert.Equal(0, _device.Platform.Reboots);

        _device.Slots[0].PutItem(null);
        _device.Slots[0].DoorOpen = false;
        _device.Run(20);

        Assert.Equal(1, _device.Platform.Reboots);
    }

    [Fact]
    public void A_running_unlock_is_never_forgotten_however_many_commands_follow()
    {
        string id = _device.Unlock(0, "o-1");
        for (int i = 0; i < _device.Definition.Limits.RecentCommands * 2; i++)
        {
            _device.Send($"{{\"v\":1,\"id\":\"b-{i}\",\"type\":\"show_qr\"}}");
        }

        _device.Send($"{{\"v\":1,\"id\":\"{id}\",\"type\":\"unlock\",\"slot\":0,\"order\":\"o-1\"}}");
        _device.Run(100);

        Assert.DoesNotContain(_device.AckSummaries(), a => a.StartsWith("rejected:slot_busy", StringComparison.Ordinal));
        Assert.Equal(1, _device.Slots[0].Pulses);
    }

    [Fact]
    public void A_booth_door_pushed_open_from_inside_is_not_tamper()
    {
        var booth = new DeviceHarness("karaoke-booth");

        booth.Slots[0].DoorOpen = true;
        booth.Run(20);

        Assert.DoesNotContain(EventTypes.Tamper, booth.EventTypes());
        Assert.Equal(SlotState.Idle, booth.Device.Slot(0).State);
    }
}
