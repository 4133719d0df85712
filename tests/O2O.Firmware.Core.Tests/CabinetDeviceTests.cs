using System.Text;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.Firmware.Core.Tests;

/// <summary>The cabinet's behaviour in virtual time: unlock, dispense, jam, tamper, duplicates, bad commands.</summary>
public sealed class CabinetDeviceTests
{
    private readonly ManualClock _clock = new();
    private readonly RecordingLink _link = new();
    private readonly FakeSlot[] _slots = [new("PB-1"), new("PB-2"), new(null)];
    private readonly DeviceSettings _settings = new() { DeviceId = "cab-001", QrSecret = Encoding.UTF8.GetBytes("secret"), LatchPulseMilliseconds = 500, OpenTimeoutMilliseconds = 3000 };
    private readonly CabinetDevice _device;

    public CabinetDeviceTests()
    {
        _device = new CabinetDevice(_settings, _clock, _link, _slots, new Random(7));
        _device.Start();
    }

    [Fact]
    public void Latches_are_released_before_anything_else_at_construction()
    {
        Assert.All(_slots, slot => Assert.False(slot.LatchChanges[0]));
    }

    [Fact]
    public void A_paid_unlock_pulses_the_latch_acks_on_open_and_reports_the_dispense()
    {
        Send(Unlock("c-1", slot: 0, order: "o-1"));
        Assert.True(_slots[0].Latch);

        Run(100);
        _slots[0].DoorOpen = true;
        Run(10);
        Assert.False(_slots[0].Latch);
        Assert.Equal(("c-1", CommandAck.Ok), (_link.Acks().Single().CommandId, _link.Acks().Single().Outcome));

        _slots[0].ItemId = null;
        _slots[0].DoorOpen = false;
        Run(10);

        Assert.Equal([EventTypes.Boot, EventTypes.Opened, EventTypes.Closed, EventTypes.Dispensed], _link.Events().Select(e => e.Type));
        DeviceEvent dispensed = _link.Events().Last();
        Assert.Equal(("o-1", "PB-1", 0), (dispensed.OrderId, dispensed.ItemId, dispensed.Slot));
        Assert.Equal(SlotState.Idle, _device.Slot(0).State);
    }

    [Fact]
    public void The_latch_is_released_after_one_pulse_even_if_the_door_never_opens()
    {
        Send(Unlock("c-1", slot: 0, order: "o-1"));

        Run(499);
        Assert.True(_slots[0].Latch);
        Run(2);
        Assert.False(_slots[0].Latch);
    }

    [Fact]
    public void A_latch_that_never_opens_is_reported_jammed_with_a_failed_ack()
    {
        Send(Unlock("c-1", slot: 0, order: "o-1"));

        Run(3100);

        Assert.Equal((CommandAck.Failed, "jammed"), (_link.Acks().Single().Outcome, _link.Acks().Single().Reason));
        Assert.Contains(_link.Events(), e => e.Type == EventTypes.Jammed && e.OrderId == "o-1");
        Assert.Equal(SlotState.Fault, _device.Slot(0).State);
    }

    [Fact]
    public void Opening_and_closing_without_taking_the_item_ends_the_order_as_failed()
    {
        Send(Unlock("c-1", slot: 0, order: "o-1"));
        _slots[0].DoorOpen = true;
        Run(10);
        _slots[0].DoorOpen = false;
        Run(10);

        DeviceEvent last = _link.Events().Last();
        Assert.Equal((EventTypes.UnlockFailed, "item_not_taken", "o-1"), (last.Type, last.Code, last.OrderId));
    }

    [Fact]
    public void A_repeated_command_id_is_answered_again_but_never_executed_twice()
    {
        Send(Unlock("c-1", slot: 0, order: "o-1"));
        _slots[0].DoorOpen = true;
        Run(10);
        Send(Unlock("c-1", slot: 0, order: "o-1"));

        Assert.Equal(1, _slots[0].LatchChanges.Count(on => on));
        Assert.Equal(2, _link.Acks().Count);
        Assert.All(_link.Acks(), ack => Assert.Equal(CommandAck.Ok, ack.Outcome));
    }

    [Fact]
    public void A_repeat_that_arrives_while_the_command_runs_is_not_answered_early()
    {
        Send(Unlock("c-1", slot: 0, order: "o-1"));
        Send(Unlock("c-1", slot: 0, order: "o-1"));

        Assert.Empty(_link.Acks());
        Assert.Equal(1, _slots[0].LatchChanges.Count(on => on));
    }

    [Theory]
    [InlineData(2, "slot_empty")]
    [InlineData(9, "unknown_slot")]
    public void Unlocks_that_cannot_be_served_are_rejected_with_a_reason(int slot, string reason)
    {
        Send(Unlock("c-1", slot, "o-1"));

        CommandAck ack = _link.Acks().Single();
        Assert.Equal((CommandAck.Rejected, reason), (ack.Outcome, ack.Reason));
        Assert.DoesNotContain(_slots, s => s.Latch);
    }

