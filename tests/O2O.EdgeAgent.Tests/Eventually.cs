using System.Diagnostics;

namespace O2O.EdgeAgent.Tests;

/// <summary>
/// Waits for something another thread or process makes true (a connection, an upload), polling it. The deadline
/// only bounds a failure: a passing test waits no longer than the condition takes.
/// </summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < timeout, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }
}
