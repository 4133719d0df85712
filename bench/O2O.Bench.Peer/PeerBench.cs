using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using O2O.Bench.Fleet;
using O2O.LoopbackPorts;
using O2O.Mosquitto;
using O2O.Protocol;

namespace O2O.Bench.Peer;

/// <summary>Owns the two brokers, the cloud-side subscriber and the fleet; runs the phases.</summary>
internal sealed class PeerBench(PeerSettings settings) : IDisposable
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(120);
    private readonly string _dir = Directory.CreateTempSubdirectory("o2o-bench-peer-").FullName;
    private readonly ArrivalLedger _arrivals = new();
    private MosquittoProcess? _site;
    private MosquittoProcess? _cloud;
    private CloudCollector? _collector;
    private DeviceFleet? _fleet;

    public async Task<int> RunAsync()
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine("this benchmark reads /proc: Linux only");
            return 2;
        }

        OnTermination.Run(KillBrokers);

        // The cloud stand-in is not under test: it queues without limit for the subscriber, so that any loss is the
        // site broker's and its bridge's.
        _cloud = new MosquittoProcess("cloud", Path.Combine(_dir, "cloud"), FreePort.Next());
        string cloudConfig = _cloud.WriteConfig(["allow_anonymous true", "max_queued_messages 0", "max_inflight_messages 1000"]);
        // The site broker as a careful operator sets it up: persistence on, mosquitto's defaults otherwise
        // (autosave_interval 1800 s, max_queued_messages 1000, max_inflight_messages 20), a QoS 1 bridge with a
        // persistent session at the cloud.
        _site = new MosquittoProcess("site", Path.Combine(_dir, "site"), FreePort.Next());
        string siteConfig = _site.WriteConfig(
        [
            "allow_anonymous true",
            "connection cloud",
            $"address 127.0.0.1:{_cloud.Port}",
            $"topic {Topics.DevicePrefix}+/evt out 1",
            "cleansession false",
            "remote_clientid site-bench-bridge",
            "bridge_protocol_version mqttv311",
        ]);
        await _cloud.StartAsync();
        _collector = new CloudCollector(_cloud.Port, $"{Topics.DevicePrefix}+/evt", Topics.DevicePrefix, _arrivals);
        await _collector.StartAsync();
        await _site.StartAsync();
        Console.WriteLine($"mosquitto site pid {_site.Pid} (port {_site.Port}) bridged to cloud pid {_cloud.Pid} (port {_cloud.Port})");

        // The site broker's own count of messages it dropped (queue limits), read after phase 1; the kill -9 resets it.
        using var dropped = new BrokerStat(_site.Port, "$SYS/broker/publish/messages/dropped");
        await dropped.StartAsync();
        _fleet = new DeviceFleet(DeviceFleet.Create(settings.Devices, withSecrets: false, Topics.Events), _site.Port, settings.ConnectBatch);
        var connect = Stopwatch.StartNew();
        int connected = await _fleet.ConnectAllAsync(() => _site.Pid == 0, TimeSpan.FromSeconds(30));
        connect.Stop();
        Console.WriteLine($"connected {connected}/{settings.Devices} devices in {connect.Elapsed.TotalSeconds:F1} s");

        Console.WriteLine($"phase 1: {settings.WarmupSeconds} s warm-up + {settings.Seconds} s, each device up to {settings.InFlight} in flight");
        _fleet.ClearAcked();
        _fleet.TrackAcks = true;
        PhaseResult throughput = await _fleet.RunSaturatedAsync(settings.WarmupSeconds, settings.Seconds, settings.InFlight, SitePid);
        Console.WriteLine($"  {throughput.Acked} PUBACKed = {throughput.EventsPerSecond:F0} events/s, p50 {throughput.P50:F1} ms, p99 {throughput.P99:F1} ms, failed {throughput.Failed}");
        // With no fault at all: past max_queued_messages the bridge drops what it cannot forward yet.
        LossResult saturatedLoss = await LossResult.CountAsync(_fleet, _arrivals, "saturated", "no fault, phase 1's saturated load", settings.WarmupSeconds + settings.Seconds, throughput.Failed, _fleet.Disconnects, SettleTimeout);
        long siteDropped = dropped.Value;
        Console.WriteLine($"  the site broker's $SYS count of dropped messages: {siteDropped}");

        Console.WriteLine($"phase 2: 1 event/s per device for {settings.SteadySeconds} s (+2 s settle)");
        PhaseResult steady = await _fleet.RunPacedAsync(settleSeconds: 2, settings.SteadySeconds, SitePid);
        long cloudRss = ProcFs.RssKb(_cloud.Pid);
        long sitePeak = Math.Max(ProcFs.PeakRssKb(_site.Pid), (long)steady.RssMaxKb);
        long cloudPeak = ProcFs.PeakRssKb(_cloud.Pid);
        Console.WriteLine($"  {steady.Acked} PUBACKed, p50 {steady.P50:F1} ms, p99 {steady.P99:F1} ms; site CPU {steady.SampledCpuPercent:F1} %, RSS site {steady.RssAvgKb / 1024:F1} MiB, cloud {cloudRss / 1024.0:F1} MiB");

        long disconnects = _fleet.Disconnects;
        LossResult[] losses = [saturatedLoss, .. settings.LossSeconds > 0 ? await RunLossAsync() : []];
        await _fleet.DisconnectAllAsync();

        var result = new PeerResult(
            Devices: settings.Devices,
            Connected: connected,
            ConnectSeconds: Math.Round(connect.Elapsed.TotalSeconds, 2),
            Disconnects: disconnects,
            InFlightPerDevice: settings.InFlight,
            ThroughputSeconds: settings.Seconds,
            ThroughputEventsPerSecond: Math.Round(throughput.EventsPerSecond, 0),
            ThroughputP50Ms: Math.Round(throughput.P50, 2),
            ThroughputP99Ms: Math.Round(throughput.P99, 2),
            ThroughputFailed: throughput.Failed,
            ThroughputSiteCpuPercentOfOneCore: Math.Round(throughput.SampledCpuPercent, 1),
            ThroughputBenchCpuPercentOfOneCore: Math.Round(throughput.BenchCpuPercent, 1),
            SteadyEventsPerSecond: Math.Round(steady.EventsPerSecond, 0),
            SteadyP50Ms: Math.Round(steady.P50, 2),
            SteadyP99Ms: Math.Round(steady.P99, 2),
            SteadyFailed: steady.Failed,
            SteadyMissedSlots: steady.MissedSlots,
            SiteCpuPercentOfOneCore: Math.Round(steady.SampledCpuPercent, 1),
            SiteRssAvgMiB: Math.Round(steady.RssAvgKb / 1024.0, 1),
            SitePeakRssMiB: Math.Round(sitePeak / 1024.0, 1),
            CloudRssMiB: Math.Round(cloudRss / 1024.0, 1),
            CloudPeakRssMiB: Math.Round(cloudPeak / 1024.0, 1),
            Losses: losses,
            SiteDroppedAfterPhase1: siteDropped,
            OutageSeconds: settings.OutageSeconds,
            MosquittoVersion: MosquittoVersion(),
            SiteConfig: Redact(siteConfig),
            CloudConfig: Redact(cloudConfig),
            Machine: MachineInfo.Read(),
            TimestampUtc: DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        Console.WriteLine();
        Console.WriteLine(result.Markdown());
        string outPath = settings.OutPath ?? Path.Combine(BenchPaths.BenchFolder(), "results", $"peer-{settings.Devices}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
        await File.WriteAllTextAsync(outPath, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Console.WriteLine($"written {Path.GetFullPath(outPath)}");
        return connected == settings.Devices ? 0 : 1;
    }

    public void DumpBrokerOutput()
    {
        foreach (MosquittoProcess? broker in new[] { _site, _cloud })
        {
            if (broker is not null && broker.Tail().Length > 0)
            {
                Console.Error.WriteLine($"mosquitto ({broker.Name}) output (last lines):");
                Console.Error.WriteLine(broker.Tail());
            }
        }
    }

    public void Dispose()
    {
        _fleet?.Dispose();
        _collector?.Dispose();
        KillBrokers();
        _site?.Dispose();
        _cloud?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private IReadOnlyList<int> SitePid() => _site?.Pid is > 0 and int pid ? [pid] : [];

    private void KillBrokers()
    {
        foreach (MosquittoProcess? broker in new[] { _site, _cloud })
        {
            try
            {
                broker?.Kill9();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    /// <summary>The same three disruptions O2O.Bench.Agent puts our agent through, in the same order.</summary>
    private async Task<LossResult[]> RunLossAsync()
    {
        Console.WriteLine($"phase 3: loss runs, {settings.LossSeconds} s each at 1 event/s per device");
        double disruptAt = settings.LossSeconds / 4.0;
        LossResult outage = await LossResult.RunAsync(_fleet!, _arrivals, "outage", $"cloud outage {settings.OutageSeconds} s", settings.LossSeconds, disruptAt, async () =>
        {
            _cloud!.Stop();
            await Task.Delay(TimeSpan.FromSeconds(settings.OutageSeconds));
            await _cloud.StartAsync();
        }, SettleTimeout);

        LossResult kill = await LossResult.RunAsync(_fleet!, _arrivals, "kill9", "kill -9 of the site broker, restarted at once", settings.LossSeconds, disruptAt, async () =>
        {
            _site!.Kill9();
            await _site.StartAsync();
            Console.WriteLine($"  site mosquitto killed and restarted as pid {_site.Pid}");
        }, SettleTimeout);
        // Both at once: the site broker dies while its bridge queue holds the outage's backlog. With the default
        // autosave_interval (1800 s) that queue was never written to disk.
        LossResult killInOutage = await LossResult.RunAsync(_fleet!, _arrivals, "kill9-outage", $"kill -9 of the site broker halfway through a {settings.OutageSeconds} s cloud outage", settings.LossSeconds, disruptAt, async () =>
        {
            _cloud!.Stop();
            await Task.Delay(TimeSpan.FromSeconds(settings.OutageSeconds / 2.0));
            _site!.Kill9();
            await _site.StartAsync();
            Console.WriteLine($"  site mosquitto killed and restarted as pid {_site.Pid}");
            await Task.Delay(TimeSpan.FromSeconds(settings.OutageSeconds / 2.0));
            await _cloud.StartAsync();
        }, SettleTimeout);
        Console.WriteLine($"  the cloud subscriber received {_collector!.Received} events over the whole run (duplicates included)");
        return [outage, kill, killInOutage];
    }

    /// <summary>The config as reported: the run's ports and temp folder, which mean nothing afterwards, as placeholders.</summary>
    private string Redact(string config) => config
        .Replace(_dir, "<temp>", StringComparison.Ordinal)
        .Replace(_site!.Port.ToString(CultureInfo.InvariantCulture), "<site port>", StringComparison.Ordinal)
        .Replace(_cloud!.Port.ToString(CultureInfo.InvariantCulture), "<cloud port>", StringComparison.Ordinal);

    private static string MosquittoVersion()
    {
        // "mosquitto version 2.0.11" is the first line of its help text.
        using Process? help = Process.Start(new ProcessStartInfo("mosquitto", "-h") { RedirectStandardOutput = true, UseShellExecute = false });
        string first = help?.StandardOutput.ReadLine() ?? "";
        help?.WaitForExit(5_000);
        return first.Replace("mosquitto version ", "", StringComparison.Ordinal).Trim();
    }
}