    [Fact]
    public void A_second_unlock_of_a_busy_slot_is_rejected()
    {
        Send(Unlock("c-1", slot: 0, order: "o-1"));
        Send(Unlock("c-2", slot: 0, order: "o-2"));

        Assert.Equal(("c-2", CommandAck.Rejected, "slot_busy"), (_link.Acks().Single().CommandId, _link.Acks().Single().Outcome, _link.Acks().Single().Reason));
    }

    [Fact]
    public void A_malformed_command_with_a_readable_id_gets_a_rejected_ack_naming_the_problem()
    {
        Send("{\"v\":1,\"id\":\"c-9\",\"type\":\"unlock\",\"slot\":\"zero\",\"order\":\"o\"}");

        CommandAck ack = _link.Acks().Single();
        Assert.Equal(("c-9", CommandAck.Rejected), (ack.CommandId, ack.Outcome));
        Assert.StartsWith("wrong_type", ack.Reason);
    }

    [Fact]
    public void A_command_of_another_protocol_version_is_rejected_by_id_even_though_the_version_comes_first()
    {
        Send("{\"v\":2,\"id\":\"c-5\",\"type\":\"unlock\",\"slot\":0,\"order\":\"o\"}");

        CommandAck ack = _link.Acks().Single();
        Assert.Equal(("c-5", CommandAck.Rejected), (ack.CommandId, ack.Outcome));
        Assert.StartsWith("wrong_version", ack.Reason);
        Assert.False(_slots[0].Latch);
    }

    [Fact]
    public void Garbage_without_an_id_is_dropped_silently_and_the_device_keeps_working()
    {
        Send("\u0000\u00ff not json");
        Send(Unlock("c-1", slot: 0, order: "o-1"));

        Assert.True(_slots[0].Latch);
    }

    [Fact]
    public void Messages_on_other_topics_are_ignored()
    {
        byte[] payload = Encoding.UTF8.GetBytes(Unlock("c-1", 0, "o-1"));
        _device.OnMessage(Topics.Commands("cab-002"), payload, payload.Length);

        Assert.False(_slots[0].Latch);
    }

    [Fact]
    public void A_door_forced_open_without_an_unlock_raises_tamper_and_faults_the_slot()
    {
        _slots[1].DoorOpen = true;
        Run(10);

        Assert.Contains(_link.Events(), e => e.Type == EventTypes.Tamper && e.Slot == 1 && e.Code == "forced_open");
        Assert.Equal(SlotState.Fault, _device.Slot(1).State);
    }

    [Fact]
    public void Events_wait_while_the_link_is_down_and_go_out_in_order_when_it_returns()
    {
        _link.IsConnected = false;
        _slots[1].DoorOpen = true;
        Run(10);
        Assert.Equal(1, _device.Events.PendingCount);

        _link.IsConnected = true;
        Run(10);

        Assert.Equal(0, _device.Events.PendingCount);
        Assert.Equal([1L, 2L], _link.Events().Select(e => e.Sequence));
    }

    [Fact]
    public void The_qr_code_verifies_with_the_device_secret_and_rotates_after_a_dispense()
    {
        string first = _device.QrPayload!;
        Assert.Null(QrPayload.Verify(first, _settings.QrSecret, _clock.UnixMilliseconds / 1000, out string? device, out int slot, out _));
        Assert.Equal(("cab-001", 0), (device, slot));

        Send(Unlock("c-1", slot: 0, order: "o-1"));
        _slots[0].DoorOpen = true;
        Run(10);
        _slots[0].ItemId = null;
        _slots[0].DoorOpen = false;
        Run(10);

        Assert.NotEqual(first, _device.QrPayload);
        QrPayload.Verify(_device.QrPayload!, _settings.QrSecret, _clock.UnixMilliseconds / 1000, out _, out int offered, out _);
        Assert.Equal(1, offered);
    }

    [Fact]
    public void The_qr_code_rotates_when_it_expires()
    {
        string first = _device.QrPayload!;

        Run(_settings.QrLifetimeSeconds * 1000L + 10);

        Assert.NotEqual(first, _device.QrPayload);
    }

    [Fact]
    public void The_retained_state_snapshot_follows_slot_changes()
    {
        Send(Unlock("c-1", slot: 0, order: "o-1"));
        Run(10);

        (string _, byte[] payload, bool retain) = _link.Published.Last(p => p.Topic == Topics.State("cab-001"));
        DeviceState state = DeviceState.Decode(payload, 0, payload.Length, new JsonReader(), out _)!;
        Assert.True(retain);
        Assert.Equal("unlocking", state.Slots[0].State);
        Assert.Equal(["PB-1", "PB-2", null], state.Slots.Select(s => s.ItemId));
    }

    private static string Unlock(string id, int slot, string order) =>
        $"{{\"v\":1,\"id\":\"{id}\",\"type\":\"unlock\",\"slot\":{slot},\"order\":\"{order}\"}}";

    private void Send(string json)
    {
        byte[] payload = Encoding.UTF8.GetBytes(json);
        _device.OnMessage(Topics.Commands("cab-001"), payload, payload.Length);
    }

    // Advances virtual time in 10 ms ticks, as the device's main loop would.
    private void Run(long milliseconds)
    {
        for (long elapsed = 0; elapsed < milliseconds; elapsed += 10)
        {
            _clock.Advance(Math.Min(10, milliseconds - elapsed));
            _device.Tick();
        }
    }
}
