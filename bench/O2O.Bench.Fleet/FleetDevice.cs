using MQTTnet;

namespace O2O.Bench.Fleet;

/// <summary>One simulated device: its identity, its MQTT client and the sequence numbers it has had acknowledged.</summary>
public sealed class FleetDevice(int index, string id, string? secret, string topic)
{
    private readonly List<long> _acked = [];

    /// <summary>Last sequence number used; the next event takes the one after.</summary>
    public long Sequence;

    /// <summary>Highest sequence number acknowledged so far (acks can come back out of order with several in flight).</summary>
    public long LastAckedSequence;

    public int Index { get; } = index;

    public string Id { get; } = id;

    /// <summary>MQTT password, or null for a broker that takes anonymous clients.</summary>
    public string? Secret { get; } = secret;

    public string Topic { get; } = topic;

    public IMqttClient? Client { get; set; }

    /// <summary>Every acknowledged sequence number while <see cref="DeviceFleet.TrackAcks"/> is on: what the loss runs must find at the cloud.</summary>
    public long[] AckedSequences()
    {
        lock (_acked)
        {
            return [.. _acked];
        }
    }

    internal void RecordAck(long sequence, bool track)
    {
        long seen;
        while ((seen = Volatile.Read(ref LastAckedSequence)) < sequence
            && Interlocked.CompareExchange(ref LastAckedSequence, sequence, seen) != seen)
        {
        }

        if (track)
        {
            lock (_acked)
            {
                _acked.Add(sequence);
            }
        }
    }

    internal void ClearAcked()
    {
        lock (_acked)
        {
            _acked.Clear();
        }
    }
}
