using System.IO.Compression;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using O2O.EdgeAgent.Cloud;
using O2O.EdgeAgent.Storage;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.EdgeAgent.Telemetry;

/// <summary>
/// Moves stored device events to the cloud in gzip batches, oldest first (which keeps each device's order).
/// A batch goes when it is full or its oldest event has waited MaxBatchAge; a backlog drains batch after
/// batch without pausing. An event is marked sent only after the cloud acknowledged its batch. Failed
/// uploads back off exponentially with full jitter, so a fleet of sites does not hammer a recovering cloud.
/// </summary>
public sealed class TelemetryUploader(
    AgentStore store,
    IUplink uplink,
    IOptions<EdgeAgentOptions> options,
    TimeProvider time,
    ILogger<TelemetryUploader> logger) : BackgroundService
{
    private const int MaxBackoffMs = 30_000;
    private readonly JsonWriter _writer = new(64 * 1024);
    private readonly JsonReader _reader = new();
    private readonly Random _jitter = new();
    private int _backoffMs;

    public long BatchesSent { get; private set; }

    public long UploadFailures { get; private set; }

    /// <summary>What the last pass decided, for tests and metrics.</summary>
    public enum Outcome
    {
        Nothing,
        Waiting,
        Sent,
        SentMore,
        Failed,
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Outcome outcome = await RunOnceAsync(stoppingToken);
            TimeSpan pause = outcome switch
            {
                Outcome.SentMore => TimeSpan.Zero,
                Outcome.Failed => TimeSpan.FromMilliseconds(_jitter.Next(Math.Max(1, _backoffMs))),
                _ => TimeSpan.FromMilliseconds(options.Value.UploadIntervalMilliseconds),
            };
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>One decision and at most one batch: what the service loop does each pass.</summary>
    public async Task<Outcome> RunOnceAsync(CancellationToken cancellationToken)
    {
        EdgeAgentOptions settings = options.Value;
        if (!uplink.IsConnected)
        {
            return Outcome.Waiting;
        }

        IReadOnlyList<StoredEvent> pending = store.PendingEvents(settings.MaxBatchEvents);
        if (pending.Count == 0)
        {
            return Outcome.Nothing;
        }

        bool full = pending.Count == settings.MaxBatchEvents;
        long waitedMs = time.GetUtcNow().ToUnixTimeMilliseconds() - pending[0].ReceivedMs;
        // A negative wait means the wall clock was set back since the event arrived (NTP fixing a clock that ran
        // ahead): the event is not young, the clock is. Waiting for the clock to catch up would hold every upload
        // back for as long as the clock was wrong.
        if (!full && waitedMs >= 0 && waitedMs < settings.MaxBatchAgeMilliseconds)
        {
            return Outcome.Waiting;
        }

        byte[] compressed = Compress(BuildBatch(pending));
        if (!await uplink.PublishUplinkAsync(compressed, cancellationToken))
        {
            UploadFailures++;
            _backoffMs = _backoffMs == 0 ? settings.UploadIntervalMilliseconds : Math.Min(_backoffMs * 2, MaxBackoffMs);
            logger.LogWarning("Upload of {Count} events failed; backing off up to {Backoff} ms", pending.Count, _backoffMs);
            return Outcome.Failed;
        }

        _backoffMs = 0;
        try
        {
            store.MarkUploaded(pending);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            // The cloud has the batch; only the bookkeeping failed (a full disk). The same events go again under the
            // same batch id, which the cloud dedupes. Throwing would stop the host and take the whole agent down.
            UploadFailures++;
            _backoffMs = settings.UploadIntervalMilliseconds;
            logger.LogError("Uploaded {Count} events but could not mark them sent: {Reason}; they will be sent again", pending.Count, e.Message);
            return Outcome.Failed;
        }

        BatchesSent++;
        logger.LogDebug("Uploaded {Count} events ({Bytes} bytes compressed)", pending.Count, compressed.Length);
        return full ? Outcome.SentMore : Outcome.Sent;
    }

    /// <summary>The current back-off ceiling after failures (0 when the last upload worked).</summary>
    public int BackoffMilliseconds => _backoffMs;

    private byte[] BuildBatch(IReadOnlyList<StoredEvent> pending)
    {
        var events = new List<DeviceEvent>(pending.Count);
        foreach (StoredEvent stored in pending)
        {
            // Stored payloads were validated on arrival; decoding them again cannot fail short of disk corruption.
            DeviceEvent? evt = DeviceEvent.Decode(stored.Payload, 0, stored.Payload.Length, _reader, out DecodeError? error);
            if (evt is null)
            {
                logger.LogError("Stored event {Id} no longer decodes ({Reason}); sending the rest", stored.Id, error!.ToString());
                continue;
            }

            evt.DeviceId = stored.DeviceId;
            events.Add(evt);
        }

        var batch = new UplinkBatch
        {
            SiteId = options.Value.SiteId,
            // Same events, same id: a batch re-sent after a lost acknowledgement is recognised by the cloud.
            BatchId = $"{store.StoreId}-{pending[0].Id}-{pending[^1].Id}",
            Events = events.ToArray(),
        };
        _writer.Reset();
        batch.WriteTo(_writer);
        return _writer.ToArray();
    }

    private static byte[] Compress(byte[] json)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(json);
        }

        return output.ToArray();
    }
}
