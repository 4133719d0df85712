using O2O.Protocol.Json;

namespace O2O.Protocol.Tests;

/// <summary>
/// Each message type encodes to exactly its committed golden bytes and decodes back to the same fields.
/// A change to a golden file is a wire-protocol change: every device in the field must understand it.
/// </summary>
public sealed class GoldenMessageTests
{
    private readonly JsonReader _reader = new();

    [Fact]
    public void Dispensed_event_matches_golden_and_round_trips()
    {
        var evt = new DeviceEvent { BootId = "e36862f3", Sequence = 42, Timestamp = 1795528029440, Type = EventTypes.Dispensed, Slot = 2, OrderId = "ord-000123", ItemId = "PB-0042" };
        string golden = Codec.Golden("event-dispensed.json");

        Assert.Equal(golden, Codec.Encode(evt.WriteTo));
        DeviceEvent decoded = DecodeEvent(golden);
        Assert.Equal(("e36862f3", 42L, 1795528029440L, "dispensed", 2), (decoded.BootId, decoded.Sequence, decoded.Timestamp, decoded.Type, decoded.Slot));
        Assert.Equal(("ord-000123", "PB-0042"), (decoded.OrderId, decoded.ItemId));
        Assert.Null(decoded.Code);
        Assert.Null(decoded.DeviceId);
        Assert.Equal(DeviceEvent.NoValue, decoded.Value);
    }

    [Fact]
    public void Event_with_device_code_and_value_matches_golden()
    {
        var evt = new DeviceEvent { DeviceId = "cab-001", BootId = "e36862f3", Sequence = 7, Type = EventTypes.Jammed, Slot = 0, OrderId = "ord-1", Code = "jammed", Value = 3 };
        string golden = Codec.Golden("event-batch-entry.json");

        Assert.Equal(golden, Codec.Encode(evt.WriteTo));
        DeviceEvent decoded = DecodeEvent(golden);
        Assert.Equal(("cab-001", "jammed", 3L), (decoded.DeviceId, decoded.Code, decoded.Value));
    }

    [Fact]
    public void Token_presented_event_matches_golden_and_round_trips()
    {
        var evt = new DeviceEvent { BootId = "e36862f3", Sequence = 43, Timestamp = 1795528030120, Type = EventTypes.TokenPresented, Slot = 1, Token = "482913570264" };
        string golden = Codec.Golden("event-token-presented.json");

        Assert.Equal(golden, Codec.Encode(evt.WriteTo));
        DeviceEvent decoded = DecodeEvent(golden);
        Assert.Equal(("token_presented", 1, "482913570264"), (decoded.Type, decoded.Slot, decoded.Token));
        Assert.Null(decoded.Code);
        Assert.Null(decoded.OrderId);
    }

    [Fact]
    public void A_phone_token_of_the_longest_length_for_any_free_slot_round_trips()
    {
        // The whole base64url alphabet, repeated up to exactly the limit.
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        string token = string.Concat(Enumerable.Repeat(Alphabet, 7))[..ProtocolLimits.MaxPresentedTokenLength];
        var evt = new DeviceEvent { BootId = "e36862f3", Sequence = 44, Type = EventTypes.TokenPresented, Token = token };

        string json = Codec.Encode(evt.WriteTo);
        DeviceEvent decoded = DecodeEvent(json);

        Assert.DoesNotContain("\"slot\"", json);
        Assert.Equal((DeviceEvent.NoSlot, token), (decoded.Slot, decoded.Token));
    }

    [Fact]
    public void Unlock_command_matches_golden_and_round_trips()
    {
        var command = new DeviceCommand { Id = "unlock-ord-000123", Type = CommandTypes.Unlock, Slot = 2, OrderId = "ord-000123", IssuedAt = 1795528029325 };
        string golden = Codec.Golden("command-unlock.json");

        Assert.Equal(golden, Codec.Encode(command.WriteTo));
        DeviceCommand decoded = DecodeCommand(golden);
        Assert.Equal(("unlock-ord-000123", "unlock", 2, "ord-000123", 1795528029325L), (decoded.Id, decoded.Type, decoded.Slot, decoded.OrderId, decoded.IssuedAt));
    }

