using Microsoft.Data.Sqlite;
using O2O.Protocol;

namespace O2O.EdgeAgent.Storage;

/// <summary>An event accepted from a device, on its way into the store.</summary>
public sealed record IncomingEvent(string DeviceId, DeviceEvent Event, byte[] Payload, long ReceivedMs);

/// <summary>An event as stored for upload.</summary>
public sealed record StoredEvent(long Id, string DeviceId, byte[] Payload, long ReceivedMs);

public sealed partial class AgentStore
{
    /// <summary>Stores an accepted device event. False when (device, boot, seq) is already stored: a redelivery.</summary>
    public bool InsertEvent(string deviceId, DeviceEvent evt, byte[] payload, long receivedMs)
    {
        lock (_gate)
        {
            using SqliteCommand insert = Command("""
                INSERT INTO events (device, boot, seq, type, transactional, payload, received_ms)
                VALUES ($device, $boot, $seq, $type, $transactional, $payload, $received)
                ON CONFLICT (device, boot, seq) DO NOTHING;
                """);
            insert.Parameters.AddWithValue("$device", deviceId);
            insert.Parameters.AddWithValue("$boot", evt.BootId);
            insert.Parameters.AddWithValue("$seq", evt.Sequence);
            insert.Parameters.AddWithValue("$type", evt.Type);
            insert.Parameters.AddWithValue("$transactional", EventTypes.IsTransactional(evt.Type) ? 1 : 0);
            insert.Parameters.AddWithValue("$payload", payload);
            insert.Parameters.AddWithValue("$received", receivedMs);
            return insert.ExecuteNonQuery() == 1;
        }
    }

    /// <summary>
    /// Stores several accepted events in one transaction (one fsync for all: group commit). Returns, per event,
    /// whether it was new (false for a redelivery already stored).
    /// </summary>
    public bool[] InsertEvents(IReadOnlyList<IncomingEvent> events)
    {
        var inserted = new bool[events.Count];
        lock (_gate)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            using SqliteCommand insert = Command("""
                INSERT INTO events (device, boot, seq, type, transactional, payload, received_ms)
                VALUES ($device, $boot, $seq, $type, $transactional, $payload, $received)
                ON CONFLICT (device, boot, seq) DO NOTHING;
                """, transaction);
            SqliteParameter device = insert.Parameters.Add("$device", SqliteType.Text);
            SqliteParameter boot = insert.Parameters.Add("$boot", SqliteType.Text);
            SqliteParameter seq = insert.Parameters.Add("$seq", SqliteType.Integer);
            SqliteParameter type = insert.Parameters.Add("$type", SqliteType.Text);
            SqliteParameter transactional = insert.Parameters.Add("$transactional", SqliteType.Integer);
            SqliteParameter payload = insert.Parameters.Add("$payload", SqliteType.Blob);
            SqliteParameter received = insert.Parameters.Add("$received", SqliteType.Integer);
            for (int i = 0; i < events.Count; i++)
            {
                IncomingEvent e = events[i];
                device.Value = e.DeviceId;
                boot.Value = e.Event.BootId;
                seq.Value = e.Event.Sequence;
                type.Value = e.Event.Type;
                transactional.Value = EventTypes.IsTransactional(e.Event.Type) ? 1 : 0;
                payload.Value = e.Payload;
                received.Value = e.ReceivedMs;
                inserted[i] = insert.ExecuteNonQuery() == 1;
            }

            transaction.Commit();
            Commits++;
        }

        return inserted;
    }

    /// <summary>Transactions committed by <see cref="InsertEvents"/>, for tests and metrics.</summary>
    public long Commits { get; private set; }

    /// <summary>The oldest events not yet acknowledged by the cloud, in arrival order (which keeps per-device order).</summary>
    public IReadOnlyList<StoredEvent> PendingEvents(int max)
    {
        lock (_gate)
        {
            using SqliteCommand query = Command("SELECT id, device, payload, received_ms FROM events WHERE uploaded = 0 ORDER BY id LIMIT $max;");
            query.Parameters.AddWithValue("$max", max);
            using SqliteDataReader reader = query.ExecuteReader();
            var events = new List<StoredEvent>();
            while (reader.Read())
            {
                events.Add(new StoredEvent(reader.GetInt64(0), reader.GetString(1), (byte[])reader.GetValue(2), reader.GetInt64(3)));
            }

            return events;
        }
    }

    public void MarkUploaded(IReadOnlyList<StoredEvent> events)
    {
        lock (_gate)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            using SqliteCommand update = Command("UPDATE events SET uploaded = 1 WHERE id = $id;", transaction);
            SqliteParameter id = update.Parameters.Add("$id", SqliteType.Integer);
            foreach (StoredEvent evt in events)
            {
                id.Value = evt.Id;
                update.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    /// <summary>When the oldest unsent event arrived (Unix ms), or null when nothing waits.</summary>
    public long? OldestPendingReceivedMs()
    {
        lock (_gate)
        {
            using SqliteCommand query = Command("SELECT MIN(received_ms) FROM events WHERE uploaded = 0;");
            object? value = query.ExecuteScalar();
            return value is long ms ? ms : null;
        }
    }

    public long PendingEventCount()
    {
        lock (_gate)
        {
            using SqliteCommand query = Command("SELECT COUNT(*) FROM events WHERE uploaded = 0;");
            return (long)query.ExecuteScalar()!;
        }
    }
}
