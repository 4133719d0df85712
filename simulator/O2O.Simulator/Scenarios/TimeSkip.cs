using System.Diagnostics;
using O2O.Simulator.Devices;
using O2O.Simulator.Stack;

namespace O2O.Simulator.Scenarios;

/// <summary>
/// Skips the whole stack's clock ahead, faster than real time, without skipping any of the firmware's work:
/// the clock is frozen and the devices' own loop threads are held; for every 5 ms of skipped time the clock
/// moves one loop pause and each device runs exactly one main-loop pass, in a fixed order. The firmware thus
/// sees the same sequence of times as a chip that ran the whole while (a door reminder at 30 s fires on the
/// pass that reaches 30 s, not "some time after"), however busy the machine is. A device's publishes during
/// the skip are synchronous (acknowledged by the agent before the pass returns), so events raised along the
/// way are stored, in order, before the skip ends.
/// </summary>
public static class TimeSkip
{
    /// <summary>Longest skip one step may ask for.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromHours(2);

    /// <summary>What a skip did: how far the clock moved, how many passes each device ran, and how long it took for real.</summary>
    public sealed record Outcome(TimeSpan Skipped, long PassesPerDevice, TimeSpan RealTime);

    public static Outcome Run(LocalStack stack, TimeSpan duration, CancellationToken cancellationToken) =>
        Run(stack.Clock, stack.Devices, duration, cancellationToken);

    public static Outcome Run(AdvancingClock clock, IReadOnlyList<VirtualDevice> devices, TimeSpan duration, CancellationToken cancellationToken)
    {
        if (duration <= TimeSpan.Zero || duration > Longest)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, $"a skip must be more than 0 and at most {Longest.TotalMinutes:F0} minutes");
        }

        var real = Stopwatch.StartNew();
        var holds = devices.Select(d => d.HoldLoop()).ToList();
        bool froze = clock.Freeze();
        long passes = 0;
        try
        {
            TimeSpan left = duration;
            while (left > TimeSpan.Zero)
            {
                cancellationToken.ThrowIfCancellationRequested();
                TimeSpan step = left < VirtualDevice.LoopPause ? left : VirtualDevice.LoopPause;
                clock.Advance(step);
                left -= step;
                foreach (VirtualDevice device in devices)
                {
                    device.RunOnce();
                }

                passes++;
            }
        }
        finally
        {
            if (froze)
            {
                clock.Thaw();
            }

            holds.ForEach(h => h.Dispose());
        }

        return new Outcome(duration, passes, real.Elapsed);
    }
}