    [Fact]
    public void Maintenance_unlock_command_matches_golden_and_round_trips_without_an_order()
    {
        var command = new DeviceCommand { Id = "maint-7f3a9c", Type = CommandTypes.Unlock, Slot = 1, Mode = DeviceCommand.MaintenanceMode, Text = "tech-7", IssuedAt = 1795528029325 };
        string golden = Codec.Golden("command-unlock-maintenance.json");

        Assert.Equal(golden, Codec.Encode(command.WriteTo));
        DeviceCommand decoded = DecodeCommand(golden);
        Assert.Equal(("maint-7f3a9c", "unlock", 1, "maintenance", "tech-7"), (decoded.Id, decoded.Type, decoded.Slot, decoded.Mode, decoded.Text));
        Assert.Null(decoded.OrderId);
    }

    [Fact]
    public void Set_config_command_escapes_and_restores_non_ascii_quotes_and_control_characters()
    {
        var command = new DeviceCommand { Id = "cfg-9", Type = CommandTypes.SetConfig, Key = "qr.lifetime", Text = "ünïcødé \"quoted\"\n" };
        string golden = Codec.Golden("command-set-config.json");

        Assert.Equal(golden, Codec.Encode(command.WriteTo));
        Assert.Equal("ünïcødé \"quoted\"\n", DecodeCommand(golden).Text);
    }

    [Fact]
    public void Failed_ack_matches_golden_and_round_trips()
    {
        CommandAck ack = CommandAck.Create("unlock-ord-000123", CommandAck.Failed, "jammed");
        ack.BootId = "e36862f3";
        ack.Timestamp = 1795528032440;
        string golden = Codec.Golden("ack-failed.json");

        Assert.Equal(golden, Codec.Encode(ack.WriteTo));
        byte[] bytes = Codec.Bytes(golden);
        CommandAck? decoded = CommandAck.Decode(bytes, 0, bytes.Length, _reader, out DecodeError? error);
        Assert.Null(error);
        Assert.Equal(("unlock-ord-000123", "failed", "jammed", "e36862f3"), (decoded!.CommandId, decoded.Outcome, decoded.Reason, decoded.BootId));
    }

    [Fact]
    public void State_snapshot_matches_golden_and_round_trips()
    {
        var state = new DeviceState
        {
            DeviceId = "cab-001", Kind = "powerbank", Firmware = "0.1.0", BootId = "e36862f3",
            QrPayload = "https://pay.o2o.example/q?d=cab-001&s=0&n=ab&e=1&m=00", Timestamp = 1795528029047,
            Slots =
            [
                new SlotSnapshot { Number = 0, State = "idle", ItemId = "PB-0001" },
                new SlotSnapshot { Number = 1, State = "fault", DoorOpen = true, Fault = "forced_open" },
            ],
        };
        string golden = Codec.Golden("state-cabinet.json");

        Assert.Equal(golden, Codec.Encode(state.WriteTo));
        byte[] bytes = Codec.Bytes(golden);
        DeviceState? decoded = DeviceState.Decode(bytes, 0, bytes.Length, _reader, out DecodeError? error);
        Assert.Null(error);
        Assert.Equal(2, decoded!.Slots.Length);
        Assert.Equal(("fault", true, "forced_open", (string?)null), (decoded.Slots[1].State, decoded.Slots[1].DoorOpen, decoded.Slots[1].Fault, decoded.Slots[1].ItemId));
        Assert.Equal(state.QrPayload, decoded.QrPayload);
    }

    [Fact]
    public void Availability_matches_golden_and_round_trips()
    {
        string golden = Codec.Golden("availability-offline.json");

        Assert.Equal(golden, Codec.Encode(w => Availability.Write(w, Availability.Offline, "e36862f3")));
        byte[] bytes = Codec.Bytes(golden);
        Assert.Equal(Availability.Offline, Availability.Decode(bytes, 0, bytes.Length, _reader, out _));
    }

