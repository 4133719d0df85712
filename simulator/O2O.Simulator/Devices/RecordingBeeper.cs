using System.Collections.Concurrent;
using O2O.Firmware.Core;

namespace O2O.Simulator.Devices;

/// <summary>Records what the firmware asked the beeper to play (the PWM-level beeper comes with the drivers).</summary>
public sealed class RecordingBeeper : IBeeper
{
    private static readonly string[] Known =
        [BeepPatterns.Ok, BeepPatterns.Error, BeepPatterns.Alarm, BeepPatterns.Reminder, BeepPatterns.Warning, BeepPatterns.Unlock];

    public ConcurrentQueue<string> Played { get; } = new();

    public bool Play(string patternOrRtttl)
    {
        // An RTTTL melody is "name:defaults:notes"; anything else must be a known pattern name.
        bool known = Known.Contains(patternOrRtttl) || patternOrRtttl.Split(':').Length == 3;
        if (known)
        {
            Played.Enqueue(patternOrRtttl);
        }

        return known;
    }
}
