using System.Device.Pwm;
using O2O.Firmware.Core;

namespace O2O.Firmware.Drivers.Beeper
{
    /// <summary>
    /// A piezo or magnetic buzzer on a PWM channel: plays built-in patterns and RTTTL melodies note by note,
    /// advanced from the main loop, so it never blocks it. A new tune replaces the one playing.
    /// Disposal: the caller owns the <see cref="PwmChannel"/> (it stops it here, but disposes it itself).
    /// </summary>
    public sealed class PwmBeeper : IBeeper
    {
        /// <summary>Square wave: the loudest a buzzer driven through one transistor gets.</summary>
        public const double DutyCycle = 0.5;
        private readonly PwmChannel _channel;
        private readonly IClock _clock;
        private Melody? _melody;
        private int _note;
        private long _noteEndsAt;
        private bool _sounding;

        public PwmBeeper(PwmChannel channel, IClock clock)
        {
            _channel = channel;
            _clock = clock;
            _channel.DutyCycle = 0;
            _channel.Stop();
        }

        public bool Playing { get { return _melody != null; } }

        /// <summary>Starts a named pattern (see <see cref="BeepPatterns"/>) or an RTTTL melody; false when neither parses.</summary>
        public bool Play(string patternOrRtttl)
        {
            string? rtttl = BuiltInTunes.Rtttl(patternOrRtttl);
            Melody? melody = Rtttl.Parse(rtttl ?? patternOrRtttl);
            if (melody == null || melody.Count == 0)
            {
                return false;
            }

            _melody = melody;
            _note = -1;
            _noteEndsAt = _clock.UptimeMilliseconds;
            Tick();
            return true;
        }

        /// <summary>Call from the main loop: moves to the next note when the current one has lasted its time.</summary>
        public void Tick()
        {
            if (_melody == null)
            {
                return;
            }

            long now = _clock.UptimeMilliseconds;
            while (_melody != null && now >= _noteEndsAt)
            {
                _note++;
                if (_note >= _melody.Count)
                {
                    Silence();
                    _melody = null;
                    return;
                }

                _noteEndsAt += _melody.Durations[_note];
                int frequency = _melody.Frequencies[_note];
                if (frequency == 0)
                {
                    Silence();
                }
                else
                {
                    _channel.Frequency = frequency;
                    _channel.DutyCycle = DutyCycle;
                    if (!_sounding)
                    {
                        _channel.Start();
                        _sounding = true;
                    }
                }
            }
        }

        private void Silence()
        {
            if (_sounding)
            {
                _channel.Stop();
                _sounding = false;
            }
        }
    }
}
