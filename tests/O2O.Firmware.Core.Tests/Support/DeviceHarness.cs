using System.Text;
using O2O.Firmware.Core.Config;
using O2O.Firmware.Core.Definitions;
using O2O.Protocol;

namespace O2O.Firmware.Core.Tests.Support;

/// <summary>
/// A device under test: the real <see cref="DeviceController"/> over a real definition file, with fake
/// hardware, a recording link and virtual time. <see cref="Reboot"/> builds a new controller over the
/// same storage and hardware, as a power cycle would.
/// </summary>
internal sealed class DeviceHarness
{
    public const string DeviceId = "dev-1";
    public const string QrSecretHex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private int _commandCounter;

    public DeviceHarness(string model, params string?[] items)
    {
        Definition = DefinitionFiles.Device(model);
        Slots = Definition.Slots.Select((_, i) => new FakeSlot(i < items.Length ? items[i] : null)).ToArray();
        Session = Definition.Session is null ? null : new FakeSession();
        Config = new DeviceConfig(Storage);
        Config.SetDefault(ConfigKeys.DeviceId, DeviceId);
        Config.SetDefault(ConfigKeys.QrSecret, QrSecretHex);
        Config.SetDefault(ConfigKeys.TechnicianKey, QrSecretHex);
        Device = Build();
        Device.Start();
    }

    public DeviceDefinition Definition { get; }

    public FakeSlot[] Slots { get; }

    public FakeSession? Session { get; }

    public ManualClock Clock { get; } = new();

    public RecordingLink Link { get; private set; } = new();

    public MemoryStorage Storage { get; } = new();

    public FakePlatform Platform { get; } = new();

    public FakeBeeper Beeper { get; } = new();

    public DeviceConfig Config { get; }

    public DeviceController Device { get; private set; }

    public DeviceTimingsView Timings => new(Definition.Timings);

    /// <summary>Events published since the harness started, boot and heartbeats excluded (they have tests of their own).</summary>
    public List<string> EventTypes() => Link.Events().Select(e => e.Type)
        .Where(t => t != O2O.Protocol.EventTypes.Boot && t != O2O.Protocol.EventTypes.Heartbeat).ToList();

    /// <summary>The latest event that is not a heartbeat.</summary>
    public DeviceEvent LastEvent() => Link.Events().Last(e => e.Type != O2O.Protocol.EventTypes.Heartbeat);

    public List<string> AckSummaries() => Link.Acks().Select(a => a.Outcome == CommandAck.Ok ? "ok" : a.Outcome + ":" + a.Reason).ToList();

    public string NextCommandId() => "c-" + (++_commandCounter);

    public void Send(string json)
    {
        byte[] payload = Encoding.UTF8.GetBytes(json);
        Device.OnMessage(Topics.Commands(DeviceId), payload, payload.Length);
    }

    public string Unlock(int slot, string order, string? mode = null)
    {
        string id = NextCommandId();
        Send($"{{\"v\":1,\"id\":\"{id}\",\"type\":\"unlock\",\"slot\":{slot},\"order\":\"{order}\"{(mode is null ? "" : $",\"mode\":\"{mode}\"")}}}");
        return id;
    }

    /// <summary>The agent's maintenance unlock for a technician it has checked; returns the command id.</summary>
    public string MaintenanceUnlock(int slot, string technician, string? id = null)
    {
        id ??= NextCommandId();
        Send($"{{\"v\":1,\"id\":\"{id}\",\"type\":\"unlock\",\"slot\":{slot},\"mode\":\"maintenance\",\"value\":\"{technician}\"}}");
        return id;
    }

    /// <summary>Advances virtual time in 10 ms main-loop passes.</summary>
    public void Run(long milliseconds)
    {
        for (long elapsed = 0; elapsed < milliseconds; elapsed += 10)
        {
            Clock.Advance(Math.Min(10, milliseconds - elapsed));
            Device.Tick();
        }
    }

    /// <summary>A power cycle: new controller, new link recording, same storage and hardware, time goes on.</summary>
    public void Reboot()
    {
        Link = new RecordingLink();
        Device = Build();
        Device.Start();
    }

    private DeviceController Build()
    {
        var hardware = new DeviceHardware(Slots.Cast<ISlotHardware>().ToArray(), Session, Beeper);
        return new DeviceController(Definition, Config, hardware, Clock, Link, Storage, Platform, new Random(7), "test-fw");
    }
}

/// <summary>Timings as the tests use them (milliseconds).</summary>
internal readonly record struct DeviceTimingsView(DeviceTimings T)
{
    public int Pulse => T.LatchPulseMs;

    public int Cooldown => T.LatchCooldownMs;

    public int OpenTimeout => T.OpenTimeoutMs;

    public int Reminder => T.DoorReminderMs;

    public int Escalate => T.DoorEscalateMs;

    public int Settle => T.SensorSettleMs;
}
