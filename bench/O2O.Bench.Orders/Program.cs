using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
// Both run one order at a time while --background devices publish 1 event/s each, all in this process.
int orders = Arg("--orders", 300), redemptions = Arg("--redemptions", 300), background = Arg("--background", 1000), targets = Arg("--targets", 10);
string output = ArgText("--out", "bench/results/orders.json");
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
var settings = new Dictionary<string, string?>
{
    ["O2O:SiteId"] = site, ["O2O:SiteSecret"] = siteSecret, ["O2O:BrokerPort"] = brokerPort.ToString(CultureInfo.InvariantCulture),
    ["O2O:StorePath"] = Path.Combine(dir, "agent.db"), ["O2O:CloudMqttPort"] = cloudOptions.MqttPort.ToString(CultureInfo.InvariantCulture),
    ["O2O:CloudHttpBaseUrl"] = $"http://127.0.0.1:{cloudOptions.HttpPort}/", ["O2O:LocalApiUrl"] = "",
    ["O2O:OfflinePoolSize"] = Math.Min(200, (redemptions / targets) + 20).ToString(CultureInfo.InvariantCulture),
    ["O2O:OfflineMaxRedemptionsPerDevice"] = "100000", ["O2O:OfflineMaxAmountPerDevice"] = "100000000", ["O2O:OfflineSyncIntervalMilliseconds"] = "1000",
};
for (int i = 0; i < deviceIds.Count; i++)
{
    settings[$"O2O:Devices:{i}:Id"] = deviceIds[i];
    settings[$"O2O:Devices:{i}:SecretHash"] = DeviceSecretHash.Create(secrets[deviceIds[i]], 1000);
}

IHost agent = EdgeAgentHost.Create(settings, dir, logging => logging.ClearProviders());
await agent.StartAsync();
var devices = deviceIds.Select(id => new BenchDevice(id, secrets[id], brokerPort)).ToList();
foreach (BenchDevice[] batch in devices.Chunk(50))
{
    await Task.WhenAll(batch.Select(d => d.ConnectAsync(subscribe: d.DeviceId.StartsWith("cab-", StringComparison.Ordinal))));
}

Console.WriteLine($"{targets} target devices, {background} background devices at 1 event/s, {orders} orders, {redemptions} redemptions");
using var stopLoad = new CancellationTokenSource();
Task load = BackgroundLoadAsync(devices.Where(d => d.DeviceId.StartsWith("bg-", StringComparison.Ordinal)).ToList(), stopLoad.Token);
AgentStore store = agent.Services.GetRequiredService<AgentStore>();
await WaitAsync(() => devices.Take(targets).All(d => store.CountUsableTokens(d.DeviceId, 0) >= redemptions / targets + 1), TimeSpan.FromSeconds(60));
await Task.Delay(2000);

TokenSigner signer = cloud.Services.GetRequiredService<TokenSigner>();
CloudOrders cloudOrders = cloud.Services.GetRequiredService<CloudOrders>();
CloudBroker broker = cloud.Services.GetRequiredService<CloudBroker>();
var unlock = new List<double>();
for (int i = 0; i < orders; i++)
{
    BenchDevice device = devices[i % targets];
    CloudOrders.Order order = cloudOrders.CreateOrGet("bench-" + i.ToString(CultureInfo.InvariantCulture), device.DeviceId, site, i % 4, 0, cloudOptions.PriceMinor);
    order.Status = O2O.CloudContract.OrderStatus.Paid;
    long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    byte[] grant = CloudBroker.GrantCommand("grant-" + order.OrderId, signer.Sign(new UnlockGrant(order.OrderId, site, device.DeviceId, order.Slot, now, now + 120).ToClaims()));
    long started = Stopwatch.GetTimestamp();
    await broker.SendToSiteAsync(site, grant);
    unlock.Add(await ArrivalMsAsync(device, order.OrderId, started));
}

OfflineTokenBook book = cloud.Services.GetRequiredService<OfflineTokenBook>();
var redemption = new List<double>();
for (int i = 0; i < redemptions; i++)
{
    BenchDevice device = devices[i % targets];
    string tokenId = book.IssuedTo(device.DeviceId).First(id => store.FindOfflineToken(id) is { Spent: false } && !device.UnlockArrivals.ContainsKey(id));
    long started = Stopwatch.GetTimestamp();
    await device.PublishEventAsync(EventTypes.TokenPresented, slot: i % 4, token: book.Find(tokenId)!.Code);
    redemption.Add(await ArrivalMsAsync(device, tokenId, started));
}

await stopLoad.CancelAsync();
await load;
var result = new
{
    Machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}",
    Orders = orders, Redemptions = redemptions, BackgroundDevices = background, TargetDevices = targets,
    UnlockP50Ms = Percentile(unlock, 0.50), UnlockP99Ms = Percentile(unlock, 0.99), UnlockMaxMs = Percentile(unlock, 1.0),
    RedemptionP50Ms = Percentile(redemption, 0.50), RedemptionP99Ms = Percentile(redemption, 0.99), RedemptionMaxMs = Percentile(redemption, 1.0),
    EventsStored = agent.Services.GetRequiredService<GatewayCounters>().EventsStored.Value,
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

await agent.StopAsync();
agent.Dispose();
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

static async Task BackgroundLoadAsync(List<BenchDevice> fleet, CancellationToken stop)
{
    // Each device once a second, spread evenly over the second.
    var clock = Stopwatch.StartNew();
    long tick = 0;
    while (!stop.IsCancellationRequested && fleet.Count > 0)
    {
        int index = (int)(tick % fleet.Count);
        _ = fleet[index].PublishEventAsync(EventTypes.Heartbeat);
        tick++;
        double due = tick * 1000.0 / fleet.Count;
        double wait = due - clock.Elapsed.TotalMilliseconds;
        if (wait >= 1)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(wait), stop).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}

static async Task WaitAsync(Func<bool> condition, TimeSpan timeout)
{
    var clock = Stopwatch.StartNew();
    while (!condition())
    {
        if (clock.Elapsed > timeout)
        {
            throw new TimeoutException("the offline pools did not fill");
        }

        await Task.Delay(100);
    }
}

static double Percentile(List<double> values, double p)
{
    double[] sorted = values.Order().ToArray();
    return sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)], 2);
}


int Arg(string name, int fallback) => int.Parse(ArgText(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

string ArgText(string name, string fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}
