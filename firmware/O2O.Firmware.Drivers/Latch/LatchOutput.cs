using System;
using System.Device.Gpio;
using O2O.Firmware.Core;

namespace O2O.Firmware.Drivers.Latch
{
    /// <summary>
    /// Drives one solenoid latch (or relay) through a low-side MOSFET. The driver itself protects the coil:
    /// a pulse is cut at the maximum on-time and a new one is refused during the cooldown, whatever the caller
    /// asks. The output goes to its inactive level the moment the pin is opened.
    /// Disposal: the caller owns the <see cref="GpioController"/>; this driver owns and closes the pin it opened.
    /// </summary>
    public sealed class LatchOutput : IDisposable
    {
        private readonly GpioPin _pin;
        private readonly IClock _clock;
        private readonly PinValue _active;
        private readonly PinValue _inactive;
        private readonly int _maxOnMs;
        private readonly int _cooldownMs;
        private long _onSince;
        private long _coolUntil;

        public LatchOutput(GpioController controller, int pin, bool activeHigh, IClock clock, int maxOnMs, int cooldownMs)
        {
            _clock = clock;
            _maxOnMs = maxOnMs;
            _cooldownMs = cooldownMs;
            _active = activeHigh ? PinValue.High : PinValue.Low;
            _inactive = activeHigh ? PinValue.Low : PinValue.High;
            _pin = controller.OpenPin(pin, PinMode.Output);
            // The gate pull-down holds the MOSFET off until here; drive the inactive level before anything else.
            _pin.Write(_inactive);
        }

        public bool Energised { get; private set; }

        /// <summary>Pulses refused because the coil was still cooling (a caller bug or a retry storm).</summary>
        public int RefusedForCooldown { get; private set; }

        /// <summary>Times the driver had to cut a pulse the caller did not end in time.</summary>
        public int CutAtMaxOnTime { get; private set; }

        /// <summary>Energises the coil; false (and nothing moves) while it cools down after the last pulse.</summary>
        public bool Energise()
        {
            long now = _clock.UptimeMilliseconds;
            if (Energised)
            {
                return true;
            }

            if (now < _coolUntil)
            {
                RefusedForCooldown++;
                return false;
            }

            _pin.Write(_active);
            Energised = true;
            _onSince = now;
            return true;
        }

        public void Release()
        {
            _pin.Write(_inactive);
            if (Energised)
            {
                Energised = false;
                _coolUntil = _clock.UptimeMilliseconds + _cooldownMs;
            }
        }

        /// <summary>Call from the main loop: cuts a pulse that has reached the maximum on-time.</summary>
        public void Tick()
        {
            if (Energised && _clock.UptimeMilliseconds - _onSince >= _maxOnMs)
            {
                CutAtMaxOnTime++;
                Release();
            }
        }

        public void Dispose()
        {
            _pin.Write(_inactive);
            _pin.Dispose();
        }
    }
}
