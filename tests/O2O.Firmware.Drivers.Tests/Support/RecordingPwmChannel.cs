using System.Device.Pwm;

namespace O2O.Firmware.Drivers.Tests.Support;

/// <summary>A PWM channel that turns what the beeper does into a timeline of (start time, frequency) tones.</summary>
internal sealed class RecordingPwmChannel(TestClock clock) : PwmChannel
{
    private int _frequency;
    private long _toneStart = -1;

    public List<(long Start, long End, int Frequency, double Duty)> Tones { get; } = [];

    public bool Running { get; private set; }

    public override int Frequency
    {
        get => _frequency;
        set
        {
            if (Running && value != _frequency)
            {
                CloseTone();
                _toneStart = clock.UptimeMilliseconds;
            }

            _frequency = value;
        }
    }

    public override double DutyCycle { get; set; }

    public override void Start()
    {
        Running = true;
        _toneStart = clock.UptimeMilliseconds;
    }

    public override void Stop()
    {
        if (Running)
        {
            CloseTone();
        }

        Running = false;
    }

    private void CloseTone()
    {
        if (_toneStart >= 0 && clock.UptimeMilliseconds > _toneStart)
        {
            Tones.Add((_toneStart, clock.UptimeMilliseconds, _frequency, DutyCycle));
        }

        _toneStart = -1;
    }
}
