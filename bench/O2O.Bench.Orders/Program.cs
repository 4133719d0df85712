using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using O2O.Bench.Fleet;
using O2O.Bench.Orders;
using O2O.CloudContract.Tokens;
using O2O.CloudSimulator;
using O2O.EdgeAgent;
using O2O.EdgeAgent.Gateway;
using O2O.EdgeAgent.Storage;
using O2O.Protocol;

// Unlock latency: the cloud pushes a signed grant for a paid order → the agent verifies it, records it, claims it
// over HTTP, commits the unlock to its outbox and sends it → the device receives the command. Measured from just
// before the cloud broker publishes the grant to the device's receive handler, so it includes both MQTT hops,
// the claim round trip and two SQLite commits (synchronous=FULL).
// Offline redemption latency: a device publishes token_presented with a 12-digit code → the agent journals the
// event, checks the code against its cache and the cached keys, spends the token and commits the unlock → the
// device receives the command.
// Both run one order at a time while --background devices publish 1 event/s each from a process of their own.
const string Usage = "usage: O2O.Bench.Orders [--orders 1000] [--redemptions 1000] [--background 1000] [--targets 10] [--warmup 100] [--out bench/results/orders.json]";
if (BenchOptions.Parse(args, () => Console.Error.WriteLine(Usage)) is not { } options)
{
    return 2;
}

if (options.Text("fleet-file") is { } fleetToRun)
{
    int fleetBrokerPort = options.Int("broker-port", 0, 1, 65535);
    return options.AllTaken() ? await BackgroundFleet.RunAsync(fleetToRun, fleetBrokerPort) : 2;
}

int orders = options.Int("orders", 1000, 1, 100_000), redemptions = options.Int("redemptions", 1000, 1, 100_000);
int background = options.Int("background", 1000, 0, 20_000), targets = options.Int("targets", 10, 1, 100);
// Orders and redemptions run first and not counted: a site's agent has run for days, so its code is long past the
// JIT's first tiers; a fresh process would otherwise put its compilation into the first measured latencies.
int warmup = options.Int("warmup", 100, 0, 10_000);
string output = options.Text("out") ?? "bench/results/orders.json";
if (!options.AllTaken())
{
    return 2;
}
const string site = "site-bench";
string dir = Directory.CreateTempSubdirectory("o2o-bench-orders-").FullName;
var cloudOptions = new CloudSimulatorOptions { HttpPort = O2O.LoopbackPorts.FreePort.Next(), MqttPort = O2O.LoopbackPorts.FreePort.Next(), MaxPoolRequest = 200 };
string siteSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
cloudOptions.SiteSecrets[site] = siteSecret;
var deviceIds = Enumerable.Range(0, targets).Select(i => $"cab-{i:D3}").Concat(Enumerable.Range(0, background).Select(i => $"bg-{i:D4}")).ToList();
var secrets = deviceIds.ToDictionary(d => d, _ => Convert.ToHexString(RandomNumberGenerator.GetBytes(12)));
foreach (string id in deviceIds)
{
    cloudOptions.Devices[id] = new CloudDevice(site, RandomNumberGenerator.GetBytes(32));
}

WebApplication cloud = CloudSimulatorApp.Create(cloudOptions, logging => logging.ClearProviders());
await cloud.StartAsync();
int brokerPort = O2O.LoopbackPorts.FreePort.Next();
string storePath = Path.Combine(dir, "agent.db");
int poolSize = Math.Min(200, ((redemptions + warmup) / targets) + 20);
var settings = new List<KeyValuePair<string, string>>
{
    new("O2O:SiteId", site), new("O2O:SiteSecret", siteSecret), new("O2O:BrokerAddress", "127.0.0.1"),
    new("O2O:BrokerPort", brokerPort.ToString(CultureInfo.InvariantCulture)), new("O2O:StorePath", storePath),
    new("O2O:CloudMqttHost", "127.0.0.1"), new("O2O:CloudMqttPort", cloudOptions.MqttPort.ToString(CultureInfo.InvariantCulture)),
    new("O2O:CloudHttpBaseUrl", $"http://127.0.0.1:{cloudOptions.HttpPort}/"), new("O2O:LocalApiUrl", ""),
    new("O2O:OfflinePoolSize", poolSize.ToString(CultureInfo.InvariantCulture)),
    new("O2O:OfflineMaxRedemptionsPerDevice", "100000"), new("O2O:OfflineMaxAmountPerDevice", "100000000"),
    new("Logging:LogLevel:Default", "Warning"),
};

// The agent runs as its own process, as on a site box: what is measured is the agent, not this load generator.
var agent = new AgentChildProcess(dir, settings, deviceIds.AsParallel().AsOrdered().Select(id => (id, DeviceSecretHash.Create(secrets[id], 1000))).ToList());
OnTermination.Run(agent.Kill);
agent.Start();
await WaitAsync(() => BrokerListening(brokerPort) || agent.Process.HasExited, TimeSpan.FromSeconds(60), "the agent's broker to listen");
if (agent.Process.HasExited)
{
    throw new InvalidOperationException("the agent exited at start:\n" + agent.Tail);
}

var devices = deviceIds.Take(targets).Select(id => new BenchDevice(id, secrets[id], brokerPort)).ToList();
await Task.WhenAll(devices.Select(d => d.ConnectAsync(subscribe: true)));
Process? fleet = null;
OnTermination.Run(() => fleet?.Kill(entireProcessTree: true));
if (background > 0)
{
    string fleetFile = BackgroundFleet.WriteFile(dir, deviceIds.Skip(targets).Select(id => new KeyValuePair<string, string>(id, secrets[id])));
    fleet = await BackgroundFleet.StartAsync(fleetFile, brokerPort, TimeSpan.FromSeconds(120));
}