    [Fact]
    public void Uplink_batch_matches_golden_and_keeps_event_order()
    {
        var batch = new UplinkBatch
        {
            SiteId = "site-1", BatchId = "site-1-1-2",
            Events =
            [
                new DeviceEvent { DeviceId = "cab-001", BootId = "b1", Sequence = 1, Timestamp = 5, Type = EventTypes.Boot },
                new DeviceEvent { DeviceId = "cab-002", BootId = "b2", Sequence = 9, Timestamp = 6, Type = EventTypes.Tamper, Slot = 3, Code = "forced_open" },
            ],
        };
        string golden = Codec.Golden("uplink-batch.json");

        Assert.Equal(golden, Codec.Encode(batch.WriteTo));
        byte[] bytes = Codec.Bytes(golden);
        UplinkBatch? decoded = UplinkBatch.Decode(bytes, 0, bytes.Length, _reader, out DecodeError? error);
        Assert.Null(error);
        Assert.Equal(["cab-001", "cab-002"], decoded!.Events.Select(e => e.DeviceId));
        Assert.Equal("forced_open", decoded.Events[1].Code);
    }

    [Fact]
    public void Site_grant_matches_golden_and_round_trips()
    {
        var command = new SiteCommand { Id = "grant-ord-1-1", Type = SiteCommand.Grant, Body = "eyJrIjoiMSJ9.c2ln" };
        string golden = Codec.Golden("site-grant.json");

        Assert.Equal(golden, Codec.Encode(command.WriteTo));
        byte[] bytes = Codec.Bytes(golden);
        SiteCommand? decoded = SiteCommand.Decode(bytes, 0, bytes.Length, _reader, out DecodeError? error);
        Assert.Null(error);
        Assert.Equal(("grant-ord-1-1", "grant", "eyJrIjoiMSJ9.c2ln"), (decoded!.Id, decoded.Type, decoded.Body));
    }

    [Fact]
    public void Decoders_accept_whitespace_and_fields_in_any_order_and_skip_unknown_fields()
    {
        byte[] bytes = Codec.Bytes("""
            { "future": {"nested": [1, 2.5e3, "x", null, true]},
              "type" : "unlock", "order":"o-1", "slot" : 3, "id":"c-1", "v" : 1 }
            """);

        DeviceCommand? command = DeviceCommand.Decode(bytes, 0, bytes.Length, _reader, out DecodeError? error, out _);

        Assert.Null(error);
        Assert.Equal(("c-1", "unlock", 3, "o-1"), (command!.Id, command.Type, command.Slot, command.OrderId));
    }

    [Fact]
    public void Heartbeat_with_health_matches_golden_and_round_trips()
    {
        var evt = new DeviceEvent
        {
            BootId = "e36862f3", Sequence = 9, Timestamp = 1795528089047, Type = EventTypes.Heartbeat,
            Health = new HealthReport { UptimeSeconds = 60, FreeMemoryBytes = 81920, ResetReason = "brownout", WifiRssi = -61, Firmware = "0.2.0", Jams = 1 },
        };
        string golden = Codec.Golden("event-heartbeat.json");

        Assert.Equal(golden, Codec.Encode(evt.WriteTo));
        DeviceEvent decoded = DecodeEvent(golden);
        Assert.Equal(("heartbeat", DeviceEvent.NoSlot, DeviceEvent.NoValue), (decoded.Type, decoded.Slot, decoded.Value));
        Assert.NotNull(decoded.Health);
        HealthReport health = decoded.Health!;
        Assert.Equal((60L, 81920L, "brownout", -61, "0.2.0", false), (health.UptimeSeconds, health.FreeMemoryBytes, health.ResetReason, health.WifiRssi, health.Firmware, health.SafeMode));
        Assert.Equal((1, 0, 0, 0, 0, 0, 0), (health.Jams, health.Tampers, health.DoorsLeftOpen, health.SensorFaults, health.WrongItems, health.LinkDrops, health.EventsDropped));
    }

    private DeviceEvent DecodeEvent(string json)
    {
        byte[] bytes = Codec.Bytes(json);
        DeviceEvent? evt = DeviceEvent.Decode(bytes, 0, bytes.Length, _reader, out DecodeError? error);
        Assert.Null(error);
        return evt!;
    }

    private DeviceCommand DecodeCommand(string json)
    {
        byte[] bytes = Codec.Bytes(json);
        DeviceCommand? command = DeviceCommand.Decode(bytes, 0, bytes.Length, _reader, out DecodeError? error, out _);
        Assert.Null(error);
        return command!;
    }
}
