using O2O.Bench.Fleet;

// The edge agent under load, as it runs on a site box: its own process, a real SQLite file, the cloud simulator
// (in this process) to upload to. N devices connect over MQTT from this process and publish QoS 1 events; a PUBACK
// means the event is committed (group commit, synchronous=FULL), so acknowledged events/s is durable throughput.
// Phase 1: every device publishes as fast as it is acknowledged (up to --inflight unacknowledged each).
// Phase 2: 1 event/s per device, the steady load of a real fleet; the agent's RSS and CPU are read from /proc.
// Phase 3: the cloud goes away while devices publish at full speed, then comes back under the 1 event/s load:
// how fast the backlog drains, and the live devices' ack latency meanwhile (AgentBench.OutageDrain.cs).
// Phase 4: loss runs at 1 event/s per device: a cloud outage, then kill -9 of the agent and its restart on the same
// store; every event the agent acknowledged must reach the cloud simulator (AgentBench.Loss.cs).
// The devices, their load and the /proc readers are O2O.Bench.Fleet's, shared with O2O.Bench.Peer.
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

internal sealed record BenchSettings(int Devices, int Seconds, int WarmupSeconds, int SteadySeconds, int InFlight, int Iterations, int ConnectBatch, int OutageSeconds, int DrainSeconds, int LossSeconds, string? OutPath)
{
    public static BenchSettings? Parse(string[] args)
    {
        if (BenchOptions.Parse(args, Usage) is not { } options)
        {
            return null;
        }

        var parsed = new BenchSettings(
            Devices: options.Int("devices", 1000, 1, 20_000),
            Seconds: options.Int("seconds", 20, 1, 600),
            WarmupSeconds: options.Int("warmup", 3, 0, 60),
            SteadySeconds: options.Int("steady-seconds", 10, 3, 600),
            InFlight: options.Int("inflight", 1, 1, 16),
            // DeviceSecretHash.Verify refuses fewer than 1000 iterations; production hashes use 20,000.
            Iterations: options.Int("iterations", 1000, 1000, 1_000_000),
            ConnectBatch: options.Int("connect-batch", 50, 1, 1000),
            OutageSeconds: options.Int("outage-seconds", 10, 0, 600),
            DrainSeconds: options.Int("drain-seconds", 30, 5, 600),
            LossSeconds: options.Int("loss-seconds", 20, 0, 600),
            OutPath: options.Text("out"));
        return options.AllTaken() ? parsed : null;
    }

    private static void Usage() => Console.Error.WriteLine(
        "usage: O2O.Bench.Agent [--devices 1000] [--seconds 20] [--warmup 3] [--steady-seconds 10] [--inflight 1] [--iterations 1000] [--connect-batch 50] [--outage-seconds 10 (0: skip phase 3)] [--drain-seconds 30] [--loss-seconds 20 (0: skip phase 4)] [--out path.json]");
}

