using O2O.Firmware.Core.Definitions;

namespace O2O.Firmware.Core.Slots
{
    /// <summary>
    /// Owns one latch coil's timing: a pulse never outlasts the max on-time, and a new pulse waits out the
    /// cooldown after the last one, so no sequence of commands can overheat the solenoid.
    /// </summary>
    public sealed class LatchTimer
    {
        private readonly ISlotHardware _hardware;
        private readonly DeviceTimings _timings;
        private long _releaseAt;
        private long _coolUntil;
        private bool _pending;

        /// <summary>
        /// Extra rest on top of the defined cooldown. The latch driver enforces the same cooldown from its own
        /// clock reading, taken a moment later; without this margin it could refuse a pulse the core counts as fired.
        /// </summary>
        public const int DriverMarginMs = 50;

        public LatchTimer(ISlotHardware hardware, DeviceTimings timings)
        {
            _hardware = hardware;
            _timings = timings;
        }

        public bool Energised { get; private set; }

        /// <summary>A pulse was asked for and waits for the cooldown to end.</summary>
        public bool Pending { get { return _pending; } }

        /// <summary>Pulses so far in the current attempt series (reset by <see cref="ResetAttempts"/>).</summary>
        public int Attempts { get; private set; }

        /// <summary>When the last pulse started, in uptime milliseconds.</summary>
        public long LastPulseAt { get; private set; }

        /// <summary>Asks for one pulse; it starts at once, or when the coil has cooled.</summary>
        public void RequestPulse()
        {
            _pending = true;
        }

        public void ResetAttempts()
        {
            Attempts = 0;
            _pending = false;
        }

        /// <summary>De-energises now, whatever else is going on.</summary>
        public void Release(long now)
        {
            if (Energised)
            {
                _coolUntil = now + _timings.LatchCooldownMs + DriverMarginMs;
            }

            Energised = false;
            _pending = false;
            _hardware.SetLatch(false);
        }

        /// <summary>Starts a pending pulse once cooled, and ends a pulse at its length or the max on-time.</summary>
        public void Tick(long now)
        {
            if (Energised && now >= _releaseAt)
            {
                Release(now);
            }

            if (_pending && !Energised && now >= _coolUntil)
            {
                _pending = false;
                Energised = true;
                Attempts++;
                LastPulseAt = now;
                int length = _timings.LatchPulseMs < _timings.LatchMaxOnMs ? _timings.LatchPulseMs : _timings.LatchMaxOnMs;
                _releaseAt = now + length;
                _hardware.SetLatch(true);
            }
        }
    }
}
