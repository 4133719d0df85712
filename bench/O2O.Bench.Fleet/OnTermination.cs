using System.Runtime.InteropServices;

namespace O2O.Bench.Fleet;

/// <summary>
/// Runs a cleanup (killing the processes a benchmark started: the agent, mosquitto, child benchmarks) however this
/// process is asked to stop: Ctrl+C, SIGTERM, SIGHUP or a normal exit. SIGTERM is registered directly: relying on
/// ProcessExit alone left a child running when the suite was sent SIGTERM.
/// </summary>
public static class OnTermination
{
    private static readonly List<PosixSignalRegistration> Registrations = [];

    public static void Run(Action cleanup)
    {
        Console.CancelKeyPress += (_, _) => cleanup();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cleanup();
        lock (Registrations)
        {
            foreach (PosixSignal signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGHUP })
            {
                // The handler leaves the signal's default handling (termination) to go on after the cleanup.
                Registrations.Add(PosixSignalRegistration.Create(signal, _ => cleanup()));
            }
        }
    }
}
