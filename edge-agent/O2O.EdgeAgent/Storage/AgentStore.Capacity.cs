using Microsoft.Data.Sqlite;

namespace O2O.EdgeAgent.Storage;

public sealed partial class AgentStore
{
    /// <summary>Bytes the database uses (pages in use, not free pages waiting for reuse).</summary>
    public long UsedBytes()
    {
        lock (_gate)
        {
            long pageSize = (long)Scalar(_connection, "PRAGMA page_size;")!;
            long pages = (long)Scalar(_connection, "PRAGMA page_count;")!;
            long free = (long)Scalar(_connection, "PRAGMA freelist_count;")!;
            return (pages - free) * pageSize;
        }
    }

    /// <summary>Forgets events the cloud acknowledged before <paramref name="beforeMs"/>; returns how many.</summary>
    public int PruneUploaded(long beforeMs)
    {
        lock (_gate)
        {
            using SqliteCommand delete = Command("DELETE FROM events WHERE uploaded = 1 AND received_ms < $before;");
            delete.Parameters.AddWithValue("$before", beforeMs);
            return delete.ExecuteNonQuery();
        }
    }

    /// <summary>Keeps only each device's latest unsent heartbeat: under pressure, older ones say nothing new.</summary>
    public int CoalesceHeartbeats()
    {
        lock (_gate)
        {
            using SqliteCommand delete = Command("""
                DELETE FROM events WHERE uploaded = 0 AND type = 'heartbeat'
                AND id NOT IN (SELECT MAX(id) FROM events WHERE uploaded = 0 AND type = 'heartbeat' GROUP BY device);
                """);
            return delete.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Deletes up to <paramref name="count"/> of the oldest unsent non-transactional events, heartbeats first.
    /// Transactional events (money, goods, security) are never candidates.
    /// </summary>
    public int EvictTelemetry(int count)
    {
        lock (_gate)
        {
            using SqliteCommand delete = Command("""
                DELETE FROM events WHERE id IN (
                    SELECT id FROM events WHERE uploaded = 0 AND transactional = 0
                    ORDER BY CASE type WHEN 'heartbeat' THEN 0 ELSE 1 END, id LIMIT $count);
                """);
            delete.Parameters.AddWithValue("$count", count);
            return delete.ExecuteNonQuery();
        }
    }

    /// <summary>Unsent events that may still be evicted.</summary>
    public long PendingTelemetryCount()
    {
        lock (_gate)
        {
            using SqliteCommand query = Command("SELECT COUNT(*) FROM events WHERE uploaded = 0 AND transactional = 0;");
            return (long)query.ExecuteScalar()!;
        }
    }
}
