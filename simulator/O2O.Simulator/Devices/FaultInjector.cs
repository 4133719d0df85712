using System.Collections.Concurrent;
using O2O.Simulator.Devices.Physics;

namespace O2O.Simulator.Devices;

/// <summary>
/// One device's fault panel, for scenarios, tests and a control API: each fault acts on the physical or
/// network side, never on the firmware, which has to notice it the way it would in the field. Mechanical and
/// sensor faults take effect at once; resets and network faults run on the device's loop thread before its next pass.
/// </summary>
public sealed class FaultInjector(VirtualDevice device)
{
    /// <summary>What was injected, oldest first.</summary>
    public ConcurrentQueue<InjectedFault> Log { get; } = new();

    /// <summary>The slot's bolt does not move however long its coil pulls (false frees it).</summary>
    public void JamLatch(int slot, bool jammed = true)
    {
        device.Slots[slot].Jammed = jammed;
        Note(jammed ? "jammed_latch" : "latch_freed", $"slot {slot}");
    }

    /// <summary>The door switch reads <paramref name="open"/> whatever the door does (a bent bracket, a broken wire).</summary>
    public void StickDoorSwitch(int slot, bool open) => Stick(device.Slots[slot].DoorSwitch, open, "stuck_door_switch", slot);

    /// <summary>The item-present switch reads <paramref name="present"/> whatever is in the slot.</summary>
    public void StickItemSwitch(int slot, bool present) => Stick(device.Slots[slot].ItemSwitch, present, "stuck_item_switch", slot);

    /// <summary>The slot's switches work again.</summary>
    public void FreeSwitches(int slot)
    {
        lock (device.Hardware.Context.Gate)
        {
            device.Slots[slot].DoorSwitch?.Free();
            device.Slots[slot].ItemSwitch?.Free();
        }

        Note("switches_freed", $"slot {slot}");
    }

    /// <summary>The slot's tag reader stops answering on the I2C bus (or answers again).</summary>
    public void SilenceTagReader(int slot, bool silent = true)
    {
        SlotMechanism mechanism = device.Slots[slot];
        if (mechanism.TagReader is null)
        {
            throw new InvalidOperationException($"slot {slot} of a {device.Definition.Model} has no tag reader");
        }

        lock (device.Hardware.Context.Gate)
        {
            mechanism.TagReader.Silent = silent;
        }

        Note(silent ? "silent_tag_reader" : "tag_reader_back", $"slot {slot}");
    }

    /// <summary>
    /// The supply sags below the brownout threshold: the chip resets. Outputs drop, the display loses its memory,
    /// the MQTT connection dies without a goodbye, and the firmware boots again (new boot id) on the same flash.
    /// </summary>
    public void Brownout()
    {
        Note("brownout", "");
        device.OnLoop(() => device.Reset("brownout"));
    }

    /// <summary>Wi-Fi is lost for <paramref name="duration"/>: the connection dies at once and the link reconnects once the network is back.</summary>
    public void DropWifi(TimeSpan duration)
    {
        Note("wifi_drop", $"{duration.TotalSeconds:0.###} s");
        device.OnLoop(() => device.LoseWifi(duration));
    }

    /// <summary>The access point comes back now, however long the outage was meant to last.</summary>
    public void RestoreWifi()
    {
        Note("wifi_up", "");
        device.OnLoop(device.RegainWifi);
    }

    /// <summary>The device's wall clock runs <paramref name="offset"/> ahead (negative: behind) of true time; zero puts it right.</summary>
    public void SkewClock(TimeSpan offset)
    {
        device.ClockSkew = offset;
        Note("clock_skew", $"{offset.TotalSeconds:+0.###;-0.###;0} s");
    }

    /// <summary>
    /// Someone presses (or releases) a timed device's emergency stop: the button's input line changes on the board,
    /// and the firmware must see it through its own debounced GPIO read, cut the relay and report it.
    /// </summary>
    public void EmergencyStop(bool pressed = true)
    {
        SessionLoad session = device.Session
            ?? throw new InvalidOperationException($"a {device.Definition.Model} has no emergency stop");
        if (pressed)
        {
            session.PressEmergencyStop();
        }
        else
        {
            session.ReleaseEmergencyStop();
        }

        Note(pressed ? "emergency_stop" : "emergency_stop_released", "");
    }

    /// <summary>The faults in effect now, for a UI to list.</summary>
    public IReadOnlyList<string> Active()
    {
        var active = new List<string>();
        foreach (SlotMechanism slot in device.Slots)
        {
            if (slot.Jammed) { active.Add($"slot {slot.Number}: latch jammed"); }
            if (slot.DoorSwitch?.StuckAt is { } door) { active.Add($"slot {slot.Number}: door switch stuck {(door ? "open" : "closed")}"); }
            if (slot.ItemSwitch?.StuckAt is { } item) { active.Add($"slot {slot.Number}: item switch stuck {(item ? "present" : "empty")}"); }
            if (slot.TagReader?.Silent == true) { active.Add($"slot {slot.Number}: tag reader silent"); }
        }

        if (device.Session?.EmergencyStopPressed == true) { active.Add("emergency stop pressed"); }
        if (!device.WifiUp) { active.Add("wifi down"); }
        if (device.ClockSkew != TimeSpan.Zero) { active.Add($"clock skewed {device.ClockSkew.TotalSeconds:+0.###;-0.###} s"); }
        return active;
    }

    private void Stick(SwitchContact? contact, bool active, string kind, int slot)
    {
        if (contact is null)
        {
            throw new InvalidOperationException($"slot {slot} of a {device.Definition.Model} has no such switch");
        }

        lock (device.Hardware.Context.Gate)
        {
            contact.Stick(active);
        }

        Note(kind, $"slot {slot} at {(active ? "active" : "inactive")}");
    }

    private void Note(string kind, string detail) => Log.Enqueue(new InjectedFault(device.Time.Now, kind, detail));
}

/// <summary>A fault injected at <paramref name="At"/> (simulation time).</summary>
public sealed record InjectedFault(TimeSpan At, string Kind, string Detail);
