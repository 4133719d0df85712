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
/// Moves stored device events to the cloud in gzip batches, oldest first. An event is marked sent only
/// after the cloud broker acknowledged its batch; a batch lost in between is sent again and deduped there.
/// </summary>
public sealed class TelemetryUploader(
    AgentStore store,
    CloudLink cloud,
    IOptions<EdgeAgentOptions> options,
    TimeProvider time,
    ILogger<TelemetryUploader> logger) : BackgroundService
{
    private readonly JsonWriter _writer = new(64 * 1024);
    private readonly JsonReader _reader = new();

    public long BatchesSent { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        TimeSpan idle = TimeSpan.FromMilliseconds(options.Value.UploadIntervalMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            bool sentFullBatch = false;
            if (cloud.IsConnected)
            {
                sentFullBatch = await UploadOneBatchAsync(stoppingToken);
            }

            // A full batch means a backlog: go again at once; otherwise wait for more events to gather.
            if (!sentFullBatch)
            {
                await Task.Delay(idle, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Sends one batch. Returns true when the batch was full (more are waiting).</summary>
    public async Task<bool> UploadOneBatchAsync(CancellationToken cancellationToken)
    {
        int max = options.Value.MaxBatchEvents;
        IReadOnlyList<StoredEvent> pending = store.PendingEvents(max);
        if (pending.Count == 0)
        {
            return false;
        }

        byte[] compressed = Compress(BuildBatch(pending));
        if (!await cloud.PublishUplinkAsync(compressed, cancellationToken))
        {
            return false;
        }

        store.MarkUploaded(pending);
        BatchesSent++;
        logger.LogDebug("Uploaded {Count} events ({Bytes} bytes compressed)", pending.Count, compressed.Length);
        return pending.Count == max;
    }

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
