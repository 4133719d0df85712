using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace O2O.EdgeAgent.Orders;

/// <summary>Periodically re-sends unacked device commands and unreported outcomes, so nothing waits on a lucky retry.</summary>
public sealed class OrderRetryService(OrderFlow flow, TimeProvider time, ILogger<OrderRetryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await flow.RetryPendingAsync(stoppingToken);
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
            {
                logger.LogWarning("Retry pass failed: {Reason}", e.Message);
            }

            await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
