using System.Diagnostics;

namespace O2O.Simulator.Devices;

/// <summary>
/// The local stack's clock: real time, except while a scenario skips ahead. Devices, the edge agent and the
/// cloud simulator all read this one clock, so a skip of twenty minutes is twenty minutes for every part at
/// once: a door left open, a reservation, a session, a grant's expiry.
/// </summary>
/// <remarks>
/// During a skip the clock is <see cref="Freeze">frozen</see> and moves only by <see cref="Advance"/>, so the
/// passes that run in it see exact 5 ms steps however long they take for real; when it thaws it carries on from
/// where the skip left it. Timers (<see cref="TimeProvider.CreateTimer"/>) keep to real time: a loop that sleeps
/// two seconds wakes after two real seconds and then reads the skipped-ahead clock. Nothing in the agent or the
/// cloud simulator relies on a timer firing at a precise moment; they compare the clock when they wake.
/// </remarks>
public sealed class AdvancingClock : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly DateTimeOffset _startUtc = System.GetUtcNow();
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private long _offsetTicks;
    private long _skippedTicks;
    private long _frozenElapsedTicks = -1;

    /// <summary>Everything skipped so far.</summary>
    public TimeSpan Skipped
    {
        get
        {
            lock (_gate)
            {
                return TimeSpan.FromTicks(_skippedTicks);
            }
        }
    }

    /// <summary>
    /// Stops real time from moving this clock until <see cref="Thaw"/>; only <see cref="Advance"/> moves it meanwhile.
    /// False when it was frozen already (whoever froze it thaws it).
    /// </summary>
    public bool Freeze()
    {
        lock (_gate)
        {
            if (_frozenElapsedTicks >= 0)
            {
                return false;
            }

            _frozenElapsedTicks = ElapsedTicks();
            return true;
        }
    }

    /// <summary>Real time moves the clock again, from where it stands now.</summary>
    public void Thaw()
    {
        lock (_gate)
        {
            if (_frozenElapsedTicks >= 0)
            {
                _offsetTicks = _frozenElapsedTicks - RealElapsedTicks();
                _frozenElapsedTicks = -1;
            }
        }
    }

    /// <summary>Moves the clock forward by <paramref name="duration"/> at once.</summary>
    public void Advance(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        lock (_gate)
        {
            _skippedTicks += duration.Ticks;
            if (_frozenElapsedTicks >= 0)
            {
                _frozenElapsedTicks += duration.Ticks;
            }
            else
            {
                _offsetTicks += duration.Ticks;
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _startUtc + TimeSpan.FromTicks(ElapsedTicks());
        }
    }

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _startTimestamp + (long)(ElapsedTicks() * (Stopwatch.Frequency / (double)TimeSpan.TicksPerSecond));
        }
    }

    public override long TimestampFrequency => Stopwatch.Frequency;

    private long ElapsedTicks() => _frozenElapsedTicks >= 0 ? _frozenElapsedTicks : RealElapsedTicks() + _offsetTicks;

    private long RealElapsedTicks() => Stopwatch.GetElapsedTime(_startTimestamp).Ticks;
}
