using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using O2O.EdgeAgent.Storage;
using O2O.Protocol;

namespace O2O.EdgeAgent.Tests;

/// <summary>The disk cap on a real SQLite file: telemetry goes first, heartbeats before anything, sales never.</summary>
public sealed class StoreCapacityGuardTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
    private readonly AgentStore _store;
    private readonly EdgeAgentOptions _options = new() { UploadedRetentionSeconds = 600 };

    public StoreCapacityGuardTests()
    {
        _store = AgentStore.Open(_dir.File("agent.db"));
    }

    [Fact]
    public void Over_the_cap_heartbeats_are_coalesced_and_telemetry_evicted_while_every_sale_is_kept()
    {
        Fill(devices: 5, heartbeatsEach: 400, transactionalEach: 10);
        _options.StoreMaxBytes = _store.UsedBytes() / 4;
        StoreCapacityGuard guard = Guard();

        guard.Enforce();

        Assert.True(_store.UsedBytes() <= _options.StoreMaxBytes);
        Assert.True(guard.Evicted > 0);
        List<DeviceEvent> left = Pending();
        Assert.Equal(50, left.Count(e => e.Type == EventTypes.Dispensed));
        Assert.True(left.Count(e => e.Type == EventTypes.Heartbeat) <= 5);
        Assert.False(guard.OverCapWithOnlyTransactional);
    }

    [Fact]
    public void When_only_transactional_events_remain_the_cap_gives_way_and_it_is_reported()
    {
        Fill(devices: 3, heartbeatsEach: 0, transactionalEach: 300);
        _options.StoreMaxBytes = 4096;
        StoreCapacityGuard guard = Guard();

        guard.Enforce();

        Assert.Equal(900, Pending().Count);
        Assert.True(guard.OverCapWithOnlyTransactional);
    }

    [Fact]
    public void Uploaded_events_are_pruned_after_the_retention_window_and_unsent_ones_never()
    {
        Fill(devices: 1, heartbeatsEach: 10, transactionalEach: 0);
        _store.MarkUploaded(_store.PendingEvents(4));
        _options.StoreMaxBytes = long.MaxValue;
        StoreCapacityGuard guard = Guard();

        _time.Advance(TimeSpan.FromSeconds(599));
        guard.Enforce();
        Assert.Equal(10, Count());

        _time.Advance(TimeSpan.FromSeconds(2));
        guard.Enforce();
        Assert.Equal(6, Count());
        Assert.Equal(6, _store.PendingEventCount());
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private StoreCapacityGuard Guard() => new(_store, Options.Create(_options), _time, NullLogger<StoreCapacityGuard>.Instance);

    private void Fill(int devices, int heartbeatsEach, int transactionalEach)
    {
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var events = new List<IncomingEvent>();
        for (int d = 0; d < devices; d++)
        {
            long seq = 0;
            for (int i = 0; i < heartbeatsEach; i++)
            {
                events.Add(new IncomingEvent("cab-" + d, new DeviceEvent { BootId = "b", Sequence = ++seq, Type = EventTypes.Heartbeat }, new byte[400], now));
            }

            for (int i = 0; i < transactionalEach; i++)
            {
                events.Add(new IncomingEvent("cab-" + d, new DeviceEvent { BootId = "b", Sequence = ++seq, Type = EventTypes.Dispensed }, new byte[400], now));
            }
        }

        _store.InsertEvents(events);
    }

    /// <summary>The types of the unsent events, read straight from the file.</summary>
    private List<DeviceEvent> Pending() => Query("SELECT type FROM events WHERE uploaded = 0;")
        .Select(type => new DeviceEvent { Type = type }).ToList();

    private long Count() => Query("SELECT type FROM events;").Count;

    private List<string> Query(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + _dir.File("agent.db"));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var types = new List<string>();
        while (reader.Read())
        {
            types.Add(reader.GetString(0));
        }

        return types;
    }
}
