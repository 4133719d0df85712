using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace O2O.EdgeAgent.Storage;

/// <summary>
/// Gathers events arriving from many devices at once into one SQLite transaction. Each caller's task
/// completes only after the transaction holding its event has committed, so a device's PUBACK still means
/// "on disk" (synchronous=FULL), but a thousand devices cost one fsync per batch instead of one each.
/// A lone event is written at once: batching adds no waiting, it only collects what already queued up.
/// </summary>
public sealed class GroupCommitWriter : IAsyncDisposable
{
    public const int MaxBatch = 1000;
    private readonly AgentStore _store;
    private readonly ILogger<GroupCommitWriter> _logger;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public GroupCommitWriter(AgentStore store, ILogger<GroupCommitWriter> logger)
    {
        _store = store;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Stores the event; true when it was new, false for a redelivery. Throws if the store failed.</summary>
    public Task<bool> StoreAsync(IncomingEvent incoming)
    {
        var pending = new Pending(incoming, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            pending.Done.SetException(new ObjectDisposedException(nameof(GroupCommitWriter)));
        }

        return pending.Done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        var events = new List<IncomingEvent>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            events.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out Pending? pending))
            {
                batch.Add(pending);
                events.Add(pending.Incoming);
            }

            try
            {
                bool[] inserted = _store.InsertEvents(events);
                for (int i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.SetResult(inserted[i]);
                }
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
            {
                // Nothing of this batch is acknowledged: every device keeps its event and publishes it again.
                _logger.LogError("Storing {Count} events failed: {Reason}", batch.Count, e.Message);
                foreach (Pending pending in batch)
                {
                    pending.Done.SetException(e);
                }
            }
        }
    }

    private sealed record Pending(IncomingEvent Incoming, TaskCompletionSource<bool> Done);
}
