using System.Net.Http.Json;
using O2O.CloudContract;
using O2O.Simulator.Devices;

namespace O2O.Simulator.Scenarios;

/// <summary>What every scenario step needs: read an HTTP answer, wait for a condition with a deadline, check an expectation.</summary>
internal static class ScenarioSteps
{
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(15);

    public static void Expect(bool condition, string failure)
    {
        if (!condition)
        {
            throw new ScenarioFailedException(failure);
        }
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new ScenarioFailedException($"{what} failed: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return await response.Content.ReadFromJsonAsync<T>(ContractJson.Options, cancellationToken)
            ?? throw new ScenarioFailedException($"{what} returned an empty body");
    }

    /// <summary>
    /// A customer who has taken the item shuts the drawer at human pace: once the cabinet has seen the item go
    /// (its debounced switch), pushing until the drawer latches (it springs back while the coil still holds the bolt).
    /// </summary>
    public static async Task CloseAfterTakingAsync(VirtualDevice cabinet, int slot, CancellationToken cancellationToken)
    {
        await WaitForAsync("the cabinet notices the item gone", () => cabinet.Device.Slot(slot).Hardware.ItemPresent ? null : "gone", cancellationToken);
        await WaitForAsync("the drawer latches shut", () => cabinet.Slots[slot].CloseDoor() ? "shut" : null, cancellationToken);
    }

    public static Task<T> WaitForAsync<T>(string what, Func<T?> probe, CancellationToken cancellationToken) where T : class =>
        WaitForAsync(what, () => Task.FromResult(probe()), cancellationToken);

    /// <summary>Polls a condition until it holds or the step's deadline passes; the deadline is the failure reason.</summary>
    public static async Task<T> WaitForAsync<T>(string what, Func<Task<T?>> probe, CancellationToken cancellationToken) where T : class =>
        await PollAsync(probe, StepTimeout, cancellationToken)
        ?? throw new ScenarioFailedException($"timed out after {StepTimeout.TotalSeconds:F0}s waiting until {what}");

    public static Task<T?> PollAsync<T>(Func<T?> probe, TimeSpan timeout, CancellationToken cancellationToken) where T : class =>
        PollAsync(() => Task.FromResult(probe()), timeout, cancellationToken);

    /// <summary>Polls every 20 ms until the probe gives a value; null when <paramref name="timeout"/> passes first.</summary>
    public static async Task<T?> PollAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, CancellationToken cancellationToken) where T : class
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (clock.Elapsed >= timeout)
            {
                return null;
            }

            await Task.Delay(20, cancellationToken);
        }
    }
}
