using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace O2O.Mosquitto;

/// <summary>
/// One mosquitto broker: its config file (written once), its persistence folder, and the running process, which can
/// be SIGKILLed or stopped cleanly (SIGTERM: mosquitto then saves its persistence file) and started again on the
/// same config. Killed on dispose.
/// </summary>
public sealed class MosquittoProcess(string name, string folder, int port) : IDisposable
{
    /// <summary>Whether <c>mosquitto</c> is on the PATH (Debian puts it in /usr/sbin, which root's PATH has).</summary>
    public static bool IsInstalled => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin")
        .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, "mosquitto")));

    private readonly StringBuilder _output = new();
    private Process? _process;

    public string Name => name;

    public int Port => port;

    public string ConfigPath => Path.Combine(folder, "mosquitto.conf");

    public string Folder => folder;

    public int Pid => _process is { HasExited: false } p ? p.Id : 0;

    /// <summary>Writes the config: the listener and persistence here, <paramref name="extra"/> lines after them.</summary>
    public string WriteConfig(IEnumerable<string> extra)
    {
        Directory.CreateDirectory(folder);
        string[] lines =
        [
            $"listener {port} 127.0.0.1",
            // Run as root stays root, so the persistence folder needs no chown to the mosquitto user.
            "user root",
            "persistence true",
            $"persistence_location {folder}/",
            "log_dest stderr",
            "log_type error",
            "log_type warning",
            "connection_messages false",
            .. extra,
        ];
        File.WriteAllLines(ConfigPath, lines);
        return string.Join("\n", lines);
    }

    public async Task StartAsync()
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException("mosquitto is not installed: apt-get install mosquitto mosquitto-clients (the CI script installs them)");
        }

        var start = new ProcessStartInfo("mosquitto") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(ConfigPath);
        Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start mosquitto ({name})");
        process.OutputDataReceived += (_, e) => KeepTail(e.Data);
        process.ErrorDataReceived += (_, e) => KeepTail(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process?.Dispose();
        _process = process;

        // Listening once a TCP connect succeeds; bounded, and a broker that exits (bad config) fails at once.
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto ({name}) exited at start (code {process.ExitCode}): {Tail()}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>SIGKILL: no chance to save anything, as in a power cut or an OOM kill.</summary>
    public void Kill9()
    {
        Process? process = _process;
        if (process is { HasExited: false })
        {
            process.Kill();
            process.WaitForExit(10_000);
        }
    }

    /// <summary>
    /// SIGTERM and wait: mosquitto writes its persistence file on the way out. False when it had to be SIGKILLed
    /// after 20 s instead (or was not running), so a caller counting clean stops does not count that one.
    /// </summary>
    public bool Stop()
    {
        Process? process = _process;
        if (process is not { HasExited: false })
        {
            return false;
        }

        using (Process? kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill?.WaitForExit(5_000);
        }

        if (!process.WaitForExit(20_000))
        {
            Kill9();
            return false;
        }

        return true;
    }

    public string Tail()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    public void Dispose()
    {
        try
        {
            Kill9();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process?.Dispose();
    }

    private void KeepTail(string? line)
    {
        // Run as root on purpose (no chown of the folders), so that warning says nothing about the run.
        if (line is null || line.Contains("should not be run as root", StringComparison.Ordinal))
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (_output.Length > 4000)
            {
                _output.Remove(0, _output.Length - 3000);
            }
        }
    }
}
