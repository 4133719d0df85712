using System.Diagnostics;

namespace O2O.Simulator.Scenarios;

/// <summary>Prints the flow as it happens, each line stamped with the time since the run started.</summary>
public sealed class FlowPrinter(TextWriter output)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Step(string actor, string message)
    {
        lock (output)
        {
            output.WriteLine($"[{_clock.Elapsed.TotalSeconds,7:F3}s] {actor,-9} {message}");
        }
    }
}
