using System.Diagnostics;
using System.Text.Json;
using O2O.Protocol;

namespace O2O.Bench.Orders;

/// <summary>
/// The background devices, in a process of their own (this program started again with <c>--fleet-file</c>): the
/// agent, the load and the benchmark's cloud simulator and target devices then each have their own process, and a
/// busy load generator cannot slow the cloud's answers, which an unlock waits for. Each device publishes one
/// heartbeat a second, spread evenly over the second, until the parent kills this process.
/// </summary>
internal static class BackgroundFleet
{
    public const string Ready = "fleet connected";

    public static string WriteFile(string folder, IEnumerable<KeyValuePair<string, string>> devices)
    {
        string path = Path.Combine(folder, "fleet.json");
        File.WriteAllText(path, JsonSerializer.Serialize(devices.ToDictionary(d => d.Key, d => d.Value)));
        return path;
    }

    /// <summary>Starts the child and returns once every device in it is connected.</summary>
    public static async Task<Process> StartAsync(string fleetFile, int brokerPort, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(BackgroundFleet).Assembly.Location);
        foreach (string arg in new[] { "--fleet-file", fleetFile, "--broker-port", brokerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        Process child = Process.Start(start) ?? throw new InvalidOperationException("could not start the background fleet");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var said = new System.Text.StringBuilder();
        child.OutputDataReceived += (_, e) =>
        {
            if (e.Data == Ready)
            {
                ready.TrySetResult();
            }
        };
        child.ErrorDataReceived += (_, e) =>
        {
            lock (said)
            {
                said.AppendLine(e.Data);
            }
        };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        Task exited = child.WaitForExitAsync();
        if (await Task.WhenAny(ready.Task, exited, Task.Delay(timeout)) != ready.Task)
        {
            child.Kill(entireProcessTree: true);
            lock (said)
            {
                throw new InvalidOperationException("the background fleet did not connect: " + said);
            }
        }

        return child;
    }

    /// <summary>The child's whole life: connect every device, say so, publish until killed.</summary>
    public static async Task<int> RunAsync(string fleetFile, int brokerPort)
    {
        var secrets = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(fleetFile))!;
        var fleet = secrets.Select(d => new BenchDevice(d.Key, d.Value, brokerPort)).ToList();
        foreach (BenchDevice[] batch in fleet.Chunk(50))
        {
            await Task.WhenAll(batch.Select(d => d.ConnectAsync(subscribe: false)));
        }

        Console.WriteLine(Ready);
        var clock = Stopwatch.StartNew();
        for (long tick = 0; fleet.Count > 0; tick++)
        {
            _ = fleet[(int)(tick % fleet.Count)].PublishEventAsync(EventTypes.Heartbeat);
            double wait = ((tick + 1) * 1000.0 / fleet.Count) - clock.Elapsed.TotalMilliseconds;
            if (wait >= 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait));
            }
        }

        return 0;
    }
}
