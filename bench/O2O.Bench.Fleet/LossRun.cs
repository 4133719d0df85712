using System.Collections.Concurrent;
using System.Diagnostics;

namespace O2O.Bench.Fleet;

/// <summary>The events that reached the cloud side, by device and sequence number; duplicates count once.</summary>
public sealed class ArrivalLedger
{
    private readonly ConcurrentDictionary<string, HashSet<long>> _byDevice = new(StringComparer.Ordinal);

    public void Record(string deviceId, long sequence)
    {
        HashSet<long> seen = _byDevice.GetOrAdd(deviceId, _ => []);
        lock (seen)
        {
            seen.Add(sequence);
        }
    }

    /// <summary>How many of the device's acknowledged sequence numbers have not arrived.</summary>
    public int Missing(FleetDevice device, long[] acked)
    {
        if (!_byDevice.TryGetValue(device.Id, out HashSet<long>? seen))
        {
            return acked.Length;
        }

        lock (seen)
        {
            return acked.Count(s => !seen.Contains(s));
        }
    }
}

/// <summary>
/// What a PUBACK is worth: events acknowledged to devices that never reach the cloud side. <see cref="RunAsync"/> is
/// one loss run: the fleet publishes 1 event/s per device (reconnecting when dropped) for <c>loadSeconds</c>;
/// <c>disruptAfter</c> seconds in, the disruption runs (kill -9 of the broker and its restart, or the cloud side going
/// away for a while and coming back). <see cref="CountAsync"/> counts the loss of any load run with
/// <see cref="DeviceFleet.TrackAcks"/> on, e.g. the saturated one with no fault at all.
/// </summary>
/// <param name="Kind">What happened: "saturated" (no fault, full-speed load), "outage" or "kill9".</param>
public sealed record LossResult(string Kind, string Disruption, double LoadSeconds, long Acked, long Lost, long FailedPublishes, long Disconnects, bool Settled, double SettleSeconds)
{
    /// <summary>How long the last missing event may take to arrive once nothing else is: past it, the rest is lost.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(15);

    public static async Task<LossResult> RunAsync(DeviceFleet fleet, ArrivalLedger ledger, string kind, string disruptionName, double loadSeconds, double disruptAfter, Func<Task>? disruption, TimeSpan settleTimeout)
    {
        fleet.ClearAcked();
        fleet.TrackAcks = true;
        fleet.Reconnect = true;
        long disconnects0 = fleet.Disconnects;
        Console.WriteLine($"loss run '{disruptionName}': 1 event/s per device for {loadSeconds:F0} s" + (disruption is null ? "" : $", disruption at {disruptAfter:F1} s"));
        Task<PhaseResult> load = fleet.RunPacedAsync(0, loadSeconds, () => []);
        if (disruption is not null)
        {
            await Task.Delay(TimeSpan.FromSeconds(disruptAfter));
            await disruption();
        }

        PhaseResult phase = await load;
        fleet.Reconnect = false;
        return await CountAsync(fleet, ledger, kind, disruptionName, loadSeconds, phase.Failed, fleet.Disconnects - disconnects0, settleTimeout);
    }

    /// <summary>
    /// Stops keeping acknowledgements and waits for the acknowledged events to reach the cloud: settled when none is
    /// missing; what is still missing after the count has stopped falling for a while, or at the timeout, is lost.
    /// </summary>
    public static async Task<LossResult> CountAsync(DeviceFleet fleet, ArrivalLedger ledger, string kind, string disruptionName, double loadSeconds, long failed, long disconnects, TimeSpan settleTimeout)
    {
        fleet.TrackAcks = false;
        var acked = fleet.Devices.ToDictionary(d => d, d => d.AckedSequences());
        long ackedCount = acked.Values.Sum(a => (long)a.Length);
        var settle = Stopwatch.StartNew();
        var sinceProgress = Stopwatch.StartNew();
        long missing = long.MaxValue;
        while (true)
        {
            long now = acked.Sum(p => (long)ledger.Missing(p.Key, p.Value));
            if (now < missing)
            {
                missing = now;
                sinceProgress.Restart();
            }

            if (missing == 0 || sinceProgress.Elapsed > Quiet || settle.Elapsed > settleTimeout)
            {
                break;
            }

            await Task.Delay(250);
        }

        var result = new LossResult(kind, disruptionName, loadSeconds, ackedCount, missing, failed, disconnects, missing == 0, Math.Round(settle.Elapsed.TotalSeconds, 2));
        Console.WriteLine($"  {disruptionName}: {ackedCount} acknowledged, {missing} never reached the cloud side ({failed} publishes failed, {disconnects} disconnects; counted after {result.SettleSeconds:F1} s)");
        return result;
    }
}
