using O2O.Firmware.Core;
using O2O.Firmware.Core.Config;
using O2O.Firmware.Core.Definitions;
using O2O.Protocol;

namespace O2O.Bench.Firmware;

/// <summary>A device over hardware and a link that allocate nothing themselves, so every byte counted is the core's.</summary>
internal sealed class BenchDevice : IClock, IDeviceLink, IDeviceStorage, IPlatform, IBeeper, ISlotHardware
{
    public BenchDevice(string model, int qrLifetimeSeconds)
    {
        string directory = Path.Combine(AppContext.BaseDirectory, "definitions");
        byte[] boardJson = File.ReadAllBytes(Path.Combine(directory, "board-o2o-ctrl-1.json"));
        BoardDefinition board = BoardDefinition.Parse(boardJson, boardJson.Length, out _)!;
        byte[] deviceJson = File.ReadAllBytes(Path.Combine(directory, model + ".json"));
        DeviceDefinition definition = DeviceDefinition.Parse(deviceJson, deviceJson.Length, board, out DecodeError? error)
            ?? throw new InvalidDataException(error!.ToString());
        definition.Timings.QrLifetimeSeconds = qrLifetimeSeconds;
        HeartbeatMilliseconds = definition.Timings.HeartbeatSeconds * 1000L;
        var config = new DeviceConfig(this);
        config.SetDefault(ConfigKeys.DeviceId, "bench-1");
        config.SetDefault(ConfigKeys.QrSecret, new string('a', 64));
        var slots = new ISlotHardware[definition.Slots.Length];
        Array.Fill(slots, this);
        Device = new DeviceController(definition, config, new DeviceHardware(slots, null, this), this, this, this, this, new Random(1), "bench");
        Device.Start();
    }

    public DeviceController Device { get; }

    public long HeartbeatMilliseconds { get; }

    public long Published { get; private set; }

    public long UptimeMilliseconds { get; set; }

    public long UnixMilliseconds => 1_800_000_000_000 + UptimeMilliseconds;

    public bool IsConnected => true;

    public bool Publish(string topic, byte[] payload, int length, bool retain, bool atLeastOnce)
    {
        Published++;
        return true;
    }

    public byte[]? Read(string name) => null;

    public bool Write(string name, byte[] data, int length) => true;

    public void Delete(string name)
    {
    }

    public long FreeMemoryBytes => 81920;

    public string ResetReason => "power_on";

    public int WifiRssi => -60;

    public void FeedWatchdog()
    {
    }

    public void Reboot()
    {
    }

    public bool Play(string patternOrRtttl) => true;

    public void SetLatch(bool energised)
    {
    }

    public bool DoorOpen => false;

    public bool ItemPresent => true;

    public string? ItemId => "PB-0001";
}
