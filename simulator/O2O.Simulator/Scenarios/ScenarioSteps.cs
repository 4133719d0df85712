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

    // Polls a condition until it holds or the step's deadline passes; the deadline is the failure reason.
    public static async Task<T> WaitForAsync<T>(string what, Func<Task<T?>> probe, CancellationToken cancellationToken) where T : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StepTimeout);
        while (true)
        {
            T? value = await probe();
            if (value is not null)
            {
                return value;
            }

            try
            {
                await Task.Delay(20, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ScenarioFailedException($"timed out after {StepTimeout.TotalSeconds:F0}s waiting until {what}");
            }
        }
    }
}
