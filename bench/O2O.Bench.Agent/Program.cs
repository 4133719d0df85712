using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;
using O2O.CloudSimulator;
using O2O.EdgeAgent.Gateway;
using O2O.LoopbackPorts;
using O2O.Protocol;

// The edge agent under load, as it runs on a site box: its own process, a real SQLite file, the cloud simulator
// (in this process) to upload to. N devices connect over MQTT from this process and publish QoS 1 events; a PUBACK
// means the event is committed (group commit, synchronous=FULL), so acknowledged events/s is durable throughput.
// Phase 1: every device publishes as fast as it is acknowledged (up to --inflight unacknowledged each).
// Phase 2: 1 event/s per device, the steady load of a real fleet; the agent's RSS and CPU are read from /proc.
// Phase 3: the cloud goes away while devices publish at full speed, then comes back under the 1 event/s load:
// how fast the backlog drains, and the live devices' ack latency meanwhile (AgentBench.OutageDrain.cs).
// Everything listens on and connects to 127.0.0.1 only. Every wait is bounded; the agent is killed on every exit path.
var settings = BenchSettings.Parse(args);
if (settings is null)
{
    return 2;
}

using var bench = new AgentBench(settings);
try
{
    return await bench.RunAsync();
}
catch (Exception e)
{
    Console.Error.WriteLine($"benchmark failed: {e.GetType().Name}: {e.Message}");
    bench.DumpAgentOutput();
    return 1;
}

internal sealed record BenchSettings(int Devices, int Seconds, int WarmupSeconds, int SteadySeconds, int InFlight, int Iterations, int ConnectBatch, int OutageSeconds, int DrainSeconds, string? OutPath)
{
    public static BenchSettings? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                Console.Error.WriteLine($"unexpected argument '{args[i]}'");
                Usage();
                return null;
            }

            values[args[i][2..]] = args[++i];
        }

        int Int(string name, int fallback, int min, int max)
        {
            if (!values.Remove(name, out string? text))
            {
                return fallback;
            }

            int value = int.Parse(text, CultureInfo.InvariantCulture);
            if (value < min || value > max)
            {
                throw new ArgumentOutOfRangeException(name, value, $"--{name} must be in [{min}, {max}]");
            }

            return value;
        }

        var parsed = new BenchSettings(
            Devices: Int("devices", 1000, 1, 20_000),
            Seconds: Int("seconds", 20, 1, 600),
            WarmupSeconds: Int("warmup", 3, 0, 60),
            SteadySeconds: Int("steady-seconds", 10, 3, 600),
            InFlight: Int("inflight", 1, 1, 16),
            // DeviceSecretHash.Verify refuses fewer than 1000 iterations; production hashes use 20,000.
            Iterations: Int("iterations", 1000, 1000, 1_000_000),
            ConnectBatch: Int("connect-batch", 50, 1, 1000),
            OutageSeconds: Int("outage-seconds", 10, 0, 600),
            DrainSeconds: Int("drain-seconds", 30, 5, 600),
            OutPath: values.Remove("out", out string? outPath) ? outPath : null);
        if (values.Count > 0)
        {
            Console.Error.WriteLine($"unknown option(s): {string.Join(", ", values.Keys.Select(k => "--" + k))}");
            Usage();
            return null;
        }

        return parsed;
    }

    private static void Usage() => Console.Error.WriteLine(
        "usage: O2O.Bench.Agent [--devices 1000] [--seconds 20] [--warmup 3] [--steady-seconds 10] [--inflight 1] [--iterations 1000] [--connect-batch 50] [--outage-seconds 10 (0: skip phase 3)] [--drain-seconds 30] [--out path.json]");
}

internal sealed partial class AgentBench(BenchSettings settings) : IDisposable
{
    private const string SiteId = "site-bench";
    private const int ClockTicksPerSecond = 100; // USER_HZ, 100 on every Linux this runs on
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("o2o-bench-agent-").FullName;
    private readonly string _siteSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly List<Device> _devices = [];
    private readonly StringBuilder _agentOutput = new();
    private Process? _agent;
    private Microsoft.AspNetCore.Builder.WebApplication? _cloud;
    private CloudSimulatorOptions? _cloudOptions;
    private long _disconnects;

