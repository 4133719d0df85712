using System.Globalization;

namespace O2O.EdgeAgent.Faults;

/// <summary>
/// The system clock shifted by an offset read from a file, so the fault campaign can make a running agent
/// process live an hour-long outage in seconds or see its clock jump forward and back (as NTP or a dead RTC
/// battery does). Armed only by the <c>O2O_CLOCK_OFFSET_FILE</c> environment variable, the path of a file holding
/// the offset in milliseconds; without it the agent uses <see cref="TimeProvider.System"/>. Timers are not
/// shifted: only what the agent reads as wall time (grant and token windows, timestamps) moves.
/// </summary>
public sealed class FaultClock(string offsetFile) : TimeProvider
{
    // Re-reading the file on every call would cost a syscall per timestamp; a jump seen 50 ms late is no loss.
    private const long RefreshMilliseconds = 50;
    private readonly Lock _gate = new();
    private long _offsetMs;
    private long _readAtTicks;
    private bool _read;

    public static TimeProvider FromEnvironment() =>
        Environment.GetEnvironmentVariable("O2O_CLOCK_OFFSET_FILE") is { Length: > 0 } path ? new FaultClock(path) : System;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddMilliseconds(Offset());

    private long Offset()
    {
        long now = Environment.TickCount64;
        lock (_gate)
        {
            // A flag, not a sentinel tick count: now - long.MinValue overflows and would never read the file.
            if (!_read || now - _readAtTicks >= RefreshMilliseconds)
            {
                _read = true;
                _readAtTicks = now;
                _offsetMs = ReadOffset(_offsetMs);
            }

            return _offsetMs;
        }
    }

    // A missing or half-written file keeps the last offset: the campaign replaces it atomically, but never trust that.
    private long ReadOffset(long last)
    {
        try
        {
            return long.TryParse(File.ReadAllText(offsetFile).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) ? value : last;
        }
        catch (IOException)
        {
            return last;
        }
        catch (UnauthorizedAccessException)
        {
            return last;
        }
    }
}