Console.WriteLine($"{targets} target devices, {background} background devices at 1 event/s (own process), {orders} orders, {redemptions} redemptions");
var store = new StoreReader(storePath);
// Every device's pool, not only the targets': filling a thousand pools is minutes of signing at the cloud and of
// verifying at the agent, and measuring before it ends would measure that, not a site in its steady state.
var pools = Stopwatch.StartNew();
await WaitAsync(() => store.UnspentTokens() >= (long)poolSize * deviceIds.Count, TimeSpan.FromMinutes(10), "every offline pool to fill");
Console.WriteLine($"offline pools of {deviceIds.Count} devices ({poolSize} tokens each) filled in {pools.Elapsed.TotalSeconds:F1} s");
await Task.Delay(2000);

TokenSigner signer = cloud.Services.GetRequiredService<TokenSigner>();
CloudOrders cloudOrders = cloud.Services.GetRequiredService<CloudOrders>();
CloudBroker broker = cloud.Services.GetRequiredService<CloudBroker>();
var unlock = new List<double>();
for (int i = -warmup; i < orders; i++)
{
    BenchDevice device = devices[(i + warmup) % targets];
    CloudOrders.Order order = cloudOrders.CreateOrGet("bench-" + (i + warmup).ToString(CultureInfo.InvariantCulture), device.DeviceId, site, (i + warmup) % 4, 0, cloudOptions.PriceMinor);
    order.Status = O2O.CloudContract.OrderStatus.Paid;
    long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    byte[] grant = CloudBroker.GrantCommand("grant-" + order.OrderId, signer.Sign(new UnlockGrant(order.OrderId, site, device.DeviceId, order.Slot, now, now + 120).ToClaims()));
    long started = Stopwatch.GetTimestamp();
    await broker.SendToSiteAsync(site, grant);
    double ms = await ArrivalMsAsync(device, order.OrderId, started);
    if (i >= 0)
    {
        unlock.Add(ms);
    }
}

OfflineTokenBook book = cloud.Services.GetRequiredService<OfflineTokenBook>();
var redemption = new List<double>();
for (int i = -warmup; i < redemptions; i++)
{
    BenchDevice device = devices[(i + warmup) % targets];
    string tokenId = book.IssuedTo(device.DeviceId).First(id => store.IsUnspent(id) && !device.UnlockArrivals.ContainsKey(id));
    long started = Stopwatch.GetTimestamp();
    await device.PublishEventAsync(EventTypes.TokenPresented, slot: (i + warmup) % 4, token: book.Find(tokenId)!.Code);
    double ms = await ArrivalMsAsync(device, tokenId, started);
    if (i >= 0)
    {
        redemption.Add(ms);
    }
}

fleet?.Kill(entireProcessTree: true);
var result = new
{
    Machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}",
    Orders = orders, Redemptions = redemptions, Warmup = warmup, BackgroundDevices = background, TargetDevices = targets,
    Processes = "agent; background devices; cloud simulator and target devices",
    UnlockP50Ms = Percentile(unlock, 0.50), UnlockP99Ms = Percentile(unlock, 0.99), UnlockMaxMs = Percentile(unlock, 1.0),
    RedemptionP50Ms = Percentile(redemption, 0.50), RedemptionP99Ms = Percentile(redemption, 0.99), RedemptionMaxMs = Percentile(redemption, 1.0),
    EventsStored = store.EventCount(),
};
Console.WriteLine($"unlock latency (grant published → unlock at device): p50 {result.UnlockP50Ms} ms, p99 {result.UnlockP99Ms} ms, max {result.UnlockMaxMs} ms");
Console.WriteLine($"offline redemption latency (code presented → unlock at device): p50 {result.RedemptionP50Ms} ms, p99 {result.RedemptionP99Ms} ms, max {result.RedemptionMaxMs} ms");
Console.WriteLine($"background events stored meanwhile: {result.EventsStored}");
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllTextAsync(output, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }) + "\n");
Console.WriteLine("wrote " + output);

foreach (BenchDevice device in devices)
{
    device.Dispose();
}

agent.Kill();
await cloud.StopAsync();
await cloud.DisposeAsync();
Directory.Delete(dir, recursive: true);
return 0;

static async Task<double> ArrivalMsAsync(BenchDevice device, string orderId, long started)
{
    var deadline = Stopwatch.StartNew();
    long arrived;
    while (!device.UnlockArrivals.TryGetValue(orderId, out arrived))
    {
        if (deadline.Elapsed > TimeSpan.FromSeconds(30))
        {
            throw new TimeoutException($"no unlock for {orderId} at {device.DeviceId}");
        }

        await Task.Delay(1);
    }

    return Stopwatch.GetElapsedTime(started, arrived).TotalMilliseconds;
}

static async Task WaitAsync(Func<bool> condition, TimeSpan timeout, string what)
{
    var clock = Stopwatch.StartNew();
    while (!condition())
    {
        if (clock.Elapsed > timeout)
        {
            throw new TimeoutException($"timed out waiting for {what}");
        }

        await Task.Delay(100);
    }
}

static bool BrokerListening(int port)
{
    try
    {
        using var probe = new System.Net.Sockets.TcpClient();
        probe.Connect(System.Net.IPAddress.Loopback, port);
        return true;
    }
    catch (System.Net.Sockets.SocketException)
    {
        return false;
    }
}

static double Percentile(List<double> values, double p)
{
    double[] sorted = values.Order().ToArray();
    return sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)], 2);
}
