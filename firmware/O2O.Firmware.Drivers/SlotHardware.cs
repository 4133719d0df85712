using O2O.Firmware.Core;
using O2O.Firmware.Drivers.Inputs;
using O2O.Firmware.Drivers.Latch;
using O2O.Firmware.Drivers.TagReader;

namespace O2O.Firmware.Drivers
{
    /// <summary>
    /// One slot's hardware as the core sees it, built from drivers: the latch output, the door and
    /// item-present switches (either may be absent), and the tag reader (may be absent).
    /// Disposal: the caller owns the drivers; this class only routes calls.
    /// </summary>
    public sealed class SlotHardware : ISlotHardware
    {
        private readonly LatchOutput _latch;
        private readonly DebouncedInput? _door;
        private readonly DebouncedInput? _item;
        private readonly ITagReader? _tags;

        public SlotHardware(LatchOutput latch, DebouncedInput? door, DebouncedInput? item, ITagReader? tags)
        {
            _latch = latch;
            _door = door;
            _item = item;
            _tags = tags;
        }

        public bool DoorOpen { get { return _door != null && _door.Active; } }

        public bool ItemPresent { get { return _item != null && _item.Active; } }

        public string? ItemId { get { return _tags == null ? null : _tags.CurrentTag; } }

        public void SetLatch(bool energised)
        {
            if (energised)
            {
                // The driver may refuse during its cooldown; the core's own timer keeps to the same rule.
                _latch.Energise();
            }
            else
            {
                _latch.Release();
            }
        }

        /// <summary>Call from the main loop before the core's tick: coil protection, debouncing, tag polling.</summary>
        public void Tick()
        {
            _latch.Tick();
            if (_door != null) { _door.Tick(); }
            if (_item != null) { _item.Tick(); }
            if (_tags != null) { _tags.Tick(); }
        }
    }

    /// <summary>
    /// A timed device's relay and emergency stop, built from drivers. The relay is a <see cref="LatchOutput"/>
    /// whose max on-time is the model's longest session: if the core ever failed to switch it off, the driver would.
    /// </summary>
    public sealed class SessionHardware : ISessionHardware
    {
        private readonly LatchOutput _relay;
        private readonly DebouncedInput _emergencyStop;

        public SessionHardware(LatchOutput relay, DebouncedInput emergencyStop)
        {
            _relay = relay;
            _emergencyStop = emergencyStop;
        }

        public bool EmergencyStopPressed { get { return _emergencyStop.Active; } }

        public void SetRelay(bool on)
        {
            if (on)
            {
                _relay.Energise();
            }
            else
            {
                _relay.Release();
            }
        }

        public void Tick()
        {
            _relay.Tick();
            _emergencyStop.Tick();
        }
    }
}