    public async Task<int> RunAsync()
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine("this benchmark reads /proc: Linux only");
            return 2;
        }

        Console.CancelKeyPress += (_, _) => KillAgent();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAgent();

        for (int i = 0; i < settings.Devices; i++)
        {
            _devices.Add(new Device(i, $"bench-{i:D5}", Convert.ToHexString(RandomNumberGenerator.GetBytes(12))));
        }

        // The cloud simulator, so the agent's uploader and cloud link have somewhere to go.
        var cloudOptions = new CloudSimulatorOptions { HttpPort = FreePort.Next(), MqttPort = FreePort.Next() };
        cloudOptions.SiteSecrets[SiteId] = _siteSecret;
        _cloudOptions = cloudOptions;
        _cloud = CloudSimulatorApp.Create(cloudOptions, logging => logging.ClearProviders());
        await _cloud.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));

        int brokerPort = FreePort.Next();
        var prep = Stopwatch.StartNew();
        _agent = StartAgent(brokerPort, cloudOptions);
        Console.WriteLine($"agent pid {_agent.Id}, {settings.Devices} device credentials hashed with {settings.Iterations} PBKDF2 iterations in {prep.Elapsed.TotalSeconds:F1} s");

        var connect = Stopwatch.StartNew();
        int connected = await ConnectAllAsync(brokerPort);
        connect.Stop();
        Console.WriteLine($"connected {connected}/{settings.Devices} devices in {connect.Elapsed.TotalSeconds:F1} s (batches of {settings.ConnectBatch})");
        if (connected == 0)
        {
            throw new InvalidOperationException("no device could connect");
        }

        long rssAfterConnect = ReadStatusKb(_agent.Id, "VmRSS:");

        // Phase 1: durable throughput.
        Console.WriteLine($"phase 1: {settings.WarmupSeconds} s warm-up + {settings.Seconds} s, each device up to {settings.InFlight} in flight");
        PhaseResult throughput = await RunThroughputAsync(settings.WarmupSeconds, settings.Seconds);
        long rssAfterThroughput = ReadStatusKb(_agent.Id, "VmRSS:");
        Console.WriteLine($"  {throughput.Acked} acked in {throughput.Seconds:F1} s = {throughput.Acked / throughput.Seconds:F0} events/s, p50 {throughput.P50:F1} ms, p99 {throughput.P99:F1} ms, failed {throughput.Failed}");

        // Phase 2: 1 event/s per device; the first 2 s settle (phase 1's backlog upload, JIT of timers), then measure.
        Console.WriteLine($"phase 2: 1 event/s per device for {settings.SteadySeconds} s (+2 s settle)");
        SteadyResult steady = await RunSteadyAsync(settleSeconds: 2, settings.SteadySeconds);
        Console.WriteLine($"  {steady.Phase.Acked} acked = {steady.Phase.Acked / steady.Phase.Seconds:F0} events/s, p50 {steady.Phase.P50:F1} ms, p99 {steady.Phase.P99:F1} ms; agent CPU {steady.AgentCpuPercent:F1} % of one core, RSS {steady.RssAvgKb / 1024.0:F0} MiB");

        // VmHWM is updated lazily by the kernel, so it can trail the last VmRSS sample.
        long peakRss = Math.Max(ReadStatusKb(_agent.Id, "VmHWM:"), (long)steady.RssMaxKb);
        int uploaded = _cloud.Services.GetRequiredService<TelemetryIngest>().Events.Count;
        DrainResult? drain = settings.OutageSeconds > 0 ? await RunOutageDrainAsync() : null;
        long disconnects = Interlocked.Read(ref _disconnects);
        int stillConnected = _devices.Count(d => d.Client?.IsConnected == true);
        await DisconnectAllAsync();

        var result = new BenchResult(
            Devices: settings.Devices,
            Connected: connected,
            StillConnectedAtEnd: stillConnected,
            Disconnects: disconnects,
            ConnectSeconds: Math.Round(connect.Elapsed.TotalSeconds, 2),
            Pbkdf2Iterations: settings.Iterations,
            InFlightPerDevice: settings.InFlight,
            ThroughputSeconds: Math.Round(throughput.Seconds, 2),
            ThroughputAcked: throughput.Acked,
            ThroughputEventsPerSecond: Math.Round(throughput.Acked / throughput.Seconds, 0),
            ThroughputP50Ms: Math.Round(throughput.P50, 2),
            ThroughputP99Ms: Math.Round(throughput.P99, 2),
            ThroughputFailed: throughput.Failed,
            ThroughputAgentCpuPercentOfOneCore: Math.Round(throughput.AgentCpuPercent, 1),
            ThroughputBenchCpuPercentOfOneCore: Math.Round(throughput.BenchCpuPercent, 1),
            SteadySeconds: Math.Round(steady.Phase.Seconds, 2),
            SteadyAcked: steady.Phase.Acked,
            SteadyEventsPerSecond: Math.Round(steady.Phase.Acked / steady.Phase.Seconds, 0),
            SteadyP50Ms: Math.Round(steady.Phase.P50, 2),
            SteadyP99Ms: Math.Round(steady.Phase.P99, 2),
            SteadyFailed: steady.Phase.Failed,
            SteadyMissedSlots: steady.MissedSlots,
            AgentCpuPercentOfOneCore: Math.Round(steady.AgentCpuPercent, 1),
            AgentRssAvgMiB: Math.Round(steady.RssAvgKb / 1024.0, 1),
            AgentRssMaxMiB: Math.Round(steady.RssMaxKb / 1024.0, 1),
            AgentRssAfterConnectMiB: Math.Round(rssAfterConnect / 1024.0, 1),
            AgentRssAfterThroughputMiB: Math.Round(rssAfterThroughput / 1024.0, 1),
            AgentPeakRssMiB: Math.Round(peakRss / 1024.0, 1),
            BenchCpuPercentOfOneCore: Math.Round(steady.BenchCpuPercent, 1),
            EventsUploadedToCloud: uploaded,
            OutageDrain: drain,
            Machine: MachineInfo.Read(),
            TimestampUtc: DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));

        string table = Report.Markdown(result);
        Console.WriteLine();
        Console.WriteLine(table);
        string outPath = settings.OutPath ?? Path.Combine(FindBenchFolder(), "results", $"agent-{settings.Devices}.json");
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
        lock (_agentOutput)
        {
            if (_agentOutput.Length > 0)
            {
                Console.Error.WriteLine("agent output (last lines):");
                Console.Error.WriteLine(_agentOutput.ToString());
            }
        }
    }

    public void Dispose()
    {
        KillAgent();
        foreach (Device device in _devices)
        {
            device.Client?.Dispose();
        }

        if (_cloud is not null)
        {
            try
            {
                _cloud.StopAsync().Wait(TimeSpan.FromSeconds(10));
                _cloud.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is AggregateException or ObjectDisposedException or OperationCanceledException)
            {
                // Shutting down anyway.
            }
        }

        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private void KillAgent()
    {
        Process? agent = _agent;
        if (agent is null)
        {
            return;
        }

        try
        {
            if (!agent.HasExited)
            {
                agent.Kill(entireProcessTree: true);
                agent.WaitForExit(10_000);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private Process StartAgent(int brokerPort, CloudSimulatorOptions cloud)
    {
        string agentDll = Path.Combine(AppContext.BaseDirectory, "O2O.EdgeAgent.dll");
        if (!File.Exists(agentDll))
        {
            throw new FileNotFoundException("the agent is not next to the benchmark", agentDll);
        }

        var config = new List<KeyValuePair<string, string>>
        {
            new("O2O:SiteId", SiteId),
            new("O2O:SiteSecret", _siteSecret),
            new("O2O:BrokerAddress", "127.0.0.1"),
            new("O2O:BrokerPort", brokerPort.ToString(CultureInfo.InvariantCulture)),
            new("O2O:StorePath", Path.Combine(_dir, "agent.db")),
            new("O2O:CloudMqttHost", "127.0.0.1"),
            new("O2O:CloudMqttPort", cloud.MqttPort.ToString(CultureInfo.InvariantCulture)),
            new("O2O:CloudHttpBaseUrl", $"http://127.0.0.1:{cloud.HttpPort}/"),
            new("O2O:LocalApiUrl", ""),
            new("Logging:LogLevel:Default", "Warning"),
        };
        if (settings.InFlight > 1)
        {
            // Several events in flight per device can reach the broker out of sequence order; the gap warnings are expected.
            config.Add(new("Logging:LogLevel:O2O.EdgeAgent.Gateway.DeviceMessageRouter", "Error"));
        }

        // The hashes go in a JSON file the agent reads as its appsettings.json (its content root is the temp folder):
        // a thousand devices on the command line would be a ~300 kB argv. Everything else is on the command line.
        var devices = _devices.AsParallel().AsOrdered().Select(d => new { d.Id, SecretHash = DeviceSecretHash.Create(d.Secret, settings.Iterations) }).ToList();
        File.WriteAllText(Path.Combine(_dir, "appsettings.json"), JsonSerializer.Serialize(new { O2O = new { Devices = devices } }));

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _dir,
        };
        start.ArgumentList.Add(agentDll);
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(_dir);
        foreach ((string key, string value) in config)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start the agent");
        // Drain both pipes so the agent never blocks on a full one; keep the tail for error reports.
        process.OutputDataReceived += (_, e) => KeepTail(e.Data);
        process.ErrorDataReceived += (_, e) => KeepTail(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void KeepTail(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_agentOutput)
        {
            _agentOutput.AppendLine(line.Length > 500 ? line[..500] : line);
            if (_agentOutput.Length > 8000)
            {
                _agentOutput.Remove(0, _agentOutput.Length - 6000);
            }
        }
    }

    private async Task<int> ConnectAllAsync(int brokerPort)
    {
        // The first device waits for the agent's broker to listen (the agent is still starting), bounded by 60 s.
        var deadline = Stopwatch.StartNew();
        while (!await TryConnectAsync(_devices[0], brokerPort))
        {
            if (_agent!.HasExited)
            {
                throw new InvalidOperationException($"the agent exited at start (code {_agent.ExitCode})");
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException("the agent's broker did not accept a device within 60 s");
            }

            await Task.Delay(200);
        }

        // Then the rest, a batch at a time, so the broker sees no thousand-connection storm.
        for (int i = 1; i < _devices.Count; i += settings.ConnectBatch)
        {
            Device[] batch = _devices.Skip(i).Take(settings.ConnectBatch).ToArray();
            await Task.WhenAll(batch.Select(async d =>
            {
                for (int attempt = 0; attempt < 3 && !await TryConnectAsync(d, brokerPort); attempt++)
                {
                    await Task.Delay(500);
                }
            }));
        }

        int connected = _devices.Count(d => d.Client?.IsConnected == true);
        if (connected < _devices.Count)
        {
            Console.Error.WriteLine($"warning: {_devices.Count - connected} devices failed to connect; they sit out the run");
        }

        // From here on, a disconnect is a failure of the steady state: counted, never reconnected.
        Interlocked.Exchange(ref _disconnects, 0);
        return connected;
    }

    private async Task<bool> TryConnectAsync(Device device, int brokerPort)
    {
        device.Client?.Dispose();
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        device.Client = client;
        MqttClientOptions options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", brokerPort)
            .WithClientId(device.Id)
            .WithCredentials(device.Id, device.Secret)
            .WithCleanSession()
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(60))
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            MqttClientConnectResult result = await client.ConnectAsync(options, timeout.Token);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                return false;
            }

            client.DisconnectedAsync += _ =>
            {
                Interlocked.Increment(ref _disconnects);
                return Task.CompletedTask;
            };
            return true;
        }
        catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException or SocketException or InvalidOperationException)
        {
            return false;
        }
    }

    private async Task DisconnectAllAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Task.WhenAll(_devices.Where(d => d.Client?.IsConnected == true).Select(async d =>
        {
            try
            {
                await d.Client!.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token);
            }
            catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException or InvalidOperationException)
            {
                // The agent is killed next anyway.
            }
        }));
    }

    private async Task<PhaseResult> RunThroughputAsync(int warmupSeconds, int seconds)
    {
        var clock = Stopwatch.StartNew();
        long measureFrom = Stopwatch.Frequency * warmupSeconds;
        long measureTo = measureFrom + (Stopwatch.Frequency * seconds);
        Device[] live = _devices.Where(d => d.Client?.IsConnected == true).ToArray();
        var recorders = live.SelectMany(d => Enumerable.Range(0, settings.InFlight).Select(_ => new Recorder(d))).ToArray();

        // Each recorder is one outstanding publish of its device: publish, await the PUBACK, publish the next.
        Task load = Task.WhenAll(recorders.Select(r => Task.Run(async () =>
        {
            while (clock.ElapsedTicks < measureTo && r.Device.Client!.IsConnected)
            {
                long started = clock.ElapsedTicks;
                bool ok = await PublishAsync(r.Device);
                long finished = clock.ElapsedTicks;
                if (started >= measureFrom && finished <= measureTo)
                {
                    r.Record(ok, finished - started);
                }
                else if (!ok)
                {
                    r.Failed++;
                }

                if (!ok)
                {
                    await Task.Delay(100);
                }
            }
        })));

        // CPU of the agent and of this process over the measured window: on a small box they share the cores.
        int pid = _agent!.Id;
        await WaitUntilAsync(clock, measureFrom);
        long agentTicks0 = ReadCpuTicks(pid);
        TimeSpan benchCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        long wall0 = clock.ElapsedTicks;
        await WaitUntilAsync(clock, measureTo);
        long agentTicks1 = ReadCpuTicks(pid);
        TimeSpan benchCpu1 = Process.GetCurrentProcess().TotalProcessorTime;
        double wall = (double)(clock.ElapsedTicks - wall0) / Stopwatch.Frequency;
        await load.WaitAsync(PublishTimeout + TimeSpan.FromSeconds(10));

        return PhaseResult.From(recorders, seconds) with
        {
            AgentCpuPercent = 100.0 * (agentTicks1 - agentTicks0) / ClockTicksPerSecond / wall,
            BenchCpuPercent = 100.0 * (benchCpu1 - benchCpu0).TotalSeconds / wall,
        };
    }

    private async Task<SteadyResult> RunSteadyAsync(int settleSeconds, int seconds)
    {
        var clock = Stopwatch.StartNew();
        long measureFrom = Stopwatch.Frequency * settleSeconds;
        long measureTo = measureFrom + (Stopwatch.Frequency * seconds);
        Device[] live = _devices.Where(d => d.Client?.IsConnected == true).ToArray();
        var recorders = live.Select(d => new Recorder(d)).ToArray();
        long missedSlots = 0;

        // Device i publishes at i/N s past each whole second, so the fleet's load is spread evenly over the second.
        Task load = Task.WhenAll(recorders.Select((r, i) => Task.Run(async () =>
        {
            long offset = Stopwatch.Frequency * i / recorders.Length;
            for (long slot = 0; ; slot++)
            {
                long due = (Stopwatch.Frequency / 10) + offset + (slot * Stopwatch.Frequency);
                if (due >= measureTo)
                {
                    return;
                }

                long wait = due - clock.ElapsedTicks;
                if (wait < 0)
                {
                    // The previous publish took more than a second: this slot is lost, as on a device that blocks.
                    if (due >= measureFrom)
                    {
                        Interlocked.Increment(ref missedSlots);
                    }

                    continue;
                }

                await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
                if (!r.Device.Client!.IsConnected)
                {
                    return;
                }

                long started = clock.ElapsedTicks;
                bool ok = await PublishAsync(r.Device);
                if (started >= measureFrom)
                {
                    r.Record(ok, clock.ElapsedTicks - started);
                }
            }
        })));

        // Sample the agent from /proc while the load runs: CPU over the measured window, RSS once a second.
        // Per-process times are exact (scheduler runtime); the host-wide /proc/stat is not used: on tickless VMs
        // (this was written on a Firecracker guest) its idle and busy ticks go missing when the CPUs are mostly idle.
        int pid = _agent!.Id;
        await WaitUntilAsync(clock, measureFrom);
        long agentTicks0 = ReadCpuTicks(pid);
        TimeSpan benchCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        long wall0 = clock.ElapsedTicks;
        var rss = new List<long>();
        while (clock.ElapsedTicks < measureTo)
        {
            rss.Add(ReadStatusKb(pid, "VmRSS:"));
            await WaitUntilAsync(clock, Math.Min(measureTo, clock.ElapsedTicks + Stopwatch.Frequency));
        }

        long agentTicks1 = ReadCpuTicks(pid);
        TimeSpan benchCpu1 = Process.GetCurrentProcess().TotalProcessorTime;
        double wall = (double)(clock.ElapsedTicks - wall0) / Stopwatch.Frequency;
        rss.Add(ReadStatusKb(pid, "VmRSS:"));

        await load.WaitAsync(PublishTimeout + TimeSpan.FromSeconds(10));
        return new SteadyResult(
            PhaseResult.From(recorders, seconds),
            AgentCpuPercent: 100.0 * (agentTicks1 - agentTicks0) / ClockTicksPerSecond / wall,
            BenchCpuPercent: 100.0 * (benchCpu1 - benchCpu0).TotalSeconds / wall,
            RssAvgKb: rss.Average(),
            RssMaxKb: rss.Max(),
            MissedSlots: Interlocked.Read(ref missedSlots));
    }

    private static async Task WaitUntilAsync(Stopwatch clock, long ticks)
    {
        long wait = ticks - clock.ElapsedTicks;
        if (wait > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
        }
    }

    private static async Task<bool> PublishAsync(Device device)
    {
        long seq = Interlocked.Increment(ref device.Sequence);
        // Every tenth event a sale, the rest heartbeats: the mix of a busy machine.
        string json = string.Create(CultureInfo.InvariantCulture, $"{{\"v\":1,\"boot\":\"b1\",\"seq\":{seq},\"ts\":{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()},\"type\":\"{(seq % 10 == 0 ? "dispensed" : "heartbeat")}\"}}");
        MqttApplicationMessage message = new MqttApplicationMessageBuilder()
            .WithTopic(device.Topic)
            .WithPayload(Encoding.UTF8.GetBytes(json))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        try
        {
            using var timeout = new CancellationTokenSource(PublishTimeout);
            MqttClientPublishResult result = await device.Client!.PublishAsync(message, timeout.Token);
            if (result.IsSuccess)
            {
                // With several publishes in flight per device, acks can come back out of order: keep the highest.
                long seen;
                while ((seen = Volatile.Read(ref device.LastAckedSequence)) < seq
                    && Interlocked.CompareExchange(ref device.LastAckedSequence, seq, seen) != seen)
                {
                }
            }

            return result.IsSuccess;
        }
        catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            return false;
        }
    }

    private static long ReadCpuTicks(int pid)
    {
        // /proc/<pid>/stat: fields after the ')' of the command name; utime and stime are fields 14 and 15.
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static long ReadStatusKb(int pid, string field)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // The process is gone.
        }

        return 0;
    }


    private static string FindBenchFolder()
    {
        // bench/ of the repository this binary was built from (the output is under bench/O2O.Bench.Agent/bin/...).
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (dir.Name == "bench" && File.Exists(Path.Combine(dir.Parent?.FullName ?? "", "Directory.Packages.props")))
            {
                return dir.FullName;
            }
        }

        return Path.Combine(Directory.GetCurrentDirectory(), "bench");
    }
}

