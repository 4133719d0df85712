using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Pwm;
using nanoFramework.Hardware.Esp32;
using O2O.Firmware.Core;
using O2O.Firmware.Core.Definitions;
using O2O.Firmware.Drivers;
using O2O.Firmware.Drivers.Beeper;
using O2O.Firmware.Drivers.Inputs;
using O2O.Firmware.Drivers.Latch;
using O2O.Firmware.Drivers.TagReader;

namespace O2O.Firmware.Esp32
{
    /// <summary>
    /// Turns the board and device definitions into drivers: pin functions routed, every latch and relay output
    /// opened (and so driven off) first, then the inputs, tag readers and beeper. Owns everything it opens.
    /// </summary>
    internal sealed class DeviceAssembly
    {
        /// <summary>Switch contacts settle within a few milliseconds; 30 ms rejects bounce without feeling slow.</summary>
        private const int DebounceMs = 30;
        private const int TagReaderBaseAddress = 0x20;
        private readonly SlotHardware[] _slots;
        private readonly LatchOutput[] _latches;
        private readonly LatchOutput? _relay;
        private readonly SessionHardware? _session;
        private readonly PwmBeeper? _beeper;
        private readonly IBeeper _sound;

        public DeviceAssembly(BoardDefinition board, DeviceDefinition device, GpioController gpio, IClock clock)
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

            Configuration.SetPinFunction(board.Pin("I2C_SDA"), DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(board.Pin("I2C_SCL"), DeviceFunction.I2C1_CLOCK);
            Configuration.SetPinFunction(board.Pin("BEEP"), DeviceFunction.PWM1);

            _slots = new SlotHardware[device.Slots.Length];
            for (int i = 0; i < _slots.Length; i++)
            {
                SlotDefinition slot = device.Slots[i];
                DebouncedInput? door = slot.Door == null ? null : Input(board, gpio, clock, slot.Door);
                DebouncedInput? item = slot.Item == null ? null : Input(board, gpio, clock, slot.Item);
                ITagReader? tags = device.ItemPrefix.Length == 0 ? null
                    : new I2cTagReader(I2cDevice.Create(new I2cConnectionSettings(1, TagReaderBaseAddress + i, I2cBusSpeed.FastMode)), clock);
                _slots[i] = new SlotHardware(latches[i], door, item, tags);
            }

            _latches = latches;
            _relay = relay;
            if (relay != null && device.Session != null)
            {
                _session = new SessionHardware(relay, Input(board, gpio, clock, device.Session.EmergencyStop));
            }

            // CreateFromPin returns null when no PWM channel can be had: the device still sells, silently, and says so.
            PwmChannel? channel = PwmChannel.CreateFromPin(board.Pin("BEEP"), 2000, 0);
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
