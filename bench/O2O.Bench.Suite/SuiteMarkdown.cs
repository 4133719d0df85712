using System.Globalization;
using System.Text;
using O2O.Bench.Fleet;

namespace O2O.Bench.Suite;

/// <summary>suite.md: our agent per fleet size, then the peer comparison, the machine and the brokers' config.</summary>
internal static class SuiteMarkdown
{
    public static string Write(IReadOnlyList<SuiteRun> runs, MachineInfo machine, string loadBefore, string loadAfter, SuiteSettings settings)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Benchmark suite");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {machine.Describe()}. Load average (1/5/15 min) before the suite: {loadBefore}; after: {loadAfter}.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Each program ran alone, one after another; per fleet size: {settings.Seconds} s saturated, {settings.SteadySeconds} s at 1 event/s per device, {settings.OutageSeconds} s cloud outages, {settings.LossSeconds} s loss runs.");
        sb.AppendLine();
        sb.AppendLine("## Edge agent (own process; devices in the benchmark's process)");
        sb.AppendLine();
        sb.AppendLine("| devices | durable events/s (saturated) | event → durable p50 / p99, saturated | p50 / p99 at 1 event/s per device | unlock p50 / p99 | offline redemption p50 / p99 | agent CPU at 1 event/s per device | agent RSS at 1 event/s / peak | disk bytes per event | outage backlog, drain rate | acked but lost: no fault (saturated) / cloud outage / kill -9 / kill -9 in an outage |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (SuiteRun run in runs)
        {
            var a = run.Agent;
            var o = run.Orders;
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {run.Devices:N0} | {N(SuiteRun.Number(a, "ThroughputEventsPerSecond"), "N0")} | {Pair(a, "ThroughputP50Ms", "ThroughputP99Ms")} | {Pair(a, "SteadyP50Ms", "SteadyP99Ms")} | {Pair(o, "UnlockP50Ms", "UnlockP99Ms")} | {Pair(o, "RedemptionP50Ms", "RedemptionP99Ms")} | {N(SuiteRun.Number(a, "AgentCpuPercentOfOneCore"))} % | {N(SuiteRun.Number(a, "AgentRssAvgMiB"))} / {N(SuiteRun.Number(a, "AgentPeakRssMiB"))} MiB | {N(SuiteRun.Number(a, "StoreBytesPerEvent"), "F0")} | {N(SuiteRun.Number(a, "OutageDrain", "BacklogEvents"), "N0")} events, {N(SuiteRun.Number(a, "OutageDrain", "DrainEventsPerSecond"), "N0")} /s | {SuiteRun.Loss(a, "saturated")} / {SuiteRun.Loss(a, "outage")} / {SuiteRun.Loss(a, "kill9")} / {SuiteRun.Loss(a, "kill9-outage")} |");
        }

        sb.AppendLine();
        sb.AppendLine("Latencies in ms. Saturated: every device publishes its next event as soon as the previous is acknowledged (1 in flight), so latency there is mostly queueing (≈ N / throughput). Unlock and offline redemption come from O2O.Bench.Orders: the agent in its own process, the N background devices at 1 event/s in another, the cloud simulator and the 10 measured devices in the benchmark's; measured once every offline pool is full, after 100 uncounted orders and redemptions. Disk bytes per event: growth of the SQLite file and its WAL over the saturated phase / events acknowledged in it.");
        sb.AppendLine();
        if (runs.Any(r => r.Peer is not null))
        {
            WritePeer(sb, runs.Where(r => r.Peer is not null).ToList());
        }

        return sb.ToString();
    }

    private static void WritePeer(StringBuilder sb, List<SuiteRun> runs)
    {
        string version = SuiteRun.Text(runs[0].Peer, "MosquittoVersion") ?? "?";
        sb.AppendLine(CultureInfo.InvariantCulture, $"## Peer: mosquitto {version} bridged to mosquitto, same machine, same load");
        sb.AppendLine();
        sb.AppendLine("Ratios are ours / mosquitto (above 1: more throughput, or more latency or memory).");
        sb.AppendLine();
        sb.AppendLine("| devices | events/s acked, ours / mosquitto | of which reached the cloud, per s, ours / mosquitto | saturated p50 / p99, ours vs mosquitto | p50 / p99 at 1 event/s, ours vs mosquitto | RSS, agent vs site broker (+ cloud broker) | acked but lost with no fault (saturated), ours / mosquitto | acked but lost in a cloud outage, ours / mosquitto | acked but lost in kill -9, ours / mosquitto | acked but lost in kill -9 halfway through an outage, ours / mosquitto |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (SuiteRun run in runs)
        {
            var a = run.Agent;
            var p = run.Peer;
            double? oursRate = SuiteRun.Number(a, "ThroughputEventsPerSecond"), peerRate = SuiteRun.Number(p, "ThroughputEventsPerSecond");
            double? oursRss = SuiteRun.Number(a, "AgentRssAvgMiB"), peerRss = SuiteRun.Number(p, "SiteRssAvgMiB");
            double? oursDelivered = SuiteRun.DeliveredPerSecond(a), peerDelivered = SuiteRun.DeliveredPerSecond(p);
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {run.Devices:N0} | {N(oursRate, "N0")} / {N(peerRate, "N0")} ({Ratio(oursRate, peerRate)}) | {N(oursDelivered, "N0")} / {N(peerDelivered, "N0")} ({Ratio(oursDelivered, peerDelivered)}) | {Pair(a, "ThroughputP50Ms", "ThroughputP99Ms")} vs {Pair(p, "ThroughputP50Ms", "ThroughputP99Ms")} (p99 {Ratio(SuiteRun.Number(a, "ThroughputP99Ms"), SuiteRun.Number(p, "ThroughputP99Ms"))}) | {Pair(a, "SteadyP50Ms", "SteadyP99Ms")} vs {Pair(p, "SteadyP50Ms", "SteadyP99Ms")} (p99 {Ratio(SuiteRun.Number(a, "SteadyP99Ms"), SuiteRun.Number(p, "SteadyP99Ms"))}) | {N(oursRss)} vs {N(peerRss)} (+ {N(SuiteRun.Number(p, "CloudRssMiB"))}) MiB ({Ratio(oursRss, peerRss)}) | {SuiteRun.Loss(a, "saturated")} / {SuiteRun.Loss(p, "saturated")} | {SuiteRun.Loss(a, "outage")} / {SuiteRun.Loss(p, "outage")} | {SuiteRun.Loss(a, "kill9")} / {SuiteRun.Loss(p, "kill9")} | {SuiteRun.Loss(a, "kill9-outage")} / {SuiteRun.Loss(p, "kill9-outage")} |");
        }

        sb.AppendLine();
        sb.AppendLine("Loss runs: every device publishes 1 event/s (QoS 1, reconnecting when dropped); a quarter of the way in, either the cloud side stops for the outage and comes back (our cloud simulator; the cloud mosquitto, stopped with SIGTERM so it saves its state), or the site side is SIGKILLed and started again at once (our agent on the same SQLite store; the site mosquitto on the same persistence folder), or both: the site side is SIGKILLed and restarted halfway through the outage, while it holds the backlog. Every event acknowledged to a device is then looked for at the cloud side (our cloud simulator's ingest; a persistent-session QoS 1 subscriber on the cloud mosquitto). No fault: the events acknowledged during the saturated phase (warm-up included), looked for the same way; \"reached the cloud, per s\" is those acknowledged minus those lost, over the phase's warm-up and measured seconds. Lost = acknowledged but not there after 15 s without progress.");
        sb.AppendLine();
        sb.AppendLine("Site mosquitto (the cloud one queues without limit for its subscriber, so loss is the site's):");
        sb.AppendLine();
        sb.AppendLine("```");
        sb.AppendLine(SuiteRun.Text(runs[0].Peer, "SiteConfig"));
        sb.AppendLine("```");
        sb.AppendLine();
    }

    private static string N(double? value, string format = "F1") => value?.ToString(format, CultureInfo.InvariantCulture) ?? "–";

    private static string Pair(System.Text.Json.Nodes.JsonNode? node, string p50, string p99) =>
        node is null ? "–" : $"{N(SuiteRun.Number(node, p50))} / {N(SuiteRun.Number(node, p99))}";

    private static string Ratio(double? ours, double? peer) =>
        ours is > 0 && peer is > 0 ? "×" + (ours.Value / peer.Value).ToString(ours.Value / peer.Value < 10 ? "F2" : "F0", CultureInfo.InvariantCulture) : "–";
}
