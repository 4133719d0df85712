using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using O2O.Bench.Fleet;
using O2O.CloudSimulator;
using O2O.EdgeAgent.Gateway;
using O2O.LoopbackPorts;
using O2O.Protocol;

/// <summary>Runs the phases against one agent process; owns that process, the in-process cloud simulator and the fleet.</summary>
internal sealed partial class AgentBench(BenchSettings settings) : IDisposable
{
    private const string SiteId = "site-bench";
    private readonly string _dir = Directory.CreateTempSubdirectory("o2o-bench-agent-").FullName;
    private readonly string _siteSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly ArrivalLedger _arrivals = new();
    private AgentChildProcess? _child;
    private Process? _agent;
    private Microsoft.AspNetCore.Builder.WebApplication? _cloud;
    private CloudSimulatorOptions? _cloudOptions;
    private DeviceFleet? _fleet;
    private int _brokerPort;

    private string StorePath => Path.Combine(_dir, "agent.db");

    public async Task<int> RunAsync()
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine("this benchmark reads /proc: Linux only");
            return 2;
        }

        OnTermination.Run(KillAgent);

        // The cloud simulator, so the agent's uploader and cloud link have somewhere to go.
        _cloudOptions = new CloudSimulatorOptions { HttpPort = FreePort.Next(), MqttPort = FreePort.Next() };
        _cloudOptions.SiteSecrets[SiteId] = _siteSecret;
        await StartCloudAsync();

        var devices = DeviceFleet.Create(settings.Devices, withSecrets: true, Topics.Events);
        _brokerPort = FreePort.Next();
        _fleet = new DeviceFleet(devices, _brokerPort, settings.ConnectBatch);
        var prep = Stopwatch.StartNew();
        _child = new AgentChildProcess(_dir, AgentSettings(), DeviceHashes(devices));
        _agent = StartAgent();
        Console.WriteLine($"agent pid {_agent.Id}, {settings.Devices} device credentials hashed with {settings.Iterations} PBKDF2 iterations in {prep.Elapsed.TotalSeconds:F1} s");

        var connect = Stopwatch.StartNew();
        int connected = await _fleet.ConnectAllAsync(() => _agent.HasExited, TimeSpan.FromSeconds(60));
        connect.Stop();
        Console.WriteLine($"connected {connected}/{settings.Devices} devices in {connect.Elapsed.TotalSeconds:F1} s (batches of {settings.ConnectBatch})");
        if (connected == 0)
        {
            throw new InvalidOperationException("no device could connect");
        }

        long rssAfterConnect = ProcFs.RssKb(_agent.Id);

        // Phase 1: durable throughput, and the store's growth per acknowledged event.
        Console.WriteLine($"phase 1: {settings.WarmupSeconds} s warm-up + {settings.Seconds} s, each device up to {settings.InFlight} in flight");
        long ackedBefore = devices.Sum(d => Volatile.Read(ref d.LastAckedSequence));
        long storeBefore = StoreBytes();
        _fleet.ClearAcked();
        _fleet.TrackAcks = true;
        PhaseResult throughput = await _fleet.RunSaturatedAsync(settings.WarmupSeconds, settings.Seconds, settings.InFlight, AgentPid);
        long storeGrowth = StoreBytes() - storeBefore;
        long ackedInPhase1 = devices.Sum(d => Volatile.Read(ref d.LastAckedSequence)) - ackedBefore;
        long rssAfterThroughput = ProcFs.RssKb(_agent.Id);
        Console.WriteLine($"  {throughput.Acked} acked in {throughput.Seconds:F1} s = {throughput.EventsPerSecond:F0} events/s, p50 {throughput.P50:F1} ms, p99 {throughput.P99:F1} ms, failed {throughput.Failed}; store +{storeGrowth / 1024.0 / 1024.0:F1} MiB for {ackedInPhase1} events");
        // Did every event acknowledged at full speed reach the cloud? (mosquitto's bridge drops past its queue limit.)
        LossResult saturatedLoss = await LossResult.CountAsync(_fleet, _arrivals, "saturated", "no fault, phase 1's saturated load", settings.WarmupSeconds + settings.Seconds, throughput.Failed, _fleet.Disconnects, SettleTimeout);

        // Phase 2: 1 event/s per device; the first 2 s settle (phase 1's backlog upload, JIT of timers), then measure.
        Console.WriteLine($"phase 2: 1 event/s per device for {settings.SteadySeconds} s (+2 s settle)");
        PhaseResult steady = await _fleet.RunPacedAsync(settleSeconds: 2, settings.SteadySeconds, AgentPid);
        Console.WriteLine($"  {steady.Acked} acked = {steady.EventsPerSecond:F0} events/s, p50 {steady.P50:F1} ms, p99 {steady.P99:F1} ms; agent CPU {steady.SampledCpuPercent:F1} % of one core, RSS {steady.RssAvgKb / 1024.0:F0} MiB");

        long peakRss = Math.Max(ProcFs.PeakRssKb(_agent.Id), (long)steady.RssMaxKb);
        int uploaded = _cloud!.Services.GetRequiredService<TelemetryIngest>().Events.Count;
        DrainResult? drain = settings.OutageSeconds > 0 ? await RunOutageDrainAsync() : null;
        long disconnects = _fleet.Disconnects;
        int stillConnected = _fleet.ConnectedCount;
        LossResult[] losses = [saturatedLoss, .. settings.LossSeconds > 0 ? await RunLossAsync() : []];
        await _fleet.DisconnectAllAsync();

        var result = BenchResult.From(settings, connected, stillConnected, disconnects, connect.Elapsed, throughput, steady,
            rssAfterConnect, rssAfterThroughput, peakRss, storeGrowth, ackedInPhase1, uploaded, drain, losses);
        string table = Report.Markdown(result);
        Console.WriteLine();
        Console.WriteLine(table);
        string outPath = settings.OutPath ?? Path.Combine(BenchPaths.BenchFolder(), "results", $"agent-{settings.Devices}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
        await File.WriteAllTextAsync(outPath, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Console.WriteLine($"written {Path.GetFullPath(outPath)}");

        if (_agent.HasExited)
        {
            throw new InvalidOperationException($"the agent exited during the run (code {_agent.ExitCode})");
        }

        return connected == settings.Devices ? 0 : 1;
    }

    public void DumpAgentOutput()
    {
        if (_child?.Tail is { Length: > 0 } tail)
        {
            Console.Error.WriteLine("agent output (last lines):");
            Console.Error.WriteLine(tail);
        }
    }

    public void Dispose()
    {
        KillAgent();
        _fleet?.Dispose();
        StopCloud();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private IReadOnlyList<int> AgentPid() => _agent is { HasExited: false } agent ? [agent.Id] : [];

    /// <summary>The SQLite file and its write-ahead log: what the agent's events cost on disk.</summary>
    private long StoreBytes() => new[] { StorePath, StorePath + "-wal" }.Where(File.Exists).Sum(p => new FileInfo(p).Length);

    /// <summary>
    /// A cloud simulator on the fixed ports; every event it ingests goes in the ledger the loss runs read, and to
    /// <paramref name="alsoOnEvent"/>, hooked before it listens so that no upload slips past.
    /// </summary>
    private async Task StartCloudAsync(Action<DeviceEvent>? alsoOnEvent = null)
    {
        _cloud = CloudSimulatorApp.Create(_cloudOptions!, logging => logging.ClearProviders());
        TelemetryIngest ingest = _cloud.Services.GetRequiredService<TelemetryIngest>();
        ingest.EventReceived += evt =>
        {
            if (evt.DeviceId is not null)
            {
                _arrivals.Record(evt.DeviceId, evt.Sequence);
            }
        };
        if (alsoOnEvent is not null)
        {
            ingest.EventReceived += alsoOnEvent;
        }

        await _cloud.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    private void StopCloud()
    {
        Microsoft.AspNetCore.Builder.WebApplication? cloud = Interlocked.Exchange(ref _cloud, null);
        if (cloud is null)
        {
            return;
        }

        try
        {
            cloud.StopAsync().Wait(TimeSpan.FromSeconds(30));
            cloud.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is AggregateException or ObjectDisposedException or OperationCanceledException)
        {
            // Stopping anyway.
        }
    }

    private void KillAgent() => _child?.Kill();

    private Process StartAgent() => _child!.Start();

    // Hashed once and reused when the agent restarts; a thousand PBKDF2 hashes take a while, so in parallel.
    private List<(string Id, string SecretHash)> DeviceHashes(IReadOnlyList<FleetDevice> devices) =>
        devices.AsParallel().AsOrdered().Select(d => (d.Id, DeviceSecretHash.Create(d.Secret!, settings.Iterations))).ToList();

    private List<KeyValuePair<string, string>> AgentSettings()
    {
        var config = new List<KeyValuePair<string, string>>
        {
            new("O2O:SiteId", SiteId),
            new("O2O:SiteSecret", _siteSecret),
            new("O2O:BrokerAddress", "127.0.0.1"),
            new("O2O:BrokerPort", _brokerPort.ToString(CultureInfo.InvariantCulture)),
            new("O2O:StorePath", StorePath),
            new("O2O:CloudMqttHost", "127.0.0.1"),
            new("O2O:CloudMqttPort", _cloudOptions!.MqttPort.ToString(CultureInfo.InvariantCulture)),
            new("O2O:CloudHttpBaseUrl", $"http://127.0.0.1:{_cloudOptions.HttpPort}/"),
            new("O2O:LocalApiUrl", ""),
            new("Logging:LogLevel:Default", "Warning"),
        };
        if (settings.InFlight > 1)
        {
            // Several events in flight per device can reach the broker out of sequence order; the gap warnings are expected.
            config.Add(new("Logging:LogLevel:O2O.EdgeAgent.Gateway.DeviceMessageRouter", "Error"));
        }

        return config;
    }
}
