using Microsoft.Extensions.Logging.Abstractions;
using O2O.EdgeAgent.Storage;
using O2O.Protocol;

namespace O2O.EdgeAgent.Tests;

public sealed class GroupCommitWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Concurrent_events_share_transactions_and_each_caller_learns_whether_its_event_was_new()
    {
        using AgentStore store = AgentStore.Open(_dir.File("agent.db"));
        await using var writer = new GroupCommitWriter(store, NullLogger<GroupCommitWriter>.Instance);

        Task<bool>[] stores = Enumerable.Range(1, 2000)
            .Select(i => Task.Run(() => writer.StoreAsync(Incoming("cab-" + (i % 50), i))))
            .ToArray();
        bool[] results = await Task.WhenAll(stores);

        Assert.All(results, Assert.True);
        Assert.Equal(2000, store.PendingEventCount());
        Assert.True(store.Commits < 2000, $"{store.Commits} commits for 2000 events: nothing was grouped");
        Assert.False(await writer.StoreAsync(Incoming("cab-1", 1)));
    }

    [Fact]
    public async Task The_task_completes_only_once_the_event_is_committed()
    {
        using AgentStore store = AgentStore.Open(_dir.File("agent.db"));
        await using var writer = new GroupCommitWriter(store, NullLogger<GroupCommitWriter>.Instance);

        Assert.True(await writer.StoreAsync(Incoming("cab-1", 7)));

        // A second connection sees it: it is in the file, not only in this process.
        using AgentStore other = AgentStore.Open(_dir.File("agent.db"));
        Assert.Equal(1, other.PendingEventCount());
    }

    [Fact]
    public async Task A_failing_store_fails_every_waiting_caller_so_no_device_gets_an_acknowledgement()
    {
        AgentStore store = AgentStore.Open(_dir.File("agent.db"));
        await using var writer = new GroupCommitWriter(store, NullLogger<GroupCommitWriter>.Instance);
        store.Dispose();

        await Assert.ThrowsAnyAsync<Exception>(() => writer.StoreAsync(Incoming("cab-1", 1)));
    }

    public void Dispose() => _dir.Dispose();

    private static IncomingEvent Incoming(string device, long seq) =>
        new(device, new DeviceEvent { BootId = "b1", Sequence = seq, Type = EventTypes.Heartbeat }, [1, 2, 3], 0);
}
