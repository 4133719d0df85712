using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using O2O.CloudSimulator;
using O2O.EdgeAgent.Gateway;
using O2O.LoopbackPorts;
using O2O.Simulator.Devices;
using O2O.Simulator.Stack;

// N virtual devices in this process, each the real firmware core and drivers on emulated buses with its own MQTT
// client, driven by a DeviceScheduler; the edge agent runs as its own process (dotnet O2O.EdgeAgent.dll), the cloud
// simulator in this one. Each device publishes one heartbeat a second through the firmware's own event publisher
// (triggered by the benchmark instead of the definition's 60 s timer), spread evenly over the second.
int count = Arg("--devices", 1000), seconds = Arg("--seconds", 20), threads = Arg("--threads", 16), passMs = Arg("--pass-ms", 20);
string output = ArgText("--out", "bench/results/simulator-1000.json");
const string site = "site-sim";
string dir = Directory.CreateTempSubdirectory("o2o-bench-sim-").FullName;
var cloudOptions = new CloudSimulatorOptions { HttpPort = FreePort.Next(), MqttPort = FreePort.Next() };
string siteSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
cloudOptions.SiteSecrets[site] = siteSecret;
var ids = Enumerable.Range(0, count).Select(i => $"dev-{i:D4}").ToList();
var secrets = ids.ToDictionary(id => id, _ => Convert.ToHexString(RandomNumberGenerator.GetBytes(12)));
var qrSecrets = ids.ToDictionary(id => id, _ => RandomNumberGenerator.GetBytes(32));
foreach (string id in ids)
{
    cloudOptions.Devices[id] = new CloudDevice(site, qrSecrets[id]);
}

WebApplication cloud = CloudSimulatorApp.Create(cloudOptions, logging => logging.ClearProviders());
await cloud.StartAsync();
int brokerPort = FreePort.Next();
string store = Path.Combine(dir, "agent.db");
await File.WriteAllTextAsync(Path.Combine(dir, "appsettings.json"), JsonSerializer.Serialize(new
{
    O2O = new { Devices = ids.AsParallel().AsOrdered().Select(id => new { Id = id, SecretHash = DeviceSecretHash.Create(secrets[id], 1000) }).ToList() },
}));
var start = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "O2O.EdgeAgent.dll"));
foreach ((string key, string value) in new Dictionary<string, string>
{
    ["O2O:SiteId"] = site, ["O2O:SiteSecret"] = siteSecret, ["O2O:BrokerPort"] = brokerPort.ToString(CultureInfo.InvariantCulture),
    ["O2O:StorePath"] = store, ["O2O:CloudMqttPort"] = cloudOptions.MqttPort.ToString(CultureInfo.InvariantCulture),
    ["O2O:CloudHttpBaseUrl"] = $"http://127.0.0.1:{cloudOptions.HttpPort}/", ["O2O:LocalApiUrl"] = "", ["O2O:OfflinePoolSize"] = "0",
    ["contentRoot"] = dir,
})
{
    start.ArgumentList.Add($"--{key}={value}");
}

start.Environment["Logging__LogLevel__Default"] = "Warning";
using Process agent = Process.Start(start)!;
agent.OutputDataReceived += (_, _) => { };
agent.ErrorDataReceived += (_, _) => { };
agent.BeginOutputReadLine();
agent.BeginErrorReadLine();

GC.Collect();
long baseline = Environment.WorkingSet;
var time = new SimulationTime(TimeProvider.System);
var devices = new List<VirtualDevice>();
foreach (string id in ids)
{
    var definition = DefinitionCatalog.Device("powerbank-4");
    var link = new MqttDeviceLink(id, secrets[id], "127.0.0.1", brokerPort);
    devices.Add(new VirtualDevice(new VirtualDeviceSetup(DefinitionCatalog.Board(definition.Board), definition,
        VirtualDeviceSetup.Provision(id, qrSecrets[id]), ["PB-1", "PB-2", "PB-3", null], time, link)));
}

var connectClock = Stopwatch.StartNew();
foreach (VirtualDevice[] batch in devices.Chunk(50))
{
    await Task.WhenAll(batch.Select(async d =>
    {
        d.PowerOn();
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                await d.Link.ConnectAsync(d.Device.BootId, CancellationToken.None);
                return;
            }
            catch (Exception) when (attempt < 100)
            {
                await Task.Delay(200); // the agent process is still starting
            }
        }
    }));
}

