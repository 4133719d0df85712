using System.Diagnostics;

namespace O2O.Bench.Fleet;

/// <summary>Latencies and failures of one publishing loop; read only after the loop ended.</summary>
public sealed class Recorder(FleetDevice device)
{
    public FleetDevice Device { get; } = device;

    public List<float> LatenciesMs { get; } = [];

    public long Failed { get; set; }

    public void Record(bool ok, long elapsedTicks)
    {
        if (ok)
        {
            LatenciesMs.Add((float)(elapsedTicks * 1000.0 / Stopwatch.Frequency));
        }
        else
        {
            Failed++;
        }
    }
}

/// <summary>
/// One measured window of load: acknowledged events and their publish-to-PUBACK latency, and what the processes
/// under test (their pids summed) and this process cost meanwhile.
/// </summary>
public sealed record PhaseResult(long Acked, long Failed, double Seconds, double P50, double P99)
{
    public double SampledCpuPercent { get; init; }

    public double BenchCpuPercent { get; init; }

    public double RssAvgKb { get; init; }

    public double RssMaxKb { get; init; }

    public long MissedSlots { get; init; }

    public double EventsPerSecond => Seconds > 0 ? Acked / Seconds : 0;

    public static PhaseResult From(IReadOnlyList<Recorder> recorders, double seconds)
    {
        float[] all = recorders.SelectMany(r => r.LatenciesMs).ToArray();
        Array.Sort(all);
        return new PhaseResult(all.Length, recorders.Sum(r => r.Failed), seconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    /// <summary>Nearest-rank percentile of sorted values; NaN when there are none.</summary>
    public static double Percentile(IReadOnlyList<float> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1))];
}
