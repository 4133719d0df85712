using Microsoft.Data.Sqlite;

namespace O2O.EdgeAgent.Storage;

/// <summary>
/// An order as the agent tracks it. <see cref="State"/>: granted (verified, not yet confirmed by the cloud),
/// commanded (unlock in the outbox), refused (the cloud said no), final (outcome known). <see cref="Source"/>:
/// grant (paid online) or offline (an offline token redeemed; the order id is the token id). <see cref="Minutes"/> is
/// above 0 for a paid session on a timed device, whose command is session_start instead of unlock.
/// </summary>
public sealed record OrderRecord(string OrderId, string DeviceId, int Slot, string CommandId, string State, string? Outcome, string? Reason,
    bool OutcomeReported, string Source, long ExpiresUnix, long AmountMinor, long CreatedMs, int Minutes = 0)
{
    public bool IsSession => Minutes > 0;
}

/// <summary>A device command in the outbox: sent, maybe more than once, until the device acks it.</summary>
public sealed record PendingCommand(string CommandId, string DeviceId, byte[] Payload, long LastSentMs, long CreatedMs);

public static class OrderSources
{
    public const string Grant = "grant";
    public const string Offline = "offline";
}

public sealed partial class AgentStore
{
    /// <summary>
    /// Records a verified grant before anything else happens (with its session length, 0 for an unlock, so the command
    /// can be built after a restart). False when the order is already known: a duplicate.
    /// </summary>
    public bool TryRecordGrant(string orderId, string deviceId, int slot, string commandId, long expiresUnix, long nowMs, int minutes = 0)
    {
        lock (_gate)
        {
            using SqliteCommand insert = Command("""
                INSERT INTO orders (order_id, device, slot, command_id, state, created_ms, source, expires_unix, minutes)
                VALUES ($order, $device, $slot, $command, 'granted', $now, 'grant', $expires, $minutes)
                ON CONFLICT (order_id) DO NOTHING;
                """);
            insert.Parameters.AddWithValue("$minutes", minutes);
            insert.Parameters.AddWithValue("$order", orderId);
            insert.Parameters.AddWithValue("$device", deviceId);
            insert.Parameters.AddWithValue("$slot", slot);
            insert.Parameters.AddWithValue("$command", commandId);
            insert.Parameters.AddWithValue("$now", nowMs);
            insert.Parameters.AddWithValue("$expires", expiresUnix);
            return insert.ExecuteNonQuery() == 1;
        }
    }

