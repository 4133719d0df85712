using System.Device.Gpio;
using O2O.Firmware.Core.Definitions;

namespace O2O.Simulator.Devices.Physics;

/// <summary>
/// A latch solenoid on its MOSFET output: follows the output pin's level, counts pulses, and checks the coil's
/// duty limits from the device definition (latchMaxOnMs, latchCooldownMs). Driving it beyond them is recorded
/// as damage, within <see cref="PhysicsOptions.CoilLimitSlack"/> of tolerance.
/// </summary>
public sealed class LatchCoil(int slot, int pin, DeviceTimings timings, TimeSpan slack, Action<CoilDamage> damaged)
{
    private readonly TimeSpan _maxOn = TimeSpan.FromMilliseconds(timings.LatchMaxOnMs);
    private readonly TimeSpan _cooldown = TimeSpan.FromMilliseconds(timings.LatchCooldownMs);
    private TimeSpan? _lastOff;
    private bool _overrunRecorded;

    public int Slot { get; } = slot;

    public int Pin { get; } = pin;

    public bool Energised { get; private set; }

    public TimeSpan EnergisedSince { get; private set; }

    /// <summary>Times the coil was switched on.</summary>
    public int Pulses { get; private set; }

    /// <summary>How long the last finished pulse lasted.</summary>
    public TimeSpan LastPulseLength { get; private set; }

    public TimeSpan EnergisedFor(TimeSpan now) => Energised ? now - EnergisedSince : TimeSpan.Zero;

    public void OnLevel(PinValue level, TimeSpan at)
    {
        bool on = level == PinValue.High;
        if (on == Energised)
        {
            return;
        }

        if (on)
        {
            if (_lastOff is { } lastOff && at - lastOff < _cooldown - slack)
            {
                damaged(new CoilDamage(Slot, CoilDamage.InsideCooldown, at, at - lastOff, _cooldown));
            }

            Energised = true;
            EnergisedSince = at;
            Pulses++;
            _overrunRecorded = false;
            return;
        }

        Energised = false;
        LastPulseLength = at - EnergisedSince;
        _lastOff = at;
        CheckOverrun(at);
    }

    /// <summary>Notices a coil still held on past its rating without waiting for its release (recorded once per pulse).</summary>
    public void Advance(TimeSpan now)
    {
        if (Energised)
        {
            CheckOverrun(now);
        }
    }

    private void CheckOverrun(TimeSpan now)
    {
        TimeSpan onFor = Energised ? now - EnergisedSince : LastPulseLength;
        if (!_overrunRecorded && onFor > _maxOn + slack)
        {
            _overrunRecorded = true;
            damaged(new CoilDamage(Slot, CoilDamage.OverMaxOnTime, now, onFor, _maxOn));
        }
    }
}
