using O2O.Bench.Fleet;
using O2O.Bench.Peer;

// The peer run: what a plain MQTT broker with a bridge gives a site, under the load O2O.Bench.Agent puts on our agent.
// Site broker: mosquitto, persistence true and default autosave; bridged (QoS 1, cleansession false) to a second
// mosquitto standing in for the cloud broker, where a persistent-session subscriber records what arrives.
// Phase 1: saturated throughput (PUBACKs/s at the site broker) and publish-to-PUBACK latency.
// Phase 2: 1 event/s per device; CPU and RSS of the site broker, RSS of the cloud one.
// Phase 3: loss runs at 1 event/s per device: the cloud broker stopped for --outage-seconds; the site broker
// SIGKILLed and restarted. Events PUBACKed to a device that never reach the cloud subscriber are lost.
// Everything on 127.0.0.1; both brokers are killed on every exit path.
PeerSettings? settings = PeerSettings.Parse(args);
if (settings is null)
{
    return 2;
}

using var bench = new PeerBench(settings);
try
{
    return await bench.RunAsync();
}
catch (Exception e)
{
    Console.Error.WriteLine($"peer benchmark failed: {e.GetType().Name}: {e.Message}");
    bench.DumpBrokerOutput();
    return 1;
}

internal sealed record PeerSettings(int Devices, int Seconds, int WarmupSeconds, int SteadySeconds, int InFlight, int ConnectBatch, int OutageSeconds, int LossSeconds, string? OutPath)
{
    public static PeerSettings? Parse(string[] args)
    {
        if (BenchOptions.Parse(args, Usage) is not { } options)
        {
            return null;
        }

        // The defaults are O2O.Bench.Agent's, so that both see the same load.
        var parsed = new PeerSettings(
            Devices: options.Int("devices", 1000, 1, 20_000),
            Seconds: options.Int("seconds", 20, 1, 600),
            WarmupSeconds: options.Int("warmup", 3, 0, 60),
            SteadySeconds: options.Int("steady-seconds", 10, 3, 600),
            InFlight: options.Int("inflight", 1, 1, 16),
            ConnectBatch: options.Int("connect-batch", 50, 1, 1000),
            OutageSeconds: options.Int("outage-seconds", 10, 1, 600),
            LossSeconds: options.Int("loss-seconds", 20, 0, 600),
            OutPath: options.Text("out"));
        return options.AllTaken() ? parsed : null;
    }

    private static void Usage() => Console.Error.WriteLine(
        "usage: O2O.Bench.Peer [--devices 1000] [--seconds 20] [--warmup 3] [--steady-seconds 10] [--inflight 1] [--connect-batch 50] [--outage-seconds 10] [--loss-seconds 20 (0: skip the loss runs)] [--out path.json]");
}
