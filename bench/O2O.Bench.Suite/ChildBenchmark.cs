using System.Diagnostics;
using System.Text.Json.Nodes;
using O2O.Bench.Fleet;

namespace O2O.Bench.Suite;

/// <summary>
/// One benchmark program run as a child process (dotnet &lt;its dll&gt;), its output passed through with a prefix,
/// its result read back from the JSON file it writes. The child and everything it started (the agent, mosquitto)
/// are killed if the suite stops or the child overruns its time.
/// </summary>
internal static class ChildBenchmark
{
    private static readonly List<Process> Running = [];

    static ChildBenchmark()
    {
        OnTermination.Run(KillAll);
    }

    /// <summary>The program's dll, built beside this one: bench/&lt;name&gt;/bin/&lt;configuration&gt;/&lt;tfm&gt;/&lt;name&gt;.dll.</summary>
    public static string DllOf(string name)
    {
        string own = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        string tfm = Path.GetFileName(own);
        string configuration = Path.GetFileName(Path.GetDirectoryName(own)!);
        string dll = Path.Combine(BenchPaths.BenchFolder(), name, "bin", configuration, tfm, name + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{name} is not built (build O2O.Bench.Suite, which builds it)", dll);
    }

    /// <summary>Runs the program with <paramref name="args"/> plus --out; returns its JSON, or null (and says why) when it failed.</summary>
    public static async Task<JsonNode?> RunAsync(string name, IEnumerable<string> args, TimeSpan timeout)
    {
        string outPath = Path.Combine(Path.GetTempPath(), $"o2o-suite-{name}-{Guid.NewGuid():N}.json");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(DllOf(name));
        foreach (string arg in args.Concat(["--out", outPath]))
        {
            start.ArgumentList.Add(arg);
        }

        string label = name.Replace("O2O.Bench.", "", StringComparison.Ordinal).ToLowerInvariant();
        Console.WriteLine($"[suite] {label}: {string.Join(' ', start.ArgumentList.Skip(1))}");
        var clock = Stopwatch.StartNew();
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {name}");
        lock (Running)
        {
            Running.Add(process);
        }

        process.OutputDataReceived += (_, e) => Pass(label, e.Data);
        process.ErrorDataReceived += (_, e) => Pass(label, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var deadline = new CancellationTokenSource(timeout);
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"[suite] {label} overran {timeout.TotalMinutes:F0} min: killed");
        }
        finally
        {
            Kill(process);
            lock (Running)
            {
                Running.Remove(process);
            }
        }

        Console.WriteLine($"[suite] {label} finished in {clock.Elapsed.TotalSeconds:F0} s" + (process.HasExited ? $" (exit code {process.ExitCode})" : ""));
        if (!File.Exists(outPath))
        {
            Console.Error.WriteLine($"[suite] {label} wrote no result");
            return null;
        }

        JsonNode? result = JsonNode.Parse(await File.ReadAllTextAsync(outPath));
        File.Delete(outPath);
        return result;
    }

    private static void Pass(string label, string? line)
    {
        if (line is not null)
        {
            Console.WriteLine($"  [{label}] {line}");
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private static void KillAll()
    {
        Process[] running;
        lock (Running)
        {
            running = [.. Running];
        }

        foreach (Process process in running)
        {
            Kill(process);
        }
    }
}
