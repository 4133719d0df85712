using O2O.Firmware.Core;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.Firmware.Core.Tests;

/// <summary>Virtual time: advances only when the test says so.</summary>
internal sealed class ManualClock : IClock
{
    public long UptimeMilliseconds { get; private set; }

    public long UnixMilliseconds => 1_800_000_000_000 + UptimeMilliseconds;

    public void Advance(long milliseconds) => UptimeMilliseconds += milliseconds;
}

/// <summary>Records everything the device publishes; can be taken down to test buffering.</summary>
internal sealed class RecordingLink : IDeviceLink
{
    public bool IsConnected { get; set; } = true;

    public List<(string Topic, byte[] Payload, bool Retain)> Published { get; } = [];

    public bool Publish(string topic, byte[] payload, int length, bool retain, bool atLeastOnce)
    {
        if (!IsConnected)
        {
            return false;
        }

        Published.Add((topic, payload.AsSpan(0, length).ToArray(), retain));
        return true;
    }

    public List<DeviceEvent> Events() => Published.Where(p => p.Topic.EndsWith("/evt")).Select(p =>
        DeviceEvent.Decode(p.Payload, 0, p.Payload.Length, new JsonReader(), out _)!).ToList();

    public List<CommandAck> Acks() => Published.Where(p => p.Topic.EndsWith("/ack")).Select(p =>
        CommandAck.Decode(p.Payload, 0, p.Payload.Length, new JsonReader(), out _)!).ToList();
}

/// <summary>A slot whose switches the test sets directly, and which records every latch change.</summary>
internal sealed class FakeSlot(string? item) : ISlotHardware
{
    public List<bool> LatchChanges { get; } = [];

    public bool Latch { get; private set; }

    public bool DoorOpen { get; set; }

    public bool ItemPresent => ItemId is not null;

    public string? ItemId { get; set; } = item;

    public void SetLatch(bool energised)
    {
        Latch = energised;
        LatchChanges.Add(energised);
    }
}
