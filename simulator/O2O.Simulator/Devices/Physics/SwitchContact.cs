using System.Device.Gpio;
using O2O.Simulator.Devices.Buses;

namespace O2O.Simulator.Devices.Physics;

/// <summary>
/// A switch on one of the board's input lines (door, item present, emergency stop), wired as the board
/// expects: when active it pulls the line to ground, when inactive it lets go and the board's pull-up takes
/// the line high. Every change bounces. A stuck contact (welded, jammed, broken wire) holds its level
/// whatever the mechanism does, until freed.
/// </summary>
public sealed class SwitchContact
{
    private readonly SimulatedGpioDriver _gpio;
    private readonly ContactBounce _bounce;
    private bool _applied;

    public SwitchContact(SimulatedGpioDriver gpio, int pin, ContactBounce bounce, bool active)
    {
        _gpio = gpio;
        _bounce = bounce;
        Pin = pin;
        Mechanism = active;
        _applied = active;
        gpio.DriveInput(pin, active ? PinValue.Low : null);
    }

    public int Pin { get; }

    /// <summary>What the mechanism does to the contact (door open, item in place, button pressed).</summary>
    public bool Mechanism { get; private set; }

    /// <summary>Fault: the level the contact is stuck at (true = active), or null when it works.</summary>
    public bool? StuckAt { get; private set; }

    /// <summary>What the line says: the stuck level if stuck, else the mechanism's.</summary>
    public bool Active => StuckAt ?? Mechanism;

    public void Set(bool active)
    {
        Mechanism = active;
        Apply(_bounce);
    }

    public void Stick(bool active)
    {
        StuckAt = active;
        Apply(ContactBounce.None);
    }

    public void Free()
    {
        StuckAt = null;
        Apply(_bounce);
    }

    private void Apply(ContactBounce bounce)
    {
        if (Active == _applied)
        {
            return;
        }

        _applied = Active;
        _gpio.DriveInput(Pin, Active ? PinValue.Low : null, bounce);
    }
}