internal sealed class Device(int index, string id, string secret)
{
    public long Sequence;

    public long LastAckedSequence;

    public int Index { get; } = index;

    public string Id { get; } = id;

    public string Secret { get; } = secret;

    public string Topic { get; } = Topics.Events(id);

    public IMqttClient? Client { get; set; }
}

/// <summary>Latencies and counts of one publishing loop; read only after the loop ended.</summary>
internal sealed class Recorder(Device device)
{
    public Device Device { get; } = device;

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

internal sealed record PhaseResult(long Acked, long Failed, double Seconds, double P50, double P99)
{
    public double AgentCpuPercent { get; init; }

    public double BenchCpuPercent { get; init; }

    public static PhaseResult From(IReadOnlyList<Recorder> recorders, double seconds)
    {
        float[] all = recorders.SelectMany(r => r.LatenciesMs).ToArray();
        Array.Sort(all);
        double Percentile(double p) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)];
        return new PhaseResult(all.Length, recorders.Sum(r => r.Failed), seconds, Percentile(0.50), Percentile(0.99));
    }
}

internal sealed record SteadyResult(PhaseResult Phase, double AgentCpuPercent, double BenchCpuPercent, double RssAvgKb, double RssMaxKb, long MissedSlots);

internal sealed record MachineInfo(int Nproc, long MemoryMiB, string Os, string Kernel, string Runtime, string Cpu)
{
    public static MachineInfo Read()
    {
        string os = RuntimeInformation.OSDescription;
        try
        {
            string? pretty = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
            if (pretty is not null)
            {
                os = pretty["PRETTY_NAME=".Length..].Trim('"');
            }
        }
        catch (IOException)
        {
            // Keep the runtime's description.
        }

        string cpu = "";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "";
        }
        catch (IOException)
        {
            // Unknown CPU.
        }

