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
// Render the tables and the plot again from a suite.json written before, without running anything.
if (args.Length == 2 && args[0] == "--render")
{
    JsonNode saved = JsonNode.Parse(await File.ReadAllTextAsync(args[1])) ?? throw new InvalidDataException(args[1]);
    string folder = Path.GetDirectoryName(Path.GetFullPath(args[1]))!;
    Console.WriteLine(await WriteTablesAndPlotAsync(folder, SuiteRun.FromSuiteJson(saved), saved["Machine"].Deserialize<MachineInfo>()!,
        (string?)saved["LoadAverageBefore"] ?? "", (string?)saved["LoadAverageAfter"] ?? "", saved["Settings"].Deserialize<SuiteSettings>()!));
    return 0;
}

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
Console.WriteLine();
Console.WriteLine(await WriteTablesAndPlotAsync(settings.OutDir, runs, MachineInfo.Read(), loadBefore, (string)suite["LoadAverageAfter"]!, settings));
Console.WriteLine($"[suite] written {jsonPath}, suite.md and suite.svg");
return runs.All(r => r.Agent is not null && (settings.Orders == 0 || r.Orders is not null) && (!settings.PeerDevices.Contains(r.Devices) || r.Peer is not null)) ? 0 : 1;

static async Task<string> WriteTablesAndPlotAsync(string folder, List<SuiteRun> runs, MachineInfo machine, string loadBefore, string loadAfter, SuiteSettings settings)
{
    string markdown = SuiteMarkdown.Write(runs, machine, loadBefore, loadAfter, settings);
    await File.WriteAllTextAsync(Path.Combine(folder, "suite.md"), markdown);
    await File.WriteAllTextAsync(Path.Combine(folder, "suite.svg"), SuitePlot.Svg(runs));
    return markdown;
}

static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

// The 1, 5 and 15 minute load averages: other work on the machine (builds) depresses every figure, so it is recorded.
static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";
