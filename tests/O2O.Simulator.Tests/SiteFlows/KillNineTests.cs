using O2O.CloudContract;
using O2O.EdgeAgent.Faults;
using O2O.EdgeAgent.Tests;

namespace O2O.Simulator.Tests.SiteFlows;

/// <summary>
/// The agent runs as its own process and kills itself with SIGKILL at one named step of the order or redemption
/// flow (CrashPoints); it is then started again on the same SQLite file. Payment notifications come twice and
/// devices repeat unacknowledged events. Every order must still get exactly one unlock and one final outcome.
/// </summary>
public sealed class KillNineTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(CrashPoints.GrantRecorded)]
    [InlineData(CrashPoints.ClaimAnswered)]
    [InlineData(CrashPoints.UnlockCommitted)]
    [InlineData(CrashPoints.UnlockSent)]
    [InlineData(CrashPoints.AckRecorded)]
    [InlineData(CrashPoints.OutcomeSet)]
    [InlineData(CrashPoints.OutcomeReported)]
    public async Task Killed_at_any_step_of_a_paid_order_the_order_still_gets_one_unlock_and_one_outcome(string crashPoint)
    {
        await using SiteFlowHarness site = await SiteFlowHarness.StartAsync(agentInProcess: false, crashAt: crashPoint);
        OrderView order = await site.ScanAsync("cab-1", 1);
        await site.PayAsync(order.OrderId, times: 2);

        await WaitAsync(site, () => site.AgentProcess!.HasExited, $"the agent to die at {crashPoint}");
        site.StartAgentProcess(null);
        await site.PayAsync(order.OrderId);

        await WaitAsync(site, () => site.CloudOrder(order.OrderId).Status == OrderStatus.Dispensed, "the order to be dispensed after the restart");
        await WaitAsync(site, () => site.QueryStore($"SELECT outcome_reported FROM orders WHERE order_id = '{order.OrderId}'") == 1, "the outcome to be marked reported");
        Assert.Equal(1, site.Device("cab-1").ExecutionsOf(order.OrderId));
        Assert.Equal(OrderStatus.Dispensed, site.CloudOrder(order.OrderId).Outcome);
    }

    [Theory]
    [InlineData(CrashPoints.TokenSpent)]
    [InlineData(CrashPoints.ReconciliationSent)]
    public async Task Killed_during_an_offline_redemption_or_its_reconciliation_the_token_opens_once_and_settles_once(string crashPoint)
    {
        await using SiteFlowHarness site = await SiteFlowHarness.StartAsync(agentInProcess: false, crashAt: crashPoint);
        await WaitAsync(site, () => site.QueryStore("SELECT COUNT(*) FROM offline_tokens WHERE device = 'cab-2'") >= 10, "the pool to fill");
        await site.SetSiteOnlineAsync(false);
        OrderView paid = await site.PayAsync((await site.ScanAsync("cab-2", 0)).OrderId, times: 2);

        await site.Device("cab-2").PresentAsync(paid.Offline!.Code, 0);
        if (crashPoint == CrashPoints.TokenSpent)
        {
            await WaitAsync(site, () => site.AgentProcess!.HasExited, "the agent to die right after spending the token");
            site.StartAgentProcess(null);
        }

        await WaitAsync(site, () => site.Device("cab-2").ExecutionsOf(paid.Offline.TokenId) == 1, "the drawer to open");
        await site.SetSiteOnlineAsync(true);
        if (crashPoint == CrashPoints.ReconciliationSent)
        {
            await WaitAsync(site, () => site.AgentProcess!.HasExited, "the agent to die right after the cloud took the reconciliation");
            site.StartAgentProcess(null);
        }

        await WaitAsync(site, () => site.QueryStore($"SELECT outcome_reported FROM orders WHERE order_id = '{paid.Offline.TokenId}'") == 1, "the redemption to be reconciled");
        Assert.Equal(OrderStatus.Dispensed, site.CloudOrder(paid.OrderId).Status);
        Assert.Equal(1, site.Device("cab-2").ExecutionsOf(paid.Offline.TokenId));
        Assert.Equal(0, site.QueryStore("SELECT COUNT(*) FROM conflicts"));
    }

    // The agent's own log lines go into the failure message, read when the wait fails.
    private static async Task WaitAsync(SiteFlowHarness site, Func<bool> condition, string what)
    {
        try
        {
            await Eventually.HoldsAsync(condition, Patience, what);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new Xunit.Sdk.XunitException(e.Message + "; the agent said:\n" + string.Join("\n", site.AgentLog.Where(line => !line.Contains("System.Net.Http", StringComparison.Ordinal)).TakeLast(30)));
        }
    }
}
