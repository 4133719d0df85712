using System.Collections.Concurrent;
using System.IO.Compression;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.CloudSimulator;

/// <summary>
/// Receives gzip-compressed uplink batches. A batch id seen before is acknowledged and ignored, and each
/// event is keyed by (device, boot, seq), so retries after a lost acknowledgement count once.
/// </summary>
public sealed class TelemetryIngest
{
    private readonly ConcurrentDictionary<string, bool> _batches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DeviceEvent> _events = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<DeviceEvent> _arrivals = new();

    public event Action<DeviceEvent>? EventReceived;

    public int DuplicateBatches { get; private set; }

    public int RejectedBatches { get; private set; }

    public IReadOnlyCollection<DeviceEvent> Events => _arrivals.ToArray();

    /// <summary>Takes one compressed batch from an authenticated site; returns null when accepted (new or duplicate), else why it was refused.</summary>
    public string? Accept(string siteId, byte[] compressed)
    {
        byte[] json;
        try
        {
            using var input = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var output = new MemoryStream();
            CopyBounded(input, output, ProtocolLimits.MaxBatchPayloadBytes);
            json = output.ToArray();
        }
        catch (InvalidDataException e)
        {
            RejectedBatches++;
            return e.Message;
        }

        UplinkBatch? batch = UplinkBatch.Decode(json, 0, json.Length, new JsonReader(), out DecodeError? error);
        if (batch is null)
        {
            RejectedBatches++;
            return error!.ToString();
        }

        if (batch.SiteId != siteId)
        {
            RejectedBatches++;
            return "batch names another site";
        }

        if (!_batches.TryAdd(siteId + "/" + batch.BatchId, true))
        {
            DuplicateBatches++;
            return null;
        }

        foreach (DeviceEvent evt in batch.Events)
        {
            string key = evt.DeviceId + "/" + evt.BootId + "/" + evt.Sequence;
            if (_events.TryAdd(key, evt))
            {
                _arrivals.Enqueue(evt);
                EventReceived?.Invoke(evt);
            }
        }

        return null;
    }

    private static void CopyBounded(Stream input, Stream output, int limit)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            if (output.Length + read > limit)
            {
                throw new InvalidDataException("batch larger than the limit once decompressed");
            }

            output.Write(buffer, 0, read);
        }
    }
}
