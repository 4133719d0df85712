using Microsoft.Data.Sqlite;

namespace O2O.EdgeAgent.Storage;

/// <summary>
/// One journal line: <see cref="Source"/> "api" is an opening requested through the agent with a pass; "device" is an
/// opening the device reports having made (asked at its console with its own technician login, or by the agent).
/// </summary>
public sealed record TechnicianOpening(long Id, long AtMs, string TechnicianId, string DeviceId, int Slot, string Source, string? PassId, string? CommandId);

public sealed partial class AgentStore
{
    /// <summary>Journals a maintenance opening asked through the API and puts its command in the outbox, together.</summary>
    public long JournalTechnicianUnlock(string technicianId, string deviceId, int slot, string passId, string commandId, byte[] commandPayload, long nowMs)
    {
        lock (_gate)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            using SqliteCommand insert = Command("""
                INSERT INTO technician_journal (at_ms, technician, device, slot, source, pass_id, command_id)
                VALUES ($at, $tech, $device, $slot, 'api', $pass, $command) RETURNING id;
                """, transaction);
            insert.Parameters.AddWithValue("$at", nowMs);
            insert.Parameters.AddWithValue("$tech", technicianId);
            insert.Parameters.AddWithValue("$device", deviceId);
            insert.Parameters.AddWithValue("$slot", slot);
            insert.Parameters.AddWithValue("$pass", passId);
            insert.Parameters.AddWithValue("$command", commandId);
            long id = (long)insert.ExecuteScalar()!;
            InsertCommand(transaction, commandId, deviceId, commandPayload, nowMs);
            transaction.Commit();
            return id;
        }
    }

    /// <summary>Journals an opening the device reports (its technician_unlock event); a redelivered event is journaled once.</summary>
    public void JournalDeviceOpening(string technicianId, string deviceId, int slot, string boot, long seq, long nowMs)
    {
        lock (_gate)
        {
            using SqliteCommand insert = Command("""
                INSERT OR IGNORE INTO technician_journal (at_ms, technician, device, slot, source, boot, seq)
                VALUES ($at, $tech, $device, $slot, 'device', $boot, $seq);
                """);
            insert.Parameters.AddWithValue("$at", nowMs);
            insert.Parameters.AddWithValue("$tech", technicianId);
            insert.Parameters.AddWithValue("$device", deviceId);
            insert.Parameters.AddWithValue("$slot", slot);
            insert.Parameters.AddWithValue("$boot", boot);
            insert.Parameters.AddWithValue("$seq", seq);
            insert.ExecuteNonQuery();
        }
    }

    public IReadOnlyList<TechnicianOpening> TechnicianJournal(int limit)
    {
        lock (_gate)
        {
            using SqliteCommand query = Command("SELECT id, at_ms, technician, device, slot, source, pass_id, command_id FROM technician_journal ORDER BY id DESC LIMIT $limit;");
            query.Parameters.AddWithValue("$limit", limit);
            using SqliteDataReader reader = query.ExecuteReader();
            var openings = new List<TechnicianOpening>();
            while (reader.Read())
            {
                openings.Add(new TechnicianOpening(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                    reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7)));
            }

            return openings;
        }
    }
}
