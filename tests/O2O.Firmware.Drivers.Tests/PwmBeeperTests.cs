using O2O.Firmware.Core;
using O2O.Firmware.Drivers.Beeper;
using O2O.Firmware.Drivers.Tests.Support;

namespace O2O.Firmware.Drivers.Tests;

/// <summary>What the beeper puts on the PWM channel, as a timeline of (start, end, frequency) tones in virtual time.</summary>
public sealed class PwmBeeperTests
{
    private readonly TestClock _clock = new();
    private readonly RecordingPwmChannel _channel;
    private readonly PwmBeeper _beeper;

    public PwmBeeperTests()
    {
        _channel = new RecordingPwmChannel(_clock);
        _beeper = new PwmBeeper(_channel, _clock);
    }

    [Fact]
    public void The_ok_chirp_is_two_sixteenth_notes_c6_then_g6()
    {
        Assert.True(_beeper.Play(BeepPatterns.Ok));
        Run(1000);

        // 200 bpm: a whole note is 1200 ms, a sixteenth 75 ms; C6 = 1047 Hz, G6 = 1568 Hz.
        Assert.Equal([(0L, 75L, 1047, 0.5), (75L, 150L, 1568, 0.5)], _channel.Tones);
        Assert.False(_channel.Running);
        Assert.False(_beeper.Playing);
    }

    [Fact]
    public void Jingle_bells_plays_its_notes_for_their_lengths_with_dotted_notes_one_and_a_half_long()
    {
        Assert.True(_beeper.Play(BuiltInTunes.JingleBells));
        Run(5000);

        // 180 bpm: eighth 166 ms, quarter 333 ms, dotted eighth 249 ms, sixteenth 83 ms, half 666 ms.
        // Repeated notes merge into one tone on the channel: e e 4e (666 ms), e e 4e, then e g c. d 2e.
        Assert.Equal([659, 784, 523, 587, 659], _channel.Tones.Select(t => t.Frequency).Skip(1).Prepend(_channel.Tones[0].Frequency)
            .Where((f, i) => i == 0 || f != _channel.Tones[i - 1].Frequency));
        Assert.Equal(166 * 2 + 333 + 166 * 2 + 333 + 166 + 166 + 249 + 83 + 666, (int)_channel.Tones[^1].End);
        Assert.Equal(249, (int)(_channel.Tones.Single(t => t.Frequency == 523).End - _channel.Tones.Single(t => t.Frequency == 523).Start));
        Assert.Equal(666, (int)(_channel.Tones[^1].End - _channel.Tones[^1].Start));
    }

    [Fact]
    public void Rests_silence_the_channel()
    {
        Assert.True(_beeper.Play("test:d=4,o=5,b=60:a,p,a"));
        Run(3500);

        // RTTTL octave 5 "a" is A5: 880 Hz.
        Assert.Equal([(0L, 1000L, 880, 0.5), (2000L, 3000L, 880, 0.5)], _channel.Tones);
    }

    [Fact]
    public void A_new_tune_replaces_the_one_playing()
    {
        _beeper.Play(BeepPatterns.Alarm);
        Run(100);
        _beeper.Play("one:d=4,o=4,b=60:c");
        Run(1500);

        Assert.Equal(262, _channel.Tones[^1].Frequency);
        Assert.Equal(1000, _channel.Tones[^1].End - _channel.Tones[^1].Start);
    }

    [Theory]
    [InlineData("kazoo")]
    [InlineData("name:d=4,o=5,b=120:")]
    [InlineData("name:d=3,o=5,b=120:c")]
    [InlineData("name:d=4,o=9,b=120:c")]
    [InlineData("name:d=4,o=5,b=120:h")]
    [InlineData("name:d=4,o=5,b=120:c,,d")]
    [InlineData("name:x=4:c")]
    [InlineData("::")]
    [InlineData("")]
    public void Unknown_patterns_and_bad_melodies_are_refused_and_stay_silent(string tune)
    {
        Assert.False(_beeper.Play(tune));
        Run(100);

        Assert.Empty(_channel.Tones);
        Assert.False(_channel.Running);
    }

    [Theory]
    [InlineData(BeepPatterns.Ok)]
    [InlineData(BeepPatterns.Error)]
    [InlineData(BeepPatterns.Alarm)]
    [InlineData(BeepPatterns.Reminder)]
    [InlineData(BeepPatterns.Warning)]
    [InlineData(BeepPatterns.Unlock)]
    public void Every_pattern_the_core_asks_for_plays(string pattern)
    {
        Assert.True(_beeper.Play(pattern));
        Run(10_000);

        Assert.NotEmpty(_channel.Tones);
        Assert.False(_channel.Running);
    }

    private void Run(int milliseconds)
    {
        for (int i = 0; i < milliseconds; i++)
        {
            _clock.Advance(1);
            _beeper.Tick();
        }
    }
}