    /// <summary>
    /// Moves a claimed order to commanded and puts its unlock in the outbox, in one transaction. False when the
    /// order is not waiting for its claim any more (another attempt committed it first, or it was settled).
    /// </summary>
    public bool TryCommitUnlock(string orderId, byte[] commandPayload, long nowMs)
    {
        lock (_gate)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            using SqliteCommand update = Command("UPDATE orders SET state = 'commanded' WHERE order_id = $order AND state = 'granted' RETURNING command_id, device;", transaction);
            update.Parameters.AddWithValue("$order", orderId);
            string commandId, deviceId;
            using (SqliteDataReader reader = update.ExecuteReader())
            {
                if (!reader.Read())
                {
                    return false;
                }

                commandId = reader.GetString(0);
                deviceId = reader.GetString(1);
            }

            InsertCommand(transaction, commandId, deviceId, commandPayload, nowMs);
            transaction.Commit();
            return true;
        }
    }

    /// <summary>The cloud refused the claim: nothing is unlocked, and the cloud owns the order's outcome.</summary>
    public void MarkClaimRefused(string orderId, string reason)
    {
        lock (_gate)
        {
            using SqliteCommand update = Command("UPDATE orders SET state = 'refused', reason = $reason WHERE order_id = $order AND state = 'granted';");
            update.Parameters.AddWithValue("$order", orderId);
            update.Parameters.AddWithValue("$reason", reason);
            update.ExecuteNonQuery();
        }
    }

    public OrderRecord? FindOrder(string orderId) => QueryOrders("WHERE order_id = $key", orderId).FirstOrDefault();

    public OrderRecord? FindOrderByCommand(string commandId) => QueryOrders("WHERE command_id = $key", commandId).FirstOrDefault();

    /// <summary>Verified grants whose claim has not been answered yet (the cloud was unreachable, or the agent died mid-claim).</summary>
    public IReadOnlyList<OrderRecord> OrdersAwaitingClaim() => QueryOrders("WHERE state = 'granted'", null);

    /// <summary>Final outcomes of paid orders not yet accepted by the cloud.</summary>
    public IReadOnlyList<OrderRecord> UnreportedOutcomes() => QueryOrders("WHERE source = 'grant' AND outcome IS NOT NULL AND outcome_reported = 0", null);

    /// <summary>Final offline redemptions the cloud has not reconciled yet.</summary>
    public IReadOnlyList<OrderRecord> UnreconciledRedemptions() => QueryOrders("WHERE source = 'offline' AND outcome IS NOT NULL AND outcome_reported = 0", null);

    /// <summary>Orders recorded before <paramref name="beforeMs"/>, still without an outcome, whose unlock (or session_start) the device acked.</summary>
    public IReadOnlyList<OrderRecord> AckedWithoutOutcome(long beforeMs) => QueryOrders("""
        WHERE outcome IS NULL AND created_ms < $key
        AND EXISTS (SELECT 1 FROM commands WHERE commands.command_id = orders.command_id AND commands.ack_outcome IS NOT NULL)
        """, beforeMs);

    /// <summary>Records a device's ack for a command sent to that device; only the first ack counts.</summary>
    public void RecordAck(string deviceId, string commandId, string outcome, string? reason)
    {
        lock (_gate)
        {
            using SqliteCommand update = Command("""
                UPDATE commands SET ack_outcome = $outcome, ack_reason = $reason
                WHERE command_id = $command AND device = $device AND ack_outcome IS NULL;
                """);
            update.Parameters.AddWithValue("$outcome", outcome);
            update.Parameters.AddWithValue("$reason", (object?)reason ?? DBNull.Value);
            update.Parameters.AddWithValue("$command", commandId);
            update.Parameters.AddWithValue("$device", deviceId);
            update.ExecuteNonQuery();
        }
    }

    /// <summary>Sets an order's final outcome. True only for the call that set it: an order has exactly one.</summary>
    public bool TrySetOutcome(string orderId, string outcome, string? reason)
    {
        lock (_gate)
        {
            using SqliteCommand update = Command("""
                UPDATE orders SET outcome = $outcome, reason = $reason, state = 'final'
                WHERE order_id = $order AND outcome IS NULL AND state <> 'refused';
                """);
            update.Parameters.AddWithValue("$outcome", outcome);
            update.Parameters.AddWithValue("$reason", (object?)reason ?? DBNull.Value);
            update.Parameters.AddWithValue("$order", orderId);
            return update.ExecuteNonQuery() == 1;
        }
    }

    /// <summary>The cloud has the outcome (an outcome call, or reconciliation for an offline redemption).</summary>
    public void MarkOutcomeReported(string orderId)
    {
        lock (_gate)
        {
            using SqliteCommand update = Command("UPDATE orders SET outcome_reported = 1 WHERE order_id = $order;");
            update.Parameters.AddWithValue("$order", orderId);
            update.ExecuteNonQuery();
        }
    }

    /// <summary>Commands the device has not acked yet, oldest first.</summary>
    public IReadOnlyList<PendingCommand> UnackedCommands()
    {
        lock (_gate)
        {
            using SqliteCommand query = Command("SELECT command_id, device, payload, last_sent_ms, created_ms FROM commands WHERE ack_outcome IS NULL ORDER BY created_ms;");
            using SqliteDataReader reader = query.ExecuteReader();
            var commands = new List<PendingCommand>();
            while (reader.Read())
            {
                commands.Add(new PendingCommand(reader.GetString(0), reader.GetString(1), (byte[])reader.GetValue(2), reader.GetInt64(3), reader.GetInt64(4)));
            }

            return commands;
        }
    }

    public void MarkCommandSent(string commandId, long nowMs)
    {
        lock (_gate)
        {
            using SqliteCommand update = Command("UPDATE commands SET last_sent_ms = $now WHERE command_id = $command;");
            update.Parameters.AddWithValue("$now", nowMs);
            update.Parameters.AddWithValue("$command", commandId);
            update.ExecuteNonQuery();
        }
    }

    private void InsertCommand(SqliteTransaction transaction, string commandId, string deviceId, byte[] payload, long nowMs)
    {
        using SqliteCommand command = Command("INSERT INTO commands (command_id, device, payload, created_ms) VALUES ($command, $device, $payload, $now);", transaction);
        command.Parameters.AddWithValue("$command", commandId);
        command.Parameters.AddWithValue("$device", deviceId);
        command.Parameters.AddWithValue("$payload", payload);
        command.Parameters.AddWithValue("$now", nowMs);
        command.ExecuteNonQuery();
    }

    private List<OrderRecord> QueryOrders(string where, object? key)
    {
        lock (_gate)
        {
            using SqliteCommand query = Command($"""
                SELECT order_id, device, slot, command_id, state, outcome, reason, outcome_reported, source, expires_unix, amount_minor, created_ms, minutes
                FROM orders {where} ORDER BY created_ms;
                """);
            if (key is not null)
            {
                query.Parameters.AddWithValue("$key", key);
            }

            using SqliteDataReader reader = query.ExecuteReader();
            var orders = new List<OrderRecord>();
            while (reader.Read())
            {
                orders.Add(new OrderRecord(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetInt64(7) == 1,
                    reader.GetString(8), reader.GetInt64(9), reader.GetInt64(10), reader.GetInt64(11), reader.GetInt32(12)));
            }

            return orders;
        }
    }
}