Console.WriteLine($"{count} devices powered on and connected in {connectClock.Elapsed.TotalSeconds:F1} s; {threads} loop threads, {passMs} ms passes");
using var scheduler = new DeviceScheduler(devices, threads, TimeSpan.FromMilliseconds(passMs));
scheduler.Start();
using var stopLoad = new CancellationTokenSource();
Task load = HeartbeatsAsync(devices, stopLoad.Token);
await Task.Delay(TimeSpan.FromSeconds(3)); // settle: first state reports, QR rendering on every display

long storedBefore = StoredEvents(store);
var self = Process.GetCurrentProcess();
TimeSpan cpuBefore = self.TotalProcessorTime;
double agentCpuBefore = ProcCpuSeconds(agent.Id);
long overrunsBefore = scheduler.Overruns, passesBefore = scheduler.Passes;
var window = Stopwatch.StartNew();
var rss = new List<long>();
var agentRss = new List<long>();
while (window.Elapsed < TimeSpan.FromSeconds(seconds))
{
    await Task.Delay(1000);
    self.Refresh();
    rss.Add(self.WorkingSet64);
    agentRss.Add(ProcRssBytes(agent.Id));
}

double elapsed = window.Elapsed.TotalSeconds;
self.Refresh();
double cpuPercent = (self.TotalProcessorTime - cpuBefore).TotalSeconds / elapsed * 100;
double agentCpuPercent = (ProcCpuSeconds(agent.Id) - agentCpuBefore) / elapsed * 100;
long stored = StoredEvents(store) - storedBefore;
await stopLoad.CancelAsync();
await load;
var result = new
{
    Machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}",
    Devices = count, Seconds = Math.Round(elapsed, 1), LoopThreads = threads, PassMs = passMs,
    EventsPerSecondStored = Math.Round(stored / elapsed, 0),
    SimulatorCpuPercentOfOneCore = Math.Round(cpuPercent, 1),
    SimulatorCpuPerDevicePercent = Math.Round(cpuPercent / count, 4),
    SimulatorRssMiB = Math.Round(rss.Average() / 1048576.0, 1),
    SimulatorMemoryPerDeviceKiB = Math.Round((rss.Average() - baseline) / count / 1024.0, 1),
    AgentCpuPercentOfOneCore = Math.Round(agentCpuPercent, 1),
    AgentRssMiB = Math.Round(agentRss.Average() / 1048576.0, 1),
    LoopPassOverrunPercent = Math.Round(100.0 * (scheduler.Overruns - overrunsBefore) / Math.Max(1, scheduler.Passes - passesBefore), 1),
    LoopErrors = devices.Sum(d => d.LoopErrors.Count),
};
Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllTextAsync(output, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }) + "\n");
Console.WriteLine("wrote " + output);

agent.Kill(entireProcessTree: true);
await agent.WaitForExitAsync();
await cloud.StopAsync();
Directory.Delete(dir, recursive: true);
return 0;

// One heartbeat per device per second, spread evenly; published by the firmware on the device's loop thread.
static async Task HeartbeatsAsync(List<VirtualDevice> devices, CancellationToken stop)
{
    var clock = Stopwatch.StartNew();
    long tick = 0;
    while (!stop.IsCancellationRequested)
    {
        VirtualDevice device = devices[(int)(tick % devices.Count)];
        device.OnLoop(() => device.Device.Events.PublishHeartbeat());
        tick++;
        double wait = (tick * 1000.0 / devices.Count) - clock.Elapsed.TotalMilliseconds;
        if (wait >= 1)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(wait), stop).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}

static long StoredEvents(string path)
{
    using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
    connection.Open();
    using var query = connection.CreateCommand();
    query.CommandText = "SELECT COALESCE(MAX(id), 0) FROM events;";
    return (long)query.ExecuteScalar()!;
}

// utime + stime of /proc/<pid>/stat, in seconds (100 ticks per second).
static double ProcCpuSeconds(int pid)
{
    string[] fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
}

static long ProcRssBytes(int pid)
{
    string line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}

int Arg(string name, int fallback) => int.Parse(ArgText(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

string ArgText(string name, string fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}
