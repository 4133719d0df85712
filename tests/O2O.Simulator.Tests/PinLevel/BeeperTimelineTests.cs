using O2O.Firmware.Core;
using O2O.Firmware.Drivers.Beeper;
using O2O.Protocol;
using O2O.Simulator.Devices.Buses;

namespace O2O.Simulator.Tests.PinLevel;

/// <summary>What the buzzer actually emits when the firmware plays a pattern: the PWM channel's tone timeline.</summary>
public sealed class BeeperTimelineTests
{
    private const int LoopPassMs = 5;

    [Theory]
    [InlineData(BeepPatterns.Ok)]
    [InlineData(BeepPatterns.Error)]
    [InlineData(BeepPatterns.Unlock)]
    public void A_beep_command_sounds_the_patterns_notes_for_their_lengths_with_silence_for_rests(string pattern)
    {
        PinRig rig = new PinRig("powerbank-4", "PB-0001").Boot();
        Melody melody = Rtttl.Parse(BuiltInTunes.Rtttl(pattern)!)!;
        TimeSpan since = rig.Time.Now;

        string command = rig.Send(new DeviceCommand { Type = CommandTypes.Beep, Pattern = pattern });
        rig.Run(TimeSpan.FromMilliseconds(melody.TotalMilliseconds + 100));

        IReadOnlyList<ToneSegment> tones = rig.Device.Hardware.Buzzer.TimelineSince(since);
        List<(int Frequency, int Length)> expected = Expected(melody);
        List<int> offsets = Offsets(melody);
        Assert.Equal(CommandAck.Ok, rig.Ack(command)!.Outcome);
        Assert.Equal(expected.Select(e => e.Frequency), tones.Select(t => t.FrequencyHz));
        Assert.All(tones, t => Assert.Equal(PwmBeeper.DutyCycle, t.DutyCycle));
        // The driver moves to the next note on a main-loop pass, so every edge lands within one pass (5 ms) of the
        // melody's; note ends are kept on the melody's clock, so the error never builds up over a tune.
        for (int i = 0; i < tones.Count; i++)
        {
            Assert.InRange((int)tones[i].Duration.TotalMilliseconds, expected[i].Length - LoopPassMs, expected[i].Length + LoopPassMs);
            Assert.InRange((int)(tones[i].Start - tones[0].Start).TotalMilliseconds, offsets[i], offsets[i] + LoopPassMs);
        }

        Assert.False(rig.Device.Hardware.Buzzer.Sounding);
    }

    // The melody's notes as the buzzer sounds them: a note repeated without a rest is one continuous tone.
    private static List<(int, int)> Expected(Melody melody)
    {
        var tones = new List<(int Frequency, int Length)>();
        int? previous = null;
        for (int i = 0; i < melody.Count; i++)
        {
            int frequency = melody.Frequencies[i];
            if (frequency != 0 && frequency == previous)
            {
                tones[^1] = (frequency, tones[^1].Length + melody.Durations[i]);
            }
            else if (frequency != 0)
            {
                tones.Add((frequency, melody.Durations[i]));
            }

            previous = frequency;
        }

        return tones;
    }

    private static List<int> Offsets(Melody melody)
    {
        var starts = new List<int>();
        int at = 0;
        int? previous = null;
        for (int i = 0; i < melody.Count; i++)
        {
            if (melody.Frequencies[i] != 0 && melody.Frequencies[i] != previous)
            {
                starts.Add(at);
            }

            previous = melody.Frequencies[i];
            at += melody.Durations[i];
        }

        return starts.Select(s => s - starts[0]).ToList();
    }
}
