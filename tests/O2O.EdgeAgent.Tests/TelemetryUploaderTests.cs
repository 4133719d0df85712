using System.IO.Compression;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using O2O.EdgeAgent.Cloud;
using O2O.EdgeAgent.Storage;
using O2O.EdgeAgent.Telemetry;
using O2O.Protocol;
using O2O.Protocol.Json;
using Outcome = O2O.EdgeAgent.Telemetry.TelemetryUploader.Outcome;

namespace O2O.EdgeAgent.Tests;

/// <summary>Batching by size and age, back-off on failures, order and batch ids, in fake time over a real store.</summary>
public sealed class TelemetryUploaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
    private readonly AgentStore _store;
    private readonly RecordingUplink _uplink = new();
    private readonly EdgeAgentOptions _options = new() { SiteId = "site-t", MaxBatchEvents = 500, MaxBatchAgeMilliseconds = 1000, UploadIntervalMilliseconds = 200 };
    private readonly TelemetryUploader _uploader;
    private long _seq;

    public TelemetryUploaderTests()
    {
        _store = AgentStore.Open(_dir.File("agent.db"));
        _uploader = new TelemetryUploader(_store, _uplink, Options.Create(_options), _time, NullLogger<TelemetryUploader>.Instance);
    }

    [Fact]
    public async Task A_small_batch_waits_for_company_until_its_oldest_event_reaches_the_maximum_age()
    {
        Add(3);

        Assert.Equal(Outcome.Waiting, await _uploader.RunOnceAsync(default));
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(Outcome.Waiting, await _uploader.RunOnceAsync(default));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(Outcome.Sent, await _uploader.RunOnceAsync(default));

        Assert.Equal(3, Assert.Single(_uplink.Batches).Events.Length);
        Assert.Equal(0, _store.PendingEventCount());
    }

    [Fact]
    public async Task A_backlog_drains_in_full_batches_without_waiting_and_keeps_each_devices_order()
    {
        Add(1200);

        Assert.Equal(Outcome.SentMore, await _uploader.RunOnceAsync(default));
        Assert.Equal(Outcome.SentMore, await _uploader.RunOnceAsync(default));
        Assert.Equal(Outcome.Waiting, await _uploader.RunOnceAsync(default));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(Outcome.Sent, await _uploader.RunOnceAsync(default));

        Assert.Equal([500, 500, 200], _uplink.Batches.Select(b => b.Events.Length));
        foreach (IGrouping<string?, DeviceEvent> device in _uplink.Batches.SelectMany(b => b.Events).GroupBy(e => e.DeviceId))
        {
            Assert.Equal(device.Select(e => e.Sequence).Order(), device.Select(e => e.Sequence));
        }
    }

    [Fact]
    public async Task Failures_back_off_exponentially_up_to_a_ceiling_and_keep_the_events()
    {
        Add(500);
        _uplink.Accept = false;

        var ceilings = new List<int>();
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(Outcome.Failed, await _uploader.RunOnceAsync(default));
            ceilings.Add(_uploader.BackoffMilliseconds);
        }

        Assert.Equal([200, 400, 800, 1600, 3200, 6400, 12800, 25600, 30000, 30000], ceilings);
        Assert.Equal(500, _store.PendingEventCount());

        _uplink.Accept = true;
        Assert.Equal(Outcome.SentMore, await _uploader.RunOnceAsync(default));
        Assert.Equal(0, _uploader.BackoffMilliseconds);
    }

    [Fact]
    public async Task A_batch_sent_again_after_a_failure_carries_the_same_batch_id_so_the_cloud_can_dedupe()
    {
        Add(500);
        _uplink.Accept = false;
        await _uploader.RunOnceAsync(default);
        _uplink.Accept = true;
        await _uploader.RunOnceAsync(default);

        Assert.Equal(2, _uplink.Attempts.Count);
        Assert.Equal(_uplink.Attempts[0].BatchId, _uplink.Attempts[1].BatchId);
        Assert.StartsWith(_store.StoreId + "-", _uplink.Attempts[0].BatchId);
    }

    [Fact]
    public async Task Nothing_is_read_or_sent_while_the_cloud_link_is_down()
    {
        Add(500);
        _uplink.Connected = false;

        Assert.Equal(Outcome.Waiting, await _uploader.RunOnceAsync(default));
        Assert.Empty(_uplink.Attempts);
    }

    // Found by the fault campaign (bench/O2O.Bench.Faults): events stored while the agent's clock ran 10 minutes
    // ahead held every upload back for 10 minutes once the clock was set right.
    [Fact]
    public async Task Events_stored_before_the_clock_was_set_back_go_at_once_instead_of_waiting_for_the_clock_to_catch_up()
    {
        Add(3, receivedMs: _time.GetUtcNow().AddMinutes(10).ToUnixTimeMilliseconds());

        Assert.Equal(Outcome.Sent, await _uploader.RunOnceAsync(default));
        Assert.Equal(0, _store.PendingEventCount());
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private void Add(int count, long? receivedMs = null)
    {
        long now = receivedMs ?? _time.GetUtcNow().ToUnixTimeMilliseconds();
        var events = new List<IncomingEvent>();
        for (int i = 0; i < count; i++)
        {
            var evt = new DeviceEvent { BootId = "b1", Sequence = ++_seq, Type = EventTypes.Heartbeat };
            var writer = new JsonWriter(128);
            evt.WriteTo(writer);
            events.Add(new IncomingEvent("cab-" + (i % 7), evt, writer.ToArray(), now));
        }

        _store.InsertEvents(events);
    }

    private sealed class RecordingUplink : IUplink
    {
        public bool Connected { get; set; } = true;

        public bool Accept { get; set; } = true;

        public List<UplinkBatch> Attempts { get; } = [];

        public List<UplinkBatch> Batches { get; } = [];

        public bool IsConnected => Connected;

        public Task<bool> PublishUplinkAsync(byte[] payload, CancellationToken cancellationToken)
        {
            using var gzip = new GZipStream(new MemoryStream(payload), CompressionMode.Decompress);
            using var json = new MemoryStream();
            gzip.CopyTo(json);
            byte[] bytes = json.ToArray();
            UplinkBatch batch = UplinkBatch.Decode(bytes, 0, bytes.Length, new JsonReader(), out DecodeError? error)
                ?? throw new InvalidOperationException(error!.ToString());
            Attempts.Add(batch);
            if (Accept)
            {
                Batches.Add(batch);
            }

            return Task.FromResult(Accept);
        }
    }
}
