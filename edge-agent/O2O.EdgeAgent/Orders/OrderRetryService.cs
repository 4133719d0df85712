using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace O2O.EdgeAgent.Orders;

/// <summary>
/// The order flows' background loop: open claims, unacked commands and unreported outcomes, every second and
/// at once when an order settles. Everything it does is idempotent, so it is safe after any crash.
/// </summary>
public sealed class OrderRetryService(OrderFlow flow, OrderOutcomes outcomes, ILogger<OrderRetryService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await flow.ClaimPendingAsync(stoppingToken);
                await outcomes.ResendUnackedAsync(stoppingToken);
                await outcomes.ReportOutcomesAsync(stoppingToken);
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
            {
                logger.LogWarning("Order retry pass failed: {Reason}", e.Message);
            }

            await outcomes.WaitForWorkAsync(Interval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
