using System.Globalization;
using System.Text.Json;
using O2O.Bench.Fuzz;

// Fuzzing (bench/README.md). Default: every target in this process on mutated inputs, --cases each (1,000,000),
// printing cases/s and failures, writing bench/results/fuzz.json. --afl TARGET: one target under AFL++ through
// SharpFuzz (run by afl.sh on instrumented assemblies). --zbar N: N random payloads through the QR encoder and zbarimg.
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (int i = 0; i + 1 < args.Length; i += 2)
{
    options[args[i].TrimStart('-')] = args[i + 1];
}

if (args.Length % 2 != 0 || options.Keys.Any(k => k is not ("cases" or "targets" or "seed" or "seconds" or "afl" or "zbar" or "out" or "write-seeds")))
{
    Console.Error.WriteLine("usage: O2O.Bench.Fuzz [--cases 1000000] [--targets protocol,console,...] [--seed 1] [--seconds per-target-limit] [--zbar 500] [--out bench/results/fuzz.json]");
    Console.Error.WriteLine("       O2O.Bench.Fuzz --afl TARGET   (under afl-fuzz; see afl.sh)");
    Console.Error.WriteLine("       O2O.Bench.Fuzz --write-seeds DIR   (each target's seeds as files in DIR/TARGET, for afl-fuzz -i)");
    Console.Error.WriteLine("targets: " + string.Join(", ", FuzzTargets.All.Select(t => t.Name)));
    return 2;
}

if (options.TryGetValue("afl", out string? aflTarget))
{
    // Built inside the callback: instrumented code (the targets' constructors run parsers to make seeds) may only
    // run once SharpFuzz has attached AFL's shared memory. A property violation must crash the process for AFL++
    // to keep the input; Check throws, and SharpFuzz reports it.
    FuzzTarget? target = null;
    SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
    {
        target ??= FuzzTargets.Named(aflTarget);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        target.Check(buffer.ToArray());
    });
    return 0;
}

if (options.TryGetValue("write-seeds", out string? seedDirectory))
{
    foreach (FuzzTarget target in FuzzTargets.All)
    {
        string folder = Directory.CreateDirectory(Path.Combine(seedDirectory, target.Name)).FullName;
        for (int i = 0; i < target.Seeds.Count; i++)
        {
            File.WriteAllBytes(Path.Combine(folder, $"seed-{i:D3}"), target.Seeds[i]);
        }
    }

    return 0;
}

long cases = options.TryGetValue("cases", out string? c) ? long.Parse(c, CultureInfo.InvariantCulture) : 1_000_000;
int seed = options.TryGetValue("seed", out string? s) ? int.Parse(s, CultureInfo.InvariantCulture) : 1;
TimeSpan? limit = options.TryGetValue("seconds", out string? l) ? TimeSpan.FromSeconds(double.Parse(l, CultureInfo.InvariantCulture)) : null;
int zbar = options.TryGetValue("zbar", out string? z) ? int.Parse(z, CultureInfo.InvariantCulture) : 500;
string outPath = options.GetValueOrDefault("out", Path.Combine("bench", "results", "fuzz.json"));
IEnumerable<FuzzTarget> targets = options.TryGetValue("targets", out string? names) ? names.Split(',').Select(FuzzTargets.Named) : FuzzTargets.All;

var results = new List<TargetResult>();
Console.WriteLine("| target | cases | seconds | cases/s | failures |");
Console.WriteLine("|---|---|---|---|---|");
foreach (FuzzTarget target in targets)
{
    TargetResult result = FuzzRunner.Run(target, cases, seed, limit);
    results.Add(result);
    Console.WriteLine($"| {result.Target} | {result.Cases:N0} | {result.Seconds} | {result.CasesPerSecond:N0} | {result.Failures} |");
    foreach (string example in result.Examples)
    {
        Console.WriteLine("    " + example);
    }
}

List<string> zbarMisses = zbar > 0 ? QrTargets.DecodeWithZbar(zbar, seed) : [];
if (zbar > 0)
{
    Console.WriteLine($"| qr via zbarimg (random printable payloads decoded back) | {zbar:N0} | | | {zbarMisses.Count} |");
}

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
File.WriteAllText(outPath, JsonSerializer.Serialize(new { Seed = seed, Targets = results, ZbarPayloads = zbar, ZbarMisses = zbarMisses }, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"written to {outPath}");
return results.Any(r => r.Failures > 0) || zbarMisses.Count > 0 ? 1 : 0;
