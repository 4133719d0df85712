using O2O.Firmware.Core.Boot;
using O2O.Firmware.Core.Tests.Support;
using O2O.Protocol;

namespace O2O.Firmware.Core.Tests;

/// <summary>Boot, safe mode, heartbeats, buffering, the QR code and the coil's protection, in virtual time.</summary>
public sealed class DeviceLifecycleTests
{
    private readonly DeviceHarness _device = new("powerbank-4", "PB-1", "PB-2", "PB-3", null);

    [Fact]
    public void Boots_that_crash_before_the_healthy_mark_end_in_safe_mode_where_nothing_moves()
    {
        // The first boot counts too: it ends in a reboot before the healthy mark.
        int allowed = _device.Definition.Limits.MaxFailedBoots;
        for (int boot = 1; boot < allowed; boot++)
        {
            _device.Run(1000);
            _device.Reboot();
            Assert.False(_device.Device.SafeMode);
        }

        _device.Reboot();

        Assert.True(_device.Device.SafeMode);
        Assert.Contains("safe_mode", _device.EventTypes());
        Assert.Null(_device.Device.QrPayload);
        _device.Unlock(0, "o-1");
        _device.Run(100);
        Assert.Equal(["rejected:safe_mode"], _device.AckSummaries());
        Assert.Equal("safe mode: latches stay still", _device.Device.TechnicianUnlock(0, "tech"));
        Assert.All(_device.Slots, slot => Assert.Equal(0, slot.Pulses));
    }

    [Fact]
    public void A_healthy_run_resets_the_count_and_a_deliberate_reboot_leaves_safe_mode()
    {
        for (int boot = 0; boot <= _device.Definition.Limits.MaxFailedBoots; boot++)
        {
            _device.Reboot();
        }

        Assert.True(_device.Device.SafeMode);
        _device.Send("{\"v\":1,\"id\":\"r\",\"type\":\"reboot\"}");
        _device.Run(10);
        _device.Reboot();
        Assert.False(_device.Device.SafeMode);

        _device.Run(BootGuard.HealthyAfterMilliseconds + 10);
        Assert.Equal("0", System.Text.Encoding.UTF8.GetString(_device.Storage.Blobs[BootGuard.StorageName]));
    }

    [Fact]
    public void Heartbeats_come_at_the_defined_interval_and_carry_health()
    {
        _device.Platform.FreeMemoryBytes = 77000;
        _device.Platform.WifiRssi = -70;
        _device.Platform.ResetReason = "brownout";
        int interval = _device.Definition.Timings.HeartbeatSeconds * 1000;

        _device.Run(interval - 10);
        Assert.DoesNotContain(_device.Link.Events(), e => e.Type == EventTypes.Heartbeat);
        _device.Slots[1].DoorOpen = true;
        _device.Run(20);

        DeviceEvent heartbeat = Assert.Single(_device.Link.Events(), e => e.Type == EventTypes.Heartbeat);
        HealthReport health = heartbeat.Health!;
        Assert.Equal((interval / 1000L, 77000L, "brownout", -70, "test-fw"), (health.UptimeSeconds, health.FreeMemoryBytes, health.ResetReason, health.WifiRssi, health.Firmware));
        Assert.Equal(1, health.Tampers);
    }

    [Fact]
    public void While_the_link_is_down_heartbeats_make_room_and_transactional_events_are_kept_in_order()
    {
        _device.Link.IsConnected = false;
        int buffer = _device.Definition.Limits.EventBuffer;
        int heartbeatMs = _device.Definition.Timings.HeartbeatSeconds * 1000;
        _device.Run(heartbeatMs * (long)(buffer + 10));
        _device.Slots[1].DoorOpen = true;
        _device.Run(20);
        Assert.Equal(buffer, _device.Device.Events.PendingCount);

        _device.Link.IsConnected = true;
        _device.Run(10);

        // The boot event went out before the outage; the buffer's worth follows it.
        List<DeviceEvent> sent = _device.Link.Events();
        Assert.Equal(EventTypes.Boot, sent[0].Type);
        Assert.Equal(buffer + 1, sent.Count);
        Assert.Contains(sent, e => e.Type == EventTypes.Tamper);
        Assert.Equal(sent.Select(e => e.Sequence).Order(), sent.Select(e => e.Sequence));
        Assert.Equal(0, _device.Device.Events.Dropped);
    }

    [Fact]
    public void The_qr_code_verifies_with_the_device_secret_and_rotates_on_use_and_on_expiry()
    {
        byte[] secret = Convert.FromHexString(DeviceHarness.QrSecretHex);
        string first = _device.Device.QrPayload!;
        Assert.Null(QrPayload.Verify(first, secret, _device.Clock.UnixMilliseconds / 1000, out string? deviceId, out int slot, out _));
        Assert.Equal((DeviceHarness.DeviceId, 0), (deviceId, slot));

        _device.Unlock(0, "o-1");
        string second = _device.Device.QrPayload!;
        Assert.NotEqual(first, second);
        QrPayload.Verify(second, secret, _device.Clock.UnixMilliseconds / 1000, out _, out int offered, out _);
        Assert.Equal(1, offered);

        // Valid through its expiry second, then refused; the device shows a new one by then.
        _device.Run(_device.Definition.Timings.QrLifetimeSeconds * 1000L + 1100);
        Assert.NotEqual(second, _device.Device.QrPayload);
        Assert.Equal("expired code", QrPayload.Verify(second, secret, _device.Clock.UnixMilliseconds / 1000, out _, out _, out _));
    }

    [Fact]
    public void No_qr_code_is_shown_when_nothing_can_be_sold()
    {
        var empty = new DeviceHarness("powerbank-4", null, null, null, null);

        Assert.Null(empty.Device.QrPayload);
    }

    [Fact]
    public void A_pulse_never_lasts_longer_than_the_pulse_length_and_never_past_the_max_on_time()
    {
        _device.Unlock(0, "o-1");
        _device.Run(_device.Definition.Timings.LatchPulseMs - 10);
        Assert.True(_device.Slots[0].Latch);
        _device.Run(20);

        Assert.False(_device.Slots[0].Latch);
        Assert.True(_device.Definition.Timings.LatchPulseMs <= _device.Definition.Timings.LatchMaxOnMs);
    }

    [Fact]
    public void A_new_pulse_on_the_same_coil_waits_out_the_cooldown()
    {
        int pulse = _device.Definition.Timings.LatchPulseMs;
        int cooldown = _device.Definition.Timings.LatchCooldownMs;
        _device.Unlock(0, "o-1");
        _device.Run(pulse + 10);
        _device.Slots[0].DoorOpen = true;
        _device.Run(10);
        _device.Slots[0].DoorOpen = false;
        _device.Run(10);

        _device.Unlock(0, "o-2");
        _device.Run(cooldown - 100);
        Assert.Equal(1, _device.Slots[0].Pulses);
        _device.Run(200);
        Assert.Equal(2, _device.Slots[0].Pulses);
    }

    [Fact]
    public void The_retained_state_snapshot_follows_slot_changes()
    {
        _device.Unlock(0, "o-1");
        _device.Run(10);

        DeviceState state = _device.Link.LastState();
        Assert.Equal("unlocking", state.Slots[0].State);
        Assert.Equal(["PB-1", "PB-2", "PB-3", null], state.Slots.Select(s => s.ItemId));
        Assert.True(_device.Link.Published.Last(p => p.Topic.EndsWith("/state")).Retain);
    }
}
