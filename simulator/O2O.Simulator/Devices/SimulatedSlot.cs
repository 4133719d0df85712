using O2O.Firmware.Core;

namespace O2O.Simulator.Devices;

/// <summary>
/// The physical side of one slot: a spring drawer behind a solenoid latch, a door switch, and an item
/// with a tag. The firmware drives it through <see cref="ISlotHardware"/>; customers and fault
/// injection act on it through the other members, like the backend of a bus emulator.
/// </summary>
public sealed class SimulatedSlot(string? itemId) : ISlotHardware
{
    private readonly Lock _gate = new();
    private long _energisedSince = -1;
    private bool _doorOpen;
    private string? _itemId = itemId;

    /// <summary>How long the coil must pull before the latch lets go of the drawer.</summary>
    public int ReleaseAfterMilliseconds { get; init; } = 100;

    /// <summary>Fault: the latch does not let go however long it is energised.</summary>
    public bool Jammed { get; set; }

    public bool LatchEnergised { get { lock (_gate) { return _energisedSince >= 0; } } }

    public bool DoorOpen { get { lock (_gate) { return _doorOpen; } } }

    public bool ItemPresent { get { lock (_gate) { return _itemId is not null; } } }

    public string? ItemId { get { lock (_gate) { return _itemId; } } }

    /// <summary>Counts how often the firmware energised the coil.</summary>
    public int LatchPulses { get; private set; }

    private long _now;

    public void SetLatch(bool energised)
    {
        lock (_gate)
        {
            if (energised && _energisedSince < 0)
            {
                _energisedSince = _now;
                LatchPulses++;
            }
            else if (!energised)
            {
                _energisedSince = -1;
            }
        }
    }

    /// <summary>Advances the physics to <paramref name="nowMilliseconds"/>: a latch held long enough releases the spring drawer.</summary>
    public void Advance(long nowMilliseconds)
    {
        lock (_gate)
        {
            _now = nowMilliseconds;
            if (_energisedSince >= 0 && !Jammed && !_doorOpen && _now - _energisedSince >= ReleaseAfterMilliseconds)
            {
                _doorOpen = true;
            }
        }
    }

    /// <summary>A customer takes the item; only possible with the door open.</summary>
    public string? TakeItem()
    {
        lock (_gate)
        {
            if (!_doorOpen)
            {
                return null;
            }

            string? taken = _itemId;
            _itemId = null;
            return taken;
        }
    }

    /// <summary>A customer pushes the door shut.</summary>
    public void CloseDoor()
    {
        lock (_gate)
        {
            _doorOpen = false;
        }
    }

    /// <summary>Someone forces the door open without an unlock (tamper).</summary>
    public void ForceOpen()
    {
        lock (_gate)
        {
            _doorOpen = true;
        }
    }
}
