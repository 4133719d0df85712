using System.Collections.Concurrent;
using System.Diagnostics;

namespace O2O.Bench.Faults;

/// <summary>
/// Starts the edge agent as its own process (<c>dotnet O2O.EdgeAgent.dll</c> from this program's output) and kills
/// it with SIGKILL: no shutdown code runs, exactly as in a power cut. Every restart uses the same content root and
/// SQLite file. The tail of its output is kept for failure reports.
/// </summary>
public sealed class AgentRunner(string contentRoot, IReadOnlyList<string> arguments, string clockOffsetFile) : IDisposable
{
    private readonly ConcurrentQueue<string> _tail = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentDictionary<string, int> _watched = new(StringComparer.Ordinal);
    private int _linesAfterError;
    private Process? _process;

    public int Starts { get; private set; }

    public int Kills { get; private set; }

    /// <summary>Times the agent exited by itself (it should never: that is a crash the campaign reports).</summary>
    public int UnexpectedExits { get; private set; }

    public bool IsRunning => _process is { HasExited: false };

    public IEnumerable<string> Tail => _tail;

    /// <summary>Error and critical log entries (and unhandled exceptions), kept apart so warnings cannot push them out.</summary>
    public IEnumerable<string> Errors => _errors;

    /// <summary>Counts, across every start, the output lines that contain <paramref name="fragment"/> (see <see cref="Seen"/>).</summary>
    public void Watch(string fragment) => _watched.TryAdd(fragment, 0);

    /// <summary>How many output lines so far contained a watched fragment: how the campaign sees what the agent did.</summary>
    public int Seen(string fragment) => _watched.TryGetValue(fragment, out int count) ? count : 0;

    public void Start()
    {
        if (_process is not null)
        {
            if (_process.HasExited)
            {
                UnexpectedExits++;
                Note($"[campaign] agent had exited by itself with {_process.ExitCode}");
            }

            _process.Dispose();
        }

        string agentDll = Path.Combine(AppContext.BaseDirectory, "O2O.EdgeAgent.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = contentRoot };
        start.ArgumentList.Add(agentDll);
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(contentRoot);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["O2O_CLOCK_OFFSET_FILE"] = clockOffsetFile;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Quick JIT start: the campaign restarts the agent hundreds of times.
        start.Environment["DOTNET_TieredPGO"] = "0";
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start the agent");
        _process.OutputDataReceived += (_, line) => Note(line.Data);
        _process.ErrorDataReceived += (_, line) => Note(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Starts++;
    }

    /// <summary>SIGKILL (Process.Kill on Linux) and wait until the process is gone, so its port and file locks are free.</summary>
    public void KillNine()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            Kills++;
        }
        else if (_process is not null)
        {
            UnexpectedExits++;
            Note($"[campaign] agent had exited by itself with {_process.ExitCode}");
        }

        _process?.WaitForExit(30_000);
        _process?.Dispose();
        _process = null;
    }

    /// <summary>When set, every line the agent prints is appended there too (for post-mortems).</summary>
    public string? LogFile { get; set; }

    public void Note(string? line)
    {
        if (string.IsNullOrEmpty(line))
        {
            return;
        }

        if (LogFile is not null)
        {
            lock (_tail)
            {
                File.AppendAllText(LogFile, line + Environment.NewLine);
            }
        }

        foreach (string fragment in _watched.Keys)
        {
            if (line.Contains(fragment, StringComparison.Ordinal))
            {
                _watched.AddOrUpdate(fragment, 1, (_, count) => count + 1);
            }
        }

        _tail.Enqueue(line);
        if (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal) || line.Contains("Unhandled", StringComparison.Ordinal))
        {
            _linesAfterError = 16;
        }

        if (_linesAfterError > 0 && _errors.Count < 400)
        {
            _linesAfterError--;
            _errors.Enqueue(line);
        }

        while (_tail.Count > 200)
        {
            _tail.TryDequeue(out _);
        }
    }

    public void Dispose()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process?.Dispose();
        _process = null;
    }
}
