using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace O2O.EdgeAgent.Orders;

/// <summary>
/// The order flows' background loop: open claims, unacked commands, acked orders past their outcome deadline and
/// unreported outcomes, every second and at once when an order settles. Everything it does is idempotent, so it is safe after any crash.
/// </summary>
public sealed class OrderRetryService(OrderFlow flow, OrderOutcomes outcomes, ILogger<OrderRetryService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start path: the first pass may find work left by a crash, and must not hold up the start.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await flow.ClaimPendingAsync(stoppingToken);
                await outcomes.ResendUnackedAsync(stoppingToken);
                outcomes.FailOrdersPastTheirDeadline();
                await outcomes.ReportOutcomesAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // This loop is what finishes interrupted orders: whatever one pass hits, the next pass must still run.
                logger.LogError(e, "Order retry pass failed; trying again in {Interval}", Interval);
            }

            await outcomes.WaitForWorkAsync(Interval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
