using O2O.Simulator.Devices.Buses;
using O2O.Simulator.Devices.Peripherals;

namespace O2O.Simulator.Devices.Physics;

/// <summary>
/// One slot's mechanics, the backend the firmware never sees directly: a spring-loaded bolt held by the latch
/// solenoid, a drawer or door that springs open when the bolt lets go (slots without a door instead free the
/// item: an umbrella handle pops out), the item with its tag, and the switches and tag reader that report them.
/// The bolt lets go only after the coil has pulled for <see cref="PhysicsOptions.LatchReleaseAfter"/>; a jammed
/// bolt never does. Customers, scenarios and fault injection act through the public members.
/// </summary>
public sealed class SlotMechanism
{
    private readonly HardwareContext _context;
    private readonly TimeSpan _releaseAfter;
    private bool _doorOpen;
    private bool _itemPresent;
    private string? _itemId;
    private bool _itemFree;
    private bool _boltRetracted;
    private bool _jammed;

    internal SlotMechanism(HardwareContext context, int number, LatchCoil coil, SwitchContact? door, SwitchContact? item, TagReaderModule? tagReader, PhysicsOptions options, string? itemId)
    {
        _context = context;
        _releaseAfter = options.LatchReleaseAfter;
        Number = number;
        Coil = coil;
        DoorSwitch = door;
        ItemSwitch = item;
        TagReader = tagReader;
        if (itemId is not null && item is not null)
        {
            _itemPresent = true;
            _itemId = itemId;
        }

        Sense();
    }

    public int Number { get; }

    public LatchCoil Coil { get; }

    public SwitchContact? DoorSwitch { get; }

    public SwitchContact? ItemSwitch { get; }

    public TagReaderModule? TagReader { get; }

    public bool HasDoor => DoorSwitch is not null;

    /// <summary>Fault: the bolt does not move however long the coil pulls.</summary>
    public bool Jammed
    {
        get { lock (_context.Gate) { return _jammed; } }
        set { lock (_context.Gate) { _jammed = value; } }
    }

    /// <summary>The bolt is pulled back right now (coil energised long enough, not jammed).</summary>
    public bool BoltRetracted { get { lock (_context.Gate) { return _boltRetracted; } } }

    public bool DoorOpen { get { lock (_context.Gate) { return _doorOpen; } } }

    public bool ItemPresent { get { lock (_context.Gate) { return _itemPresent; } } }

    /// <summary>The id on the tag of the item in the slot (null when empty, or for an item without a tag).</summary>
    public string? ItemId { get { lock (_context.Gate) { return _itemPresent ? _itemId : null; } } }

    /// <summary>A doorless slot's item has been let go by the bolt and can be pulled out.</summary>
    public bool ItemFree { get { lock (_context.Gate) { return _itemFree; } } }

    /// <summary>The slot lets a customer reach in: its door is open, or (no door) its item was let go.</summary>
    public bool Unlatched { get { lock (_context.Gate) { return HasDoor ? _doorOpen : _itemFree; } } }

    /// <summary>Times the firmware energised the coil (counted at the pin).</summary>
    public int LatchPulses { get { lock (_context.Gate) { return Coil.Pulses; } } }

    public bool LatchEnergised { get { lock (_context.Gate) { return Coil.Energised; } } }

    /// <summary>A customer takes the item; possible only through an open door or once the bolt let go of it. Returns its id.</summary>
    public string? TakeItem() => TryTakeItem(out string? id) ? id : null;

    public bool TryTakeItem(out string? itemId)
    {
        lock (_context.Gate)
        {
            itemId = _itemId;
            if (!_itemPresent || !(HasDoor ? _doorOpen : _itemFree))
            {
                itemId = null;
                return false;
            }

            _itemPresent = false;
            _itemId = null;
            _itemFree = false;
            Sense();
            return true;
        }
    }

    /// <summary>
    /// A customer puts an item in (tag id, or null for an item without a tag): through the open door, or, in a
    /// slot without a door, pushed into the empty slot until the spring bolt catches it.
    /// </summary>
    public bool PutItem(string? tagId)
    {
        lock (_context.Gate)
        {
            if (ItemSwitch is null || _itemPresent || (HasDoor && !_doorOpen))
            {
                return false;
            }

            _itemPresent = true;
            _itemId = tagId;
            _itemFree = false;
            Sense();
            return true;
        }
    }

    /// <summary>A customer pushes the door shut. It stays shut only if the bolt can catch it: not while the coil holds the bolt back.</summary>
    public bool CloseDoor()
    {
        lock (_context.Gate)
        {
            if (!HasDoor || !_doorOpen || _boltRetracted)
            {
                return false;
            }

            _doorOpen = false;
            Sense();
            return true;
        }
    }

    /// <summary>Someone forces the door open without an unlock (a crowbar: tamper).</summary>
    public void ForceOpen()
    {
        lock (_context.Gate)
        {
            if (HasDoor)
            {
                _doorOpen = true;
                Sense();
            }
        }
    }

    // The bolt follows the coil: pulled back once it has pulled long enough, sprung home as soon as it lets go.
    internal void Advance(TimeSpan now)
    {
        Coil.Advance(now);
        bool retracted = Coil.Energised && !_jammed && Coil.EnergisedFor(now) >= _releaseAfter;
        if (retracted == _boltRetracted)
        {
            return;
        }

        _boltRetracted = retracted;
        if (retracted)
        {
            // The spring pushes the drawer (or the item's handle) out past the bolt.
            _doorOpen |= HasDoor;
            _itemFree |= !HasDoor && _itemPresent;
            Sense();
        }
    }

    // What the switches and the tag reader report follows the mechanics (stuck switches aside).
    private void Sense()
    {
        DoorSwitch?.Set(_doorOpen);
        ItemSwitch?.Set(_itemPresent);
        if (TagReader is not null)
        {
            TagReader.Tag = _itemPresent ? _itemId : null;
        }
    }
}
