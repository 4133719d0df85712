using O2O.Simulator.Devices;
using O2O.Simulator.Devices.Physics;

namespace O2O.Simulator.Web;

/// <summary>What the web page draws for one device, read from the device's backend side (physics, buses, faults) and the firmware's state.</summary>
public sealed record DeviceView(
    string DeviceId,
    string Model,
    string State,
    string? Qr,
    long ScreenVersion,
    IReadOnlyList<SlotView> Slots,
    SessionView? Session,
    IReadOnlyList<ToneView> Tones,
    bool Sounding,
    IReadOnlyList<string> Faults,
    int CoilDamage,
    bool WifiUp,
    int? ConsolePort)
{
    public static DeviceView Of(VirtualDevice device, string model)
    {
        var buzzer = device.Hardware.Buzzer;
        return new DeviceView(
            device.DeviceId,
            model,
            device.Device.SafeMode ? "safe mode" : "running",
            device.Device.QrPayload,
            device.Hardware.Display.PixelBytes,
            device.Slots.Select(slot => new SlotView(slot.Number, slot.HasDoor, slot.Unlatched, slot.LatchEnergised, slot.ItemId, slot.Jammed, slot.LatchPulses)).ToList(),
            device.Session is { } session ? new SessionView(session.Powered, session.EmergencyStopPressed) : null,
            buzzer.Timeline().TakeLast(8).Select(t => new ToneView(t.Start.TotalMilliseconds, t.Duration.TotalMilliseconds, t.FrequencyHz)).ToList(),
            buzzer.Sounding,
            device.Faults.Active(),
            device.Hardware.Physics.Damage.Count,
            device.WifiUp,
            device.Console?.TcpPort);
    }
}

/// <param name="Open">The drawer or door is open, or (doorless slot) the item is free to take.</param>
public sealed record SlotView(int Number, bool HasDoor, bool Open, bool LatchEnergised, string? ItemId, bool Jammed, int LatchPulses);

public sealed record SessionView(bool Powered, bool EmergencyStopPressed);

/// <summary>One tone the buzzer played: start and length in simulation milliseconds, pitch in Hz.</summary>
public sealed record ToneView(double StartMs, double LengthMs, int FrequencyHz);