        long memKb = 0;
        string? memLine = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        if (memLine is not null)
        {
            memKb = long.Parse(memLine["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }

        string kernel = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : "";
        return new MachineInfo(Environment.ProcessorCount, memKb / 1024, os, kernel, RuntimeInformation.FrameworkDescription, cpu);
    }
}

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
    int EventsUploadedToCloud,
    DrainResult? OutageDrain,
    MachineInfo Machine,
    string TimestampUtc);

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
        sb.AppendLine(CultureInfo.InvariantCulture, $"| events uploaded to the cloud simulator by the end of phase 2 | {r.EventsUploadedToCloud} |");
        if (r.OutageDrain is { } d)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| phase 3: backlog built in a {d.OutageSeconds} s cloud outage (events acknowledged, full speed) | {d.BacklogEvents} |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| phase 3: cloud back → first upload / → backlog drained | {F(d.ReconnectSeconds, "F2")} s / {(d.Drained ? F(d.DrainedAfterSeconds, "F2") + " s" : "not drained within " + d.DrainWindowSeconds + " s")} |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| phase 3: drain rate (backlog / (drained − first upload)) | {F(d.DrainEventsPerSecond, "F0")} events/s |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| phase 3: live 1 event/s per device over the {d.DrainWindowSeconds} s window from the cloud's return: acked, p50 / p99, failed / missed slots | {d.LiveAcked}, {F(d.LiveP50Ms)} ms / {F(d.LiveP99Ms)} ms, {d.LiveFailed} / {d.LiveMissedSlots} |");
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"| device credential hashes | PBKDF2-SHA256, {r.Pbkdf2Iterations} iterations (production: {DeviceSecretHash.DefaultIterations}) |");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {r.Machine.Nproc} CPUs ({r.Machine.Cpu}), {r.Machine.MemoryMiB} MiB, {r.Machine.Os}, kernel {r.Machine.Kernel}, {r.Machine.Runtime}");
        return sb.ToString();
    }
}
