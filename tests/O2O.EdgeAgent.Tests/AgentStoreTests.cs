using O2O.EdgeAgent.Storage;
using O2O.Protocol;

namespace O2O.EdgeAgent.Tests;

/// <summary>The SQLite store on real files: dedupe, atomic order+command, one outcome, and refusing a bad file.</summary>
public sealed class AgentStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void An_event_redelivered_with_the_same_boot_and_seq_is_stored_once()
    {
        using AgentStore store = AgentStore.Open(_dir.File("agent.db"));
        DeviceEvent evt = Event("b1", 1, EventTypes.Dispensed);

        Assert.True(store.InsertEvent("cab-001", evt, [1], 0));
        Assert.False(store.InsertEvent("cab-001", evt, [1], 0));
        Assert.True(store.InsertEvent("cab-002", evt, [1], 0));
        Assert.True(store.InsertEvent("cab-001", Event("b2", 1, EventTypes.Boot), [1], 0));

        Assert.Equal(3, store.PendingEventCount());
    }

    [Fact]
    public void Stored_events_survive_reopening_and_leave_the_queue_only_when_marked_uploaded()
    {
        string path = _dir.File("agent.db");
        using (AgentStore store = AgentStore.Open(path))
        {
            store.InsertEvent("cab-001", Event("b1", 1, EventTypes.Boot), [1], 0);
            store.InsertEvent("cab-001", Event("b1", 2, EventTypes.Dispensed), [2], 0);
        }

        using AgentStore reopened = AgentStore.Open(path);
        IReadOnlyList<StoredEvent> pending = reopened.PendingEvents(10);
        Assert.Equal([[1], [2]], pending.Select(e => e.Payload));

        reopened.MarkUploaded(pending.Take(1).ToList());
        Assert.Equal([[2]], reopened.PendingEvents(10).Select(e => e.Payload));
    }

    [Fact]
    public void A_grant_is_recorded_once_and_its_unlock_command_committed_once()
    {
        using AgentStore store = AgentStore.Open(_dir.File("agent.db"));

        Assert.True(store.TryRecordGrant("o-1", "cab-001", 2, "unlock-o-1", 1_000, 100));
        Assert.False(store.TryRecordGrant("o-1", "cab-001", 2, "unlock-o-1", 1_000, 200));
        Assert.Empty(store.UnackedCommands());

        Assert.True(store.TryCommitUnlock("o-1", [9], 300));
        Assert.False(store.TryCommitUnlock("o-1", [9], 400));

        Assert.Equal("unlock-o-1", store.UnackedCommands().Single().CommandId);
        Assert.Equal(2, store.FindOrderByCommand("unlock-o-1")!.Slot);
    }

    [Fact]
    public void A_session_grant_keeps_its_minutes_across_a_restart_so_the_command_can_still_be_built()
    {
        string path = _dir.File("agent.db");
        using (AgentStore store = AgentStore.Open(path))
        {
            Assert.True(store.TryRecordGrant("o-s", "chr-001", 0, "session-o-s", 1_000, 100, minutes: 20));
        }

        using AgentStore reopened = AgentStore.Open(path);
        OrderRecord order = reopened.OrdersAwaitingClaim().Single();
        Assert.Equal(20, order.Minutes);
        Assert.True(order.IsSession);
        Assert.Equal("session-o-s", order.CommandId);
    }

    [Fact]
    public void A_store_written_before_session_grants_gains_the_minutes_column_and_keeps_its_orders()
    {
        string path = _dir.File("agent.db");
        using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            old.Open();
            using Microsoft.Data.Sqlite.SqliteCommand create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE orders (order_id TEXT PRIMARY KEY, device TEXT NOT NULL, slot INTEGER NOT NULL, command_id TEXT NOT NULL,
                    state TEXT NOT NULL, outcome TEXT, reason TEXT, outcome_reported INTEGER NOT NULL DEFAULT 0, created_ms INTEGER NOT NULL,
                    source TEXT NOT NULL DEFAULT 'grant', expires_unix INTEGER NOT NULL DEFAULT 0, amount_minor INTEGER NOT NULL DEFAULT 0);
                INSERT INTO orders (order_id, device, slot, command_id, state, created_ms, expires_unix) VALUES ('o-old', 'cab-001', 3, 'unlock-o-old', 'granted', 1, 1000);
                """;
            create.ExecuteNonQuery();
        }

        using AgentStore store = AgentStore.Open(path);
        OrderRecord order = store.FindOrder("o-old")!;
        Assert.Equal(0, order.Minutes);
        Assert.False(order.IsSession);
        Assert.True(store.TryRecordGrant("o-new", "chr-001", 0, "session-o-new", 1_000, 2, minutes: 15));
        Assert.Equal(15, store.FindOrder("o-new")!.Minutes);
    }

    [Fact]
    public void An_order_gets_exactly_one_outcome_and_it_stays_unreported_until_the_cloud_has_it()
    {
        using AgentStore store = AgentStore.Open(_dir.File("agent.db"));
        store.BeginOrder("o-1", "cab-001", 0, 100);

        Assert.True(store.TrySetOutcome("o-1", "dispensed", null));
        Assert.False(store.TrySetOutcome("o-1", "failed", "late ack"));
        Assert.Equal("dispensed", store.UnreportedOutcomes().Single().Outcome);

        store.MarkOutcomeReported("o-1");
        Assert.Empty(store.UnreportedOutcomes());
    }

    [Fact]
    public void Only_the_first_ack_of_a_command_counts()
    {
        using AgentStore store = AgentStore.Open(_dir.File("agent.db"));
        store.BeginOrder("o-1", "cab-001", 0, 100);

        store.RecordAck("cab-001", "unlock-o-1", "ok", null);
        store.RecordAck("cab-001", "unlock-o-1", "failed", "replayed");

        Assert.Empty(store.UnackedCommands());
    }

    [Fact]
    public void Another_device_cannot_ack_a_command_it_was_not_sent()
    {
        using AgentStore store = AgentStore.Open(_dir.File("agent.db"));
        store.BeginOrder("o-1", "cab-001", 0, 100);

        store.RecordAck("cab-002", "unlock-o-1", "ok", null);

        Assert.Equal("unlock-o-1", store.UnackedCommands().Single().CommandId);
    }

    [Fact]
    public void The_store_id_is_random_per_file_and_stable_across_reopening()
    {
        string path = _dir.File("agent.db");
        string first;
        using (AgentStore store = AgentStore.Open(path))
        {
            first = store.StoreId;
        }

        using AgentStore reopened = AgentStore.Open(path);
        using AgentStore other = AgentStore.Open(_dir.File("other.db"));
        Assert.Equal(first, reopened.StoreId);
        Assert.NotEqual(first, other.StoreId);
        Assert.Matches("^[0-9a-f]{8}$", first);
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_refused_loudly_and_left_untouched()
    {
        string path = _dir.File("agent.db");
        byte[] garbage = [.. "this is not sqlite"u8, .. new byte[4096]];
        File.WriteAllBytes(path, garbage);

        StoreCorruptException error = Assert.Throws<StoreCorruptException>(() => AgentStore.Open(path));

        Assert.Contains(path, error.Message);
        Assert.Equal(garbage, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_database_with_damaged_pages_fails_its_integrity_check()
    {
        string path = _dir.File("agent.db");
        using (AgentStore store = AgentStore.Open(path))
        {
            for (int i = 1; i <= 500; i++)
            {
                store.InsertEvent("cab-001", Event("b1", i, EventTypes.Heartbeat), new byte[200], 0);
            }
        }

        // Overwrite the middle of the file, past the header, as a torn write on a bad SD card would.
        using (FileStream file = File.Open(path, FileMode.Open))
        {
            file.Position = file.Length / 2;
            file.Write(Enumerable.Repeat((byte)0xA5, 8192).ToArray());
        }

        Assert.Throws<StoreCorruptException>(() => AgentStore.Open(path));
    }

    public void Dispose() => _dir.Dispose();

    private static DeviceEvent Event(string boot, long seq, string type) => new() { BootId = boot, Sequence = seq, Type = type };
}

/// <summary>Start-up with a corrupt store: the site keeps working, the bad file is kept, and it is said loudly.</summary>
public sealed class StoreOpenerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void A_corrupt_store_is_quarantined_not_deleted_and_a_fresh_one_opens()
    {
        string path = _dir.File("agent.db");
        byte[] garbage = [.. "definitely not sqlite"u8, .. new byte[4096]];
        File.WriteAllBytes(path, garbage);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var logger = new CapturingLogger();
        var opener = new StoreOpener(time, logger);

        using AgentStore store = opener.Open(path);

        Assert.NotNull(opener.QuarantinedPath);
        Assert.Equal(garbage, File.ReadAllBytes(opener.QuarantinedPath));
        Assert.Equal(0, store.PendingEventCount());
        Assert.Contains(logger.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Critical && e.Message.Contains(opener.QuarantinedPath));
    }

    [Fact]
    public void A_healthy_store_opens_in_place()
    {
        string path = _dir.File("agent.db");
        using (AgentStore first = AgentStore.Open(path))
        {
            first.InsertEvent("cab-1", new O2O.Protocol.DeviceEvent { BootId = "b", Sequence = 1, Type = "dispensed" }, [1], 0);
        }

        var opener = new StoreOpener(TimeProvider.System, new CapturingLogger());
        using AgentStore store = opener.Open(path);

        Assert.Null(opener.QuarantinedPath);
        Assert.Equal(1, store.PendingEventCount());
    }

    public void Dispose() => _dir.Dispose();

    private sealed class CapturingLogger : Microsoft.Extensions.Logging.ILogger<StoreOpener>
    {
        public List<(Microsoft.Extensions.Logging.LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}

internal static class OrderTestExtensions
{
    /// <summary>An order as the flow leaves it after a granted claim: recorded, unlock committed to the outbox.</summary>
    public static void BeginOrder(this AgentStore store, string orderId, string deviceId, int slot, long nowMs)
    {
        Assert.True(store.TryRecordGrant(orderId, deviceId, slot, "unlock-" + orderId, (nowMs / 1000) + 120, nowMs));
        Assert.True(store.TryCommitUnlock(orderId, [9], nowMs));
    }
}
