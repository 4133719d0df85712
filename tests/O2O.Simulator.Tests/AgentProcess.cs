using System.Diagnostics;
using O2O.EdgeAgent.Gateway;

namespace O2O.Simulator.Tests;

/// <summary>
/// The edge agent as its own process (<c>dotnet O2O.EdgeAgent.dll --O2O:…=…</c> from this test output, which holds
/// the agent because the simulator references it), so a test can kill it with SIGKILL and start it again on the
/// same SQLite file.
/// </summary>
internal static class AgentProcess
{
    /// <summary>The device list as agent settings: ids and PBKDF2 hashes of their secrets (1000 iterations: the least the agent takes, and fast).</summary>
    public static void AddDevices(Dictionary<string, string> settings, IReadOnlyDictionary<string, string> deviceSecrets)
    {
        int index = 0;
        foreach ((string deviceId, string secret) in deviceSecrets)
        {
            settings[$"O2O:Devices:{index}:Id"] = deviceId;
            settings[$"O2O:Devices:{index}:SecretHash"] = DeviceSecretHash.Create(secret, 1000);
            index++;
        }
    }

    /// <summary>
    /// Starts the agent. With <paramref name="crashAt"/> it kills itself at that crash point. With <paramref name="log"/>
    /// every output line goes there; without, stdout is drained (so the child never blocks on a full pipe) and stderr
    /// stays readable for a failure message.
    /// </summary>
    public static Process Start(IReadOnlyDictionary<string, string> settings, string? crashAt = null, Action<string>? log = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "O2O.EdgeAgent.dll"));
        foreach ((string key, string value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["Logging__LogLevel__Default"] = Environment.GetEnvironmentVariable("O2O_TEST_AGENT_LOG") ?? "Warning";
        if (crashAt is not null)
        {
            start.Environment["O2O_CRASH_AT"] = crashAt;
        }

        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => log?.Invoke(line.Data ?? "");
        process.BeginOutputReadLine();
        if (log is not null)
        {
            process.ErrorDataReceived += (_, line) => log(line.Data ?? "");
            process.BeginErrorReadLine();
        }

        return process;
    }
}
