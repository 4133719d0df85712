using O2O.Simulator.Devices;

namespace O2O.Simulator.Web;

/// <summary>What the web page draws for one device, read from the device's backend side (physics, beeper, firmware state).</summary>
public sealed record DeviceView(string DeviceId, string Model, string State, string? Qr, IReadOnlyList<SlotView> Slots, IReadOnlyList<string> Beeps)
{
    public static DeviceView Of(VirtualCabinet device, string model) => new(
        device.DeviceId,
        model,
        device.Device.SafeMode ? "safe mode" : "running",
        device.Device.QrPayload,
        device.Slots.Select((slot, i) => new SlotView(i, slot.DoorOpen, slot.LatchEnergised, slot.ItemId, slot.Jammed, slot.LatchPulses)).ToList(),
        device.Beeper.Played.ToArray());
}

public sealed record SlotView(int Number, bool DoorOpen, bool LatchEnergised, string? ItemId, bool Jammed, int LatchPulses);
