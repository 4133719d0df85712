using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using O2O.Bench.Fleet;
using O2O.Bench.Suite;

// One command for the whole picture: for each fleet size N, O2O.Bench.Agent (the agent as its own process, the N
// devices in the benchmark's process: throughput, latency, CPU, RSS, disk per event, outage drain, kill -9 and outage
// loss), O2O.Bench.Orders (unlock and offline redemption latency under N devices of background telemetry) and
// O2O.Bench.Peer (mosquitto bridged to mosquitto under the same load), one after another so they never share the
// cores. Their JSON results go into bench/results/suite.json, with suite.md (tables) and suite.svg (plot).
SuiteSettings settings;
try
{
    settings = SuiteSettings.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(SuiteSettings.Usage);
    return 2;
}

string loadBefore = LoadAverage();
var runs = new List<SuiteRun>();
foreach (int n in settings.Devices)
{
    Console.WriteLine($"[suite] ===== {n} devices =====");
    JsonNode? agent = await ChildBenchmark.RunAsync("O2O.Bench.Agent", settings.AgentArgs(n), settings.ChildTimeout);
    JsonNode? orders = settings.Orders > 0
        ? await ChildBenchmark.RunAsync("O2O.Bench.Orders", ["--background", Text(n), "--orders", Text(settings.Orders), "--redemptions", Text(settings.Orders)], settings.ChildTimeout)
        : null;
    JsonNode? peer = settings.PeerDevices.Contains(n) ? await ChildBenchmark.RunAsync("O2O.Bench.Peer", settings.PeerArgs(n), settings.ChildTimeout) : null;
    runs.Add(new SuiteRun(n, agent, orders, peer));
}

var suite = new JsonObject
{
    ["Machine"] = JsonSerializer.SerializeToNode(MachineInfo.Read()),
    ["LoadAverageBefore"] = loadBefore,
    ["LoadAverageAfter"] = LoadAverage(),
    ["Settings"] = JsonSerializer.SerializeToNode(settings),
    ["Runs"] = new JsonArray([.. runs.Select(r => r.ToJson())]),
    ["TimestampUtc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
};

Directory.CreateDirectory(settings.OutDir);
string jsonPath = Path.Combine(settings.OutDir, "suite.json");
await File.WriteAllTextAsync(jsonPath, suite.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
string markdown = SuiteMarkdown.Write(runs, MachineInfo.Read(), loadBefore, LoadAverage(), settings);
await File.WriteAllTextAsync(Path.Combine(settings.OutDir, "suite.md"), markdown);
await File.WriteAllTextAsync(Path.Combine(settings.OutDir, "suite.svg"), SuitePlot.Svg(runs));
Console.WriteLine();
Console.WriteLine(markdown);
Console.WriteLine($"[suite] written {jsonPath}, suite.md and suite.svg");
return runs.All(r => r.Agent is not null && (settings.Orders == 0 || r.Orders is not null) && (!settings.PeerDevices.Contains(r.Devices) || r.Peer is not null)) ? 0 : 1;

static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

// The 1, 5 and 15 minute load averages: other work on the machine (builds) depresses every figure, so it is recorded.
static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";
