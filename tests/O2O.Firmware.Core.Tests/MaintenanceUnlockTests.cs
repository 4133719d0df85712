using O2O.Firmware.Core.Slots;
using O2O.Firmware.Core.Tests.Support;
using O2O.Protocol;

namespace O2O.Firmware.Core.Tests;

/// <summary>
/// The agent's maintenance unlock: the console's technician unlock sent as a command, so it opens, journals and
/// refuses exactly like it, runs at most once per command id, and is acked with how the opening ended.
/// </summary>
public sealed class MaintenanceUnlockTests
{
    private readonly DeviceHarness _device = new("powerbank-4", "PB-1", "PB-2", "PB-3", null);

    [Fact]
    public void It_opens_the_slot_journals_the_technician_and_acks_ok_once_the_door_opens()
    {
        _device.MaintenanceUnlock(1, "tech-7");
        _device.Run(100);
        Assert.Equal(1, _device.Slots[1].Pulses);
        Assert.Empty(_device.AckSummaries());

        _device.Slots[1].DoorOpen = true;
        _device.Run(20);
        _device.Slots[1].DoorOpen = false;
        _device.Run(20);

        Assert.Equal(["ok"], _device.AckSummaries());
        DeviceEvent journal = Assert.Single(_device.Link.Events(), e => e.Type == EventTypes.TechnicianUnlock);
        Assert.Equal(("tech-7", 1, (string?)null), (journal.Code, journal.Slot, journal.OrderId));
        Assert.Equal(["technician_unlock", "opened", "closed"], _device.EventTypes());
        Assert.Equal(SlotState.Idle, _device.Device.Slot(1).State);
    }

    [Fact]
    public void It_is_the_same_opening_as_the_console_unlock_of_a_logged_in_technician()
    {
        var console = new DeviceHarness("powerbank-4", "PB-1", "PB-2", "PB-3", null);
        foreach (DeviceHarness device in new[] { _device, console })
        {
            // A reservation too, to show both end it the same way.
            device.Send("{\"v\":1,\"id\":\"hold\",\"type\":\"reserve\",\"slot\":1,\"minutes\":5,\"order\":\"o-1\"}");
        }

        _device.MaintenanceUnlock(1, "tech-7");
        Assert.Null(console.Device.TechnicianUnlock(1, "tech-7"));
        foreach (DeviceHarness device in new[] { _device, console })
        {
            device.Run(100);
            device.Slots[1].DoorOpen = true;
            device.Run(20);
            device.Slots[1].DoorOpen = false;
            device.Run(20);
        }

        Assert.Equal(console.EventTypes(), _device.EventTypes());
        Assert.Equal(["reserved", "technician_unlock", "reservation_ended", "opened", "closed"], _device.EventTypes());
        Assert.Equal(console.Link.Events().Select(e => e.Code), _device.Link.Events().Select(e => e.Code));
        Assert.Equal((1, 1), (_device.Slots[1].Pulses, console.Slots[1].Pulses));
    }

    [Fact]
    public void A_repeated_command_is_answered_again_but_opens_the_slot_only_once()
    {
        string id = _device.MaintenanceUnlock(1, "tech-7");
        _device.Run(100);
        _device.Slots[1].DoorOpen = true;
        _device.Run(20);
        _device.Slots[1].DoorOpen = false;
        _device.Run(20);

        _device.MaintenanceUnlock(1, "tech-7", id);
        _device.Run(5000);

        Assert.Equal(1, _device.Slots[1].Pulses);
        Assert.Equal(["ok", "ok"], _device.AckSummaries());
        Assert.Single(_device.Link.Events(), e => e.Type == EventTypes.TechnicianUnlock);
    }

    [Fact]
    public void A_repeat_while_the_latch_is_still_pulsing_gets_no_early_answer()
    {
        string id = _device.MaintenanceUnlock(1, "tech-7");
        _device.MaintenanceUnlock(1, "tech-7", id);
        _device.Run(100);

        Assert.Empty(_device.AckSummaries());
        Assert.Equal(1, _device.Slots[1].Pulses);
    }

    [Fact]
    public void It_clears_a_faulted_slot_as_a_console_opening_does()
    {
        _device.Slots[1].DoorOpen = true;
        _device.Run(20);
        _device.Slots[1].DoorOpen = false;
        _device.Run(20);
        Assert.Equal(SlotFaults.ForcedOpen, _device.Device.Slot(1).FaultCode);

        _device.MaintenanceUnlock(1, "tech-7");
        _device.Run(100);
        _device.Slots[1].DoorOpen = true;
        _device.Run(20);
        _device.Slots[1].DoorOpen = false;
        _device.Run(20);

        Assert.Equal(["ok"], _device.AckSummaries());
        Assert.Equal("fault_cleared", _device.EventTypes()[^1]);
        Assert.Equal(SlotState.Idle, _device.Device.Slot(1).State);
    }

