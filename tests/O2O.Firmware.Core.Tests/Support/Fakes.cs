using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.Firmware.Core.Tests.Support;

/// <summary>Virtual time: advances only when the test says so.</summary>
internal sealed class ManualClock : IClock
{
    public long UptimeMilliseconds { get; private set; }

    public long UnixMilliseconds => UnixEpochOffset + UptimeMilliseconds;

    public long UnixEpochOffset { get; set; } = 1_800_000_000_000;

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

    public DeviceState LastState()
    {
        byte[] payload = Published.Last(p => p.Topic.EndsWith("/state")).Payload;
        return DeviceState.Decode(payload, 0, payload.Length, new JsonReader(), out _)!;
    }
}

/// <summary>A slot whose switches and tag reader the test sets independently, recording every latch change.</summary>
internal sealed class FakeSlot(string? item) : ISlotHardware
{
    public List<bool> LatchChanges { get; } = [];

    public bool Latch { get; private set; }

    public int Pulses => LatchChanges.Count(on => on);

    public bool DoorOpen { get; set; }

    public bool ItemPresent { get; set; } = item is not null;

    public string? ItemId { get; set; } = item;

    public void SetLatch(bool energised)
    {
        if (energised != Latch || LatchChanges.Count == 0)
        {
            LatchChanges.Add(energised);
        }

        Latch = energised;
    }

    public void PutItem(string? id)
    {
        ItemPresent = id is not null;
        ItemId = id;
    }
}

internal sealed class FakeSession : ISessionHardware
{
    public bool Relay { get; private set; }

    public List<bool> RelayChanges { get; } = [];

    public bool EmergencyStopPressed { get; set; }

    public void SetRelay(bool on)
    {
        Relay = on;
        RelayChanges.Add(on);
    }
}

internal sealed class FakeBeeper : IBeeper
{
    public List<string> Played { get; } = [];

    public bool Play(string patternOrRtttl)
    {
        if (patternOrRtttl is BeepPatterns.Ok or BeepPatterns.Error or BeepPatterns.Alarm or BeepPatterns.Reminder or BeepPatterns.Warning or BeepPatterns.Unlock
            || patternOrRtttl.Split(':').Length == 3)
        {
            Played.Add(patternOrRtttl);
            return true;
        }

        return false;
    }
}

internal sealed class MemoryStorage : IDeviceStorage
{
    public Dictionary<string, byte[]> Blobs { get; } = [];

    public bool FailWrites { get; set; }

    public byte[]? Read(string name) => Blobs.TryGetValue(name, out byte[]? data) ? data : null;

    public bool Write(string name, byte[] data, int length)
    {
        if (FailWrites)
        {
            return false;
        }

        Blobs[name] = data.AsSpan(0, length).ToArray();
        return true;
    }

    public void Delete(string name) => Blobs.Remove(name);
}

internal sealed class FakePlatform : IPlatform
{
    public long FreeMemoryBytes { get; set; } = 81920;

    public string ResetReason { get; set; } = "power_on";

    public int WifiRssi { get; set; } = -61;

    public int WatchdogFeeds { get; private set; }

    public int Reboots { get; private set; }

    public void FeedWatchdog() => WatchdogFeeds++;

    public void Reboot() => Reboots++;
}
