using System.Globalization;
using System.Text;
using O2O.Bench.Fleet;
using O2O.EdgeAgent.Gateway;

internal sealed record BenchResult(
    int Devices,
    int Connected,
    int StillConnectedAtEnd,
    long Disconnects,
    double ConnectSeconds,
    int Pbkdf2Iterations,
    int InFlightPerDevice,
    double ThroughputSeconds,
    long ThroughputAcked,
    double ThroughputEventsPerSecond,
    double ThroughputP50Ms,
    double ThroughputP99Ms,
    long ThroughputFailed,
    double ThroughputAgentCpuPercentOfOneCore,
    double ThroughputBenchCpuPercentOfOneCore,
    double SteadySeconds,
    long SteadyAcked,
    double SteadyEventsPerSecond,
    double SteadyP50Ms,
    double SteadyP99Ms,
    long SteadyFailed,
    long SteadyMissedSlots,
    double AgentCpuPercentOfOneCore,
    double AgentRssAvgMiB,
    double AgentRssMaxMiB,
    double AgentRssAfterConnectMiB,
    double AgentRssAfterThroughputMiB,
    double AgentPeakRssMiB,
    double BenchCpuPercentOfOneCore,
    long StoreGrowthBytes,
    double StoreBytesPerEvent,
    int EventsUploadedToCloud,
    DrainResult? OutageDrain,
    LossResult[] Losses,
    MachineInfo Machine,
    string TimestampUtc)
{
    public static BenchResult From(BenchSettings settings, int connected, int stillConnected, long disconnects, TimeSpan connect, PhaseResult throughput, PhaseResult steady,
        long rssAfterConnectKb, long rssAfterThroughputKb, long peakRssKb, long storeGrowth, long ackedInPhase1, int uploaded, DrainResult? drain, LossResult[] losses) => new(
        Devices: settings.Devices,
        Connected: connected,
        StillConnectedAtEnd: stillConnected,
        Disconnects: disconnects,
        ConnectSeconds: Math.Round(connect.TotalSeconds, 2),
        Pbkdf2Iterations: settings.Iterations,
        InFlightPerDevice: settings.InFlight,
        ThroughputSeconds: Math.Round(throughput.Seconds, 2),
        ThroughputAcked: throughput.Acked,
        ThroughputEventsPerSecond: Math.Round(throughput.EventsPerSecond, 0),
        ThroughputP50Ms: Math.Round(throughput.P50, 2),
        ThroughputP99Ms: Math.Round(throughput.P99, 2),
        ThroughputFailed: throughput.Failed,
        ThroughputAgentCpuPercentOfOneCore: Math.Round(throughput.SampledCpuPercent, 1),
        ThroughputBenchCpuPercentOfOneCore: Math.Round(throughput.BenchCpuPercent, 1),
        SteadySeconds: Math.Round(steady.Seconds, 2),
        SteadyAcked: steady.Acked,
        SteadyEventsPerSecond: Math.Round(steady.EventsPerSecond, 0),
        SteadyP50Ms: Math.Round(steady.P50, 2),
        SteadyP99Ms: Math.Round(steady.P99, 2),
        SteadyFailed: steady.Failed,
        SteadyMissedSlots: steady.MissedSlots,
        AgentCpuPercentOfOneCore: Math.Round(steady.SampledCpuPercent, 1),
        AgentRssAvgMiB: Math.Round(steady.RssAvgKb / 1024.0, 1),
        AgentRssMaxMiB: Math.Round(steady.RssMaxKb / 1024.0, 1),
        AgentRssAfterConnectMiB: Math.Round(rssAfterConnectKb / 1024.0, 1),
        AgentRssAfterThroughputMiB: Math.Round(rssAfterThroughputKb / 1024.0, 1),
        AgentPeakRssMiB: Math.Round(peakRssKb / 1024.0, 1),
        BenchCpuPercentOfOneCore: Math.Round(steady.BenchCpuPercent, 1),
        StoreGrowthBytes: storeGrowth,
        StoreBytesPerEvent: ackedInPhase1 > 0 ? Math.Round((double)storeGrowth / ackedInPhase1, 1) : 0,
        EventsUploadedToCloud: uploaded,
        OutageDrain: drain,
        Losses: losses,
        Machine: MachineInfo.Read(),
        TimestampUtc: DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
}

internal static class Report
{
    public static string Markdown(BenchResult r)
    {
        string F(double v, string format = "F1") => v.ToString(format, CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Edge agent, {r.Devices} devices ({r.Connected} connected in {F(r.ConnectSeconds)} s, {r.Disconnects} disconnects, {r.StillConnectedAtEnd} still connected at the end)");
        sb.AppendLine();
        sb.AppendLine("| measure | value |");
        sb.AppendLine("|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| phase 1: durable events/s acknowledged ({r.InFlightPerDevice} in flight per device, {F(r.ThroughputSeconds, "F0")} s) | {F(r.ThroughputEventsPerSecond, "F0")} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| phase 1: event-to-ack latency p50 / p99 | {F(r.ThroughputP50Ms)} ms / {F(r.ThroughputP99Ms)} ms |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| phase 1: failed publishes | {r.ThroughputFailed} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| phase 1: agent CPU / benchmark process CPU (% of one core) | {F(r.ThroughputAgentCpuPercentOfOneCore)} % / {F(r.ThroughputBenchCpuPercentOfOneCore)} % |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| phase 2: events/s at 1 event/s per device ({F(r.SteadySeconds, "F0")} s) | {F(r.SteadyEventsPerSecond, "F0")} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| phase 2: event-to-ack latency p50 / p99 | {F(r.SteadyP50Ms)} ms / {F(r.SteadyP99Ms)} ms |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| phase 2: failed publishes / missed 1 s slots | {r.SteadyFailed} / {r.SteadyMissedSlots} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| phase 2: agent CPU (% of one core) | {F(r.AgentCpuPercentOfOneCore)} % |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| phase 2: agent RSS avg / max | {F(r.AgentRssAvgMiB)} / {F(r.AgentRssMaxMiB)} MiB |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| agent RSS after connect / after phase 1 / peak (VmHWM) | {F(r.AgentRssAfterConnectMiB)} / {F(r.AgentRssAfterThroughputMiB)} / {F(r.AgentPeakRssMiB)} MiB |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| phase 2: benchmark process CPU (% of one core) | {F(r.BenchCpuPercentOfOneCore)} % |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| phase 1: store growth (SQLite file + WAL) per acknowledged event | {F(r.StoreBytesPerEvent, "F0")} bytes ({F(r.StoreGrowthBytes / 1048576.0)} MiB) |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| events uploaded to the cloud simulator by the end of phase 2 | {r.EventsUploadedToCloud} |");
        if (r.OutageDrain is { } d)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| phase 3: backlog built in a {d.OutageSeconds} s cloud outage (events acknowledged, full speed) | {d.BacklogEvents} |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| phase 3: cloud back → first upload / → backlog drained | {F(d.ReconnectSeconds, "F2")} s / {(d.Drained ? F(d.DrainedAfterSeconds, "F2") + " s" : "not drained within " + d.DrainWindowSeconds + " s")} |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| phase 3: drain rate (backlog / (drained − first upload)) | {F(d.DrainEventsPerSecond, "F0")} events/s |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| phase 3: live 1 event/s per device over the {d.DrainWindowSeconds} s window from the cloud's return: acked, p50 / p99, failed / missed slots | {d.LiveAcked}, {F(d.LiveP50Ms)} ms / {F(d.LiveP99Ms)} ms, {d.LiveFailed} / {d.LiveMissedSlots} |");
        }

        foreach (LossResult loss in r.Losses)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {loss.Disruption}: acknowledged / never reached the cloud | {loss.Acked} / {loss.Lost} |");
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"| device credential hashes | PBKDF2-SHA256, {r.Pbkdf2Iterations} iterations (production: {DeviceSecretHash.DefaultIterations}) |");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {r.Machine.Describe()}");
        return sb.ToString();
    }
}
