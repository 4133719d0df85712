using System.Globalization;
using System.Text;
using O2O.Bench.Fleet;

namespace O2O.Bench.Peer;

/// <summary>What the peer run writes; the suite reads it back (field names are its contract).</summary>
internal sealed record PeerResult(
    int Devices,
    int Connected,
    double ConnectSeconds,
    long Disconnects,
    int InFlightPerDevice,
    int ThroughputSeconds,
    double ThroughputEventsPerSecond,
    double ThroughputP50Ms,
    double ThroughputP99Ms,
    long ThroughputFailed,
    double ThroughputSiteCpuPercentOfOneCore,
    double ThroughputBenchCpuPercentOfOneCore,
    double SteadyEventsPerSecond,
    double SteadyP50Ms,
    double SteadyP99Ms,
    long SteadyFailed,
    long SteadyMissedSlots,
    double SiteCpuPercentOfOneCore,
    double SiteRssAvgMiB,
    double SitePeakRssMiB,
    double CloudRssMiB,
    double CloudPeakRssMiB,
    LossResult[] Losses,
    long SiteDroppedAfterPhase1,
    int OutageSeconds,
    string MosquittoVersion,
    string SiteConfig,
    string CloudConfig,
    MachineInfo Machine,
    string TimestampUtc)
{
    public string Markdown()
    {
        string F(double v, string format = "F1") => v.ToString(format, CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"mosquitto {MosquittoVersion} (site, bridged to a cloud mosquitto), {Devices} devices ({Connected} connected in {F(ConnectSeconds)} s, {Disconnects} disconnects before the loss runs)");
        sb.AppendLine();
        sb.AppendLine("| measure | value |");
        sb.AppendLine("|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| phase 1: PUBACKs/s at the site broker ({InFlightPerDevice} in flight per device, {ThroughputSeconds} s) | {F(ThroughputEventsPerSecond, "F0")} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| phase 1: publish-to-PUBACK latency p50 / p99 | {F(ThroughputP50Ms)} ms / {F(ThroughputP99Ms)} ms |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| phase 1: failed publishes; site broker CPU / benchmark CPU (% of one core) | {ThroughputFailed}; {F(ThroughputSiteCpuPercentOfOneCore)} % / {F(ThroughputBenchCpuPercentOfOneCore)} % |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| phase 2: 1 event/s per device: PUBACKs/s, latency p50 / p99 | {F(SteadyEventsPerSecond, "F0")}, {F(SteadyP50Ms)} ms / {F(SteadyP99Ms)} ms |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| phase 2: failed publishes / missed 1 s slots | {SteadyFailed} / {SteadyMissedSlots} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| phase 2: site broker CPU (% of one core) | {F(SiteCpuPercentOfOneCore)} % |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| RSS: site broker avg (phase 2) / peak; cloud broker / peak | {F(SiteRssAvgMiB)} / {F(SitePeakRssMiB)} MiB; {F(CloudRssMiB)} / {F(CloudPeakRssMiB)} MiB |");
        foreach (LossResult loss in Losses)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {loss.Disruption}: PUBACKed / never reached the cloud | {loss.Acked} / {loss.Lost} |");
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"| site broker's own count of dropped messages after phase 1 ($SYS/broker/publish/messages/dropped) | {SiteDroppedAfterPhase1} |");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine.Describe()}");
        return sb.ToString();
    }
}
