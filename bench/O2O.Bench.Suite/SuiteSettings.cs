using System.Globalization;

namespace O2O.Bench.Suite;

/// <summary>The suite's options; the per-program ones are passed through so the agent and the peer see the same load.</summary>
internal sealed record SuiteSettings(int[] Devices, int[] PeerDevices, int Orders, int Seconds, int SteadySeconds, int OutageSeconds, int DrainSeconds, int LossSeconds, string OutDir, TimeSpan ChildTimeout)
{
    public const string Usage =
        "usage: O2O.Bench.Suite [--devices 100,1000,5000] [--peer-devices <same as --devices> | none] [--orders 1000 (0: skip)] [--seconds 20] [--steady-seconds 10] [--outage-seconds 10] [--drain-seconds 30] [--loss-seconds 20] [--out-dir bench/results] [--child-timeout-minutes 30]\n       O2O.Bench.Suite --render bench/results/suite.json   (tables and plot again from a saved run)";

    public static SuiteSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            }

            values[args[i][2..]] = args[i + 1];
        }

        int[] List(string name, int[] fallback) => !values.Remove(name, out string? text) ? fallback
            : text == "none" ? [] : text.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        int Int(string name, int fallback) => values.Remove(name, out string? text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

        int[] devices = List("devices", [100, 1000, 5000]);
        var settings = new SuiteSettings(
            devices,
            List("peer-devices", devices),
            Int("orders", 1000),
            Int("seconds", 20),
            Int("steady-seconds", 10),
            Int("outage-seconds", 10),
            Int("drain-seconds", 30),
            Int("loss-seconds", 20),
            values.Remove("out-dir", out string? outDir) ? outDir : Path.Combine(O2O.Bench.Fleet.BenchPaths.BenchFolder(), "results"),
            TimeSpan.FromMinutes(Int("child-timeout-minutes", 30)));
        return values.Count == 0 ? settings : throw new ArgumentException($"unknown option(s): {string.Join(", ", values.Keys.Select(k => "--" + k))}");
    }

    public IEnumerable<string> AgentArgs(int devices) =>
    [
        "--devices", T(devices), "--seconds", T(Seconds), "--steady-seconds", T(SteadySeconds),
        "--outage-seconds", T(OutageSeconds), "--drain-seconds", T(DrainSeconds), "--loss-seconds", T(LossSeconds),
    ];

    public IEnumerable<string> PeerArgs(int devices) =>
    [
        "--devices", T(devices), "--seconds", T(Seconds), "--steady-seconds", T(SteadySeconds),
        "--outage-seconds", T(OutageSeconds), "--loss-seconds", T(LossSeconds),
    ];

    private static string T(int value) => value.ToString(CultureInfo.InvariantCulture);
}
