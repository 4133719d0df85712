using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace O2O.Bench.Fleet;

/// <summary>
/// The edge agent as its own process, as a site box runs it: <c>dotnet O2O.EdgeAgent.dll</c> from next to the
/// benchmark, its settings on the command line, and its device list in an appsettings.json in its content root (a
/// thousand devices on the command line would be a ~300 kB argv). Both output pipes are drained so the agent never
/// blocks on a full one, and their tail is kept for error reports. Started again on the same folder and settings.
/// </summary>
public sealed class AgentChildProcess
{
    private readonly string _folder;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _settings;
    private readonly StringBuilder _tail = new();
    private Process? _process;

    /// <param name="folder">The agent's content root (its appsettings.json is written here) and working directory.</param>
    /// <param name="settings">Configuration keys such as <c>O2O:SiteId</c>, passed as <c>--key=value</c>.</param>
    /// <param name="devices">Each device's id and PBKDF2 secret hash (<c>DeviceSecretHash.Create</c>).</param>
    public AgentChildProcess(string folder, IReadOnlyList<KeyValuePair<string, string>> settings, IEnumerable<(string Id, string SecretHash)> devices)
    {
        _folder = folder;
        _settings = settings;
        var list = devices.Select(d => new { d.Id, d.SecretHash }).ToList();
        File.WriteAllText(Path.Combine(folder, "appsettings.json"), JsonSerializer.Serialize(new { O2O = new { Devices = list } }));
    }

    /// <summary>The running (or last) agent process.</summary>
    public Process Process => _process ?? throw new InvalidOperationException("the agent was not started");

    public Process Start()
    {
        string agentDll = Path.Combine(AppContext.BaseDirectory, "O2O.EdgeAgent.dll");
        if (!File.Exists(agentDll))
        {
            throw new FileNotFoundException("the agent is not next to the benchmark", agentDll);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _folder,
        };
        start.ArgumentList.Add(agentDll);
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(_folder);
        foreach ((string key, string value) in _settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start the agent");
        process.OutputDataReceived += (_, e) => KeepTail(e.Data);
        process.ErrorDataReceived += (_, e) => KeepTail(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        return process;
    }

    /// <summary>SIGKILL, as a power cut or <c>kill -9</c> would: no shutdown hook of the agent runs. Safe to call twice.</summary>
    public void Kill()
    {
        Process? process = _process;
        if (process is null)
        {
            return;
        }

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

    /// <summary>The agent's last lines of output.</summary>
    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return _tail.ToString();
            }
        }
    }

    private void KeepTail(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.AppendLine(line.Length > 500 ? line[..500] : line);
            if (_tail.Length > 8000)
            {
                _tail.Remove(0, _tail.Length - 6000);
            }
        }
    }
}