    [Fact]
    public void A_latch_that_does_not_release_is_acked_failed_jammed()
    {
        _device.MaintenanceUnlock(1, "tech-7");
        _device.Run(10_000);

        Assert.Equal(2, _device.Slots[1].Pulses);
        Assert.Equal(["failed:jammed"], _device.AckSummaries());
        Assert.Equal(SlotFaults.Jammed, _device.Device.Slot(1).FaultCode);
    }

    [Fact]
    public void A_doorless_slot_is_acked_ok_after_its_one_pulse()
    {
        var umbrella = new DeviceHarness("umbrella-4", "UM-1", "UM-2");

        umbrella.MaintenanceUnlock(0, "tech-7");
        umbrella.Run(umbrella.Timings.Pulse + 100);

        Assert.Equal(1, umbrella.Slots[0].Pulses);
        Assert.Equal(["ok"], umbrella.AckSummaries());
        Assert.Equal(["technician_unlock", "opened"], umbrella.EventTypes());
    }

    [Fact]
    public void A_busy_slot_is_refused_with_the_same_reason_the_console_gets()
    {
        _device.Unlock(0, "o-1");
        _device.Run(100);

        _device.MaintenanceUnlock(0, "tech-7");

        Assert.Equal(["rejected:slot_busy"], _device.AckSummaries());
        Assert.Equal("slot_busy", _device.Device.TechnicianUnlock(0, "tech-7"));
        Assert.Equal(1, _device.Slots[0].Pulses);
        Assert.DoesNotContain("technician_unlock", _device.EventTypes());
    }

    [Fact]
    public void An_unknown_slot_or_a_stale_command_is_refused_and_nothing_moves()
    {
        _device.MaintenanceUnlock(4, "tech-7");
        long stale = _device.Clock.UnixMilliseconds - DeviceController.MaxUnlockAgeMs - 1;
        _device.Send($"{{\"v\":1,\"id\":\"old\",\"type\":\"unlock\",\"slot\":1,\"mode\":\"maintenance\",\"value\":\"tech-7\",\"ts\":{stale}}}");
        _device.Run(100);

        Assert.Equal(["rejected:unknown_slot", "rejected:expired"], _device.AckSummaries());
        Assert.All(_device.Slots, slot => Assert.Equal(0, slot.Pulses));
        Assert.DoesNotContain("technician_unlock", _device.EventTypes());
    }

    [Fact]
    public void In_safe_mode_it_is_refused_and_nothing_moves()
    {
        for (int boot = 0; boot < _device.Definition.Limits.MaxFailedBoots; boot++)
        {
            _device.Reboot();
        }

        Assert.True(_device.Device.SafeMode);

        _device.MaintenanceUnlock(1, "tech-7");
        _device.Run(100);

        Assert.Equal(["rejected:safe_mode"], _device.AckSummaries());
        Assert.Equal(0, _device.Slots[1].Pulses);
    }

    [Fact]
    public void A_command_running_when_the_device_rebooted_is_answered_failed_on_resend()
    {
        string id = _device.MaintenanceUnlock(1, "tech-7");
        _device.Run(100);

        _device.Reboot();
        _device.MaintenanceUnlock(1, "tech-7", id);

        Assert.Equal(["failed:interrupted_by_reboot"], _device.AckSummaries());
        Assert.Equal(1, _device.Slots[1].Pulses);
    }

    [Theory]
    [InlineData("{\"v\":1,\"id\":\"m\",\"type\":\"unlock\",\"slot\":1,\"mode\":\"maintenance\"}", "rejected:missing_field: value: required for unlock")]
    [InlineData("{\"v\":1,\"id\":\"m\",\"type\":\"unlock\",\"slot\":1,\"mode\":\"maintenance\",\"value\":\"tech.7\"}",
        "rejected:invalid_value: value: technician id must be 1 to 32 of [A-Za-z0-9_-] for a maintenance unlock")]
    [InlineData("{\"v\":1,\"id\":\"m\",\"type\":\"unlock\",\"slot\":1,\"mode\":\"maintenance\",\"value\":\"\"}",
        "rejected:invalid_value: value: technician id must be 1 to 32 of [A-Za-z0-9_-] for a maintenance unlock")]
    public void Without_a_valid_technician_id_it_is_rejected_and_nothing_moves(string json, string expected)
    {
        _device.Send(json);
        _device.Run(100);

        Assert.Equal([expected], _device.AckSummaries());
        Assert.Equal(0, _device.Slots[1].Pulses);
        Assert.DoesNotContain("technician_unlock", _device.EventTypes());
    }
}
