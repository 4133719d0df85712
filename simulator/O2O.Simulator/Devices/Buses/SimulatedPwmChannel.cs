using System.Device.Pwm;

namespace O2O.Simulator.Devices.Buses;

/// <summary>
/// A PWM channel driving the buzzer, two-sided. Driver side: the <see cref="PwmChannel"/> contract. Backend
/// side: what the buzzer actually emitted, as a timeline of steady tones (start, duration, frequency, duty).
/// A tone begins when the channel runs with a non-zero duty and frequency, and ends at Stop or at any change
/// of frequency or duty; a note repeated without a stop in between sounds (and is recorded) as one tone.
/// </summary>
public sealed class SimulatedPwmChannel(HardwareContext context, int pin) : PwmChannel
{
    /// <summary>The timeline kept for inspection; older tones are dropped.</summary>
    public const int TimelineLimit = 1024;
    private readonly List<ToneSegment> _timeline = [];
    private int _frequency;
    private double _dutyCycle;
    private bool _running;
    private TimeSpan _toneStart;
    private bool _sounding;
    private int _toneFrequency;
    private double _toneDuty;

    public int Pin { get; } = pin;

    public override int Frequency
    {
        get { lock (context.Gate) { return _frequency; } }
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            lock (context.Gate)
            {
                _frequency = value;
                Retune();
            }
        }
    }

    public override double DutyCycle
    {
        get { lock (context.Gate) { return _dutyCycle; } }
        set
        {
            if (value is < 0 or > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "duty cycle is a fraction from 0 to 1");
            }

            lock (context.Gate)
            {
                _dutyCycle = value;
                Retune();
            }
        }
    }

    public override void Start()
    {
        lock (context.Gate)
        {
            _running = true;
            Retune();
        }
    }

    public override void Stop()
    {
        lock (context.Gate)
        {
            _running = false;
            Retune();
        }
    }

    /// <summary>True while the buzzer sounds.</summary>
    public bool Sounding { get { lock (context.Gate) { return _sounding; } } }

    /// <summary>Finished tones, oldest first (the one sounding now is not included until it ends).</summary>
    public IReadOnlyList<ToneSegment> Timeline()
    {
        lock (context.Gate)
        {
            return [.. _timeline];
        }
    }

    /// <summary>Finished tones that began at or after <paramref name="since"/>.</summary>
    public IReadOnlyList<ToneSegment> TimelineSince(TimeSpan since) => Timeline().Where(tone => tone.Start >= since).ToList();

    /// <summary>The chip resets: the PWM unit stops, ending any tone.</summary>
    public void PowerLoss() => Stop();

    // Ends the current tone when what sounds changes, and starts the next one if there is sound at all.
    private void Retune()
    {
        bool sound = _running && _frequency > 0 && _dutyCycle > 0;
        if (sound == _sounding && (!sound || (_frequency == _toneFrequency && _dutyCycle == _toneDuty)))
        {
            return;
        }

        TimeSpan now = context.Now;
        if (_sounding && now > _toneStart)
        {
            _timeline.Add(new ToneSegment(_toneStart, now - _toneStart, _toneFrequency, _toneDuty));
            if (_timeline.Count > TimelineLimit)
            {
                _timeline.RemoveAt(0);
            }
        }

        _sounding = sound;
        _toneStart = now;
        _toneFrequency = _frequency;
        _toneDuty = _dutyCycle;
    }
}
