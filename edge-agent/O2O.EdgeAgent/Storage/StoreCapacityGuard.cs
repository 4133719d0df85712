using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace O2O.EdgeAgent.Storage;

/// <summary>
/// Keeps the store under its disk cap. Uploaded events are pruned after a retention window (they still
/// dedupe late redeliveries until then). Over the cap, heartbeats are coalesced to one per device, then the
/// oldest telemetry goes, heartbeats first. Transactional events are never evicted: if only they remain, the
/// cap is exceeded and the agent says so loudly rather than lose a sale.
/// </summary>
public sealed class StoreCapacityGuard(AgentStore store, IOptions<EdgeAgentOptions> options, TimeProvider time, ILogger<StoreCapacityGuard> logger)
    : BackgroundService
{
    private const int EvictionChunk = 500;
    private bool _evicting;

    public long Evicted { get; private set; }

    public bool OverCapWithOnlyTransactional { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                Enforce();
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                // Pruning writes too, so on a full disk it fails like everything else; the agent must outlive that.
                logger.LogError("Store capacity pass failed: {Reason}", e.Message);
            }

            await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>One pass of pruning and, if needed, eviction. Public so tests and the admin CLI can run it on demand.</summary>
    public void Enforce()
    {
        EdgeAgentOptions settings = options.Value;
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        store.PruneUploaded(now - (settings.UploadedRetentionSeconds * 1000L));
        long cap = settings.StoreMaxBytes;
        if (store.UsedBytes() <= cap)
        {
            if (_evicting)
            {
                logger.LogWarning("Store back under its cap of {Cap} bytes after evicting {Evicted} telemetry events", cap, Evicted);
            }

            _evicting = false;
            OverCapWithOnlyTransactional = false;
            return;
        }

        if (!_evicting)
        {
            _evicting = true;
            logger.LogWarning("Store over its cap of {Cap} bytes: coalescing heartbeats and evicting the oldest telemetry", cap);
        }

        Evicted += store.CoalesceHeartbeats();
        while (store.UsedBytes() > cap)
        {
            int removed = store.EvictTelemetry(EvictionChunk);
            Evicted += removed;
            if (removed == 0)
            {
                OverCapWithOnlyTransactional = true;
                logger.LogError("Store over its cap with only transactional events left ({Bytes} bytes): keeping them all; the uplink must recover", store.UsedBytes());
                return;
            }
        }
    }
}
