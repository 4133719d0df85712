using System.Device.Gpio;
using System.Device.Pwm;
using O2O.Firmware.Core;
using O2O.Firmware.Core.Definitions;
using O2O.Firmware.Drivers.Beeper;
using O2O.Firmware.Drivers.Inputs;
using O2O.Firmware.Drivers.Latch;
using O2O.Firmware.Drivers.TagReader;

namespace O2O.Firmware.Drivers
{
    /// <summary>
    /// Turns the board and device definitions into drivers: every latch and relay output opened (and so driven
    /// off) first, then the inputs, tag readers and beeper. The buses come from outside (<see cref="IPeripheralBuses"/>):
    /// the ESP32 app and the simulator wire the very same drivers, each on its own buses. Owns everything it opens.
    /// </summary>
    public sealed class DeviceAssembly
    {
        /// <summary>Switch contacts settle within a few milliseconds; 30 ms rejects bounce without feeling slow.</summary>
        public const int DebounceMs = 30;

        /// <summary>Slot n's tag reader answers at this address + n.</summary>
        public const int TagReaderBaseAddress = 0x20;

        /// <summary>The beeper's PWM frequency before the first note sets its own.</summary>
        public const int BeeperIdleFrequency = 2000;
        private readonly SlotHardware[] _slots;
        private readonly LatchOutput[] _latches;
        private readonly DebouncedInput?[] _doors;
        private readonly DebouncedInput?[] _items;
        private readonly LatchOutput? _relay;
        private readonly SessionHardware? _session;
        private readonly PwmBeeper? _beeper;
        private readonly IBeeper _sound;

        public DeviceAssembly(BoardDefinition board, DeviceDefinition device, GpioController gpio, IPeripheralBuses buses, IClock clock)
        {
            DeviceTimings timings = device.Timings;
            // Outputs first, before anything else runs: each opens straight into its inactive level.
            var latches = new LatchOutput[device.Slots.Length];
            for (int i = 0; i < latches.Length; i++)
            {
                latches[i] = new LatchOutput(gpio, board.Pin(device.Slots[i].Latch), true, clock, timings.LatchMaxOnMs, timings.LatchCooldownMs);
            }

            LatchOutput? relay = null;
            if (device.Session != null)
            {
                // The relay carries a whole session: its driver limit is the longest session plus a minute's grace.
                relay = new LatchOutput(gpio, board.Pin(device.Session.Relay), true, clock, (device.Limits.MaxSessionMinutes + 1) * 60000, 0);
            }

            _slots = new SlotHardware[device.Slots.Length];
            _doors = new DebouncedInput?[device.Slots.Length];
            _items = new DebouncedInput?[device.Slots.Length];
            for (int i = 0; i < _slots.Length; i++)
            {
                SlotDefinition slot = device.Slots[i];
                DebouncedInput? door = slot.Door == null ? null : Input(board, gpio, clock, slot.Door);
                DebouncedInput? item = slot.Item == null ? null : Input(board, gpio, clock, slot.Item);
                _doors[i] = door;
                _items[i] = item;
                ITagReader? tags = device.ItemPrefix.Length == 0 ? null
                    : new I2cTagReader(buses.OpenI2c(TagReaderBaseAddress + i), clock);
                _slots[i] = new SlotHardware(latches[i], door, item, tags);
            }

            _latches = latches;
            _relay = relay;
            if (relay != null && device.Session != null)
            {
                _session = new SessionHardware(relay, Input(board, gpio, clock, device.Session.EmergencyStop));
            }

            // No PWM channel to be had (CreateFromPin returns null on the ESP32): the device still sells, silently, and says so.
            PwmChannel? channel = buses.OpenPwm(board.Pin("BEEP"), BeeperIdleFrequency, 0);
            _beeper = channel == null ? null : new PwmBeeper(channel, clock);
            _sound = _beeper == null ? (IBeeper)new SilentBeeper() : _beeper;
        }

        public DeviceHardware Hardware
        {
            get
            {
                var slots = new ISlotHardware[_slots.Length];
                for (int i = 0; i < slots.Length; i++)
                {
                    slots[i] = _slots[i];
                }

                return new DeviceHardware(slots, _session, _sound);
            }
        }

        /// <summary>Slot <paramref name="slot"/>'s latch driver (its refusal and cut-off counters are diagnostics).</summary>
        public LatchOutput Latch(int slot)
        {
            return _latches[slot];
        }

        /// <summary>Slot <paramref name="slot"/>'s door switch input, or null when the slot has no door.</summary>
        public DebouncedInput? DoorInput(int slot)
        {
            return _doors[slot];
        }

        /// <summary>Slot <paramref name="slot"/>'s item-present switch input, or null when it has none.</summary>
        public DebouncedInput? ItemInput(int slot)
        {
            return _items[slot];
        }

        /// <summary>The beeper driver, or null when the device runs silent.</summary>
        public PwmBeeper? Beeper { get { return _beeper; } }

        /// <summary>True while any latch coil is energised (pulses last under a second).</summary>
        public bool AnyOutputEnergised
        {
            get
            {
                for (int i = 0; i < _latches.Length; i++)
                {
                    if (_latches[i].Energised)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        /// <summary>Switches every latch and relay off at once (after an unexpected error in the main loop).</summary>
        public void ReleaseAll()
        {
            for (int i = 0; i < _latches.Length; i++)
            {
                _latches[i].Release();
            }

            if (_relay != null)
            {
                _relay.Release();
            }
        }

        /// <summary>Driver work for one main-loop pass: coil limits, debouncing, tag polling, the next note.</summary>
        public void Tick()
        {
            for (int i = 0; i < _slots.Length; i++)
            {
                _slots[i].Tick();
            }

            if (_session != null)
            {
                _session.Tick();
            }

            if (_beeper != null)
            {
                _beeper.Tick();
            }
        }

        /// <summary>Stands in when the PWM channel is missing: every tune is refused, so self-test reports the beeper.</summary>
        private sealed class SilentBeeper : IBeeper
        {
            public bool Play(string patternOrRtttl) { return false; }
        }

        // GPIO34-39 have no internal pulls (the board fits external ones); every other input uses the internal pull-up too.
        private static DebouncedInput Input(BoardDefinition board, GpioController gpio, IClock clock, string function)
        {
            int pin = board.Pin(function);
            return new DebouncedInput(gpio, pin, true, pin < 34, clock, DebounceMs);
        }
    }
}
