using Microsoft.Data.Sqlite;

namespace O2O.EdgeAgent.Storage;

/// <summary>An order as the agent tracks it, from grant to reported outcome.</summary>
public sealed record OrderRecord(string OrderId, string DeviceId, int Slot, string CommandId, string? Outcome, string? Reason, bool OutcomeReported);

/// <summary>A device command in the outbox: sent, maybe more than once, until the device acks it.</summary>
public sealed record PendingCommand(string CommandId, string DeviceId, byte[] Payload, long LastSentMs, long CreatedMs);

public sealed partial class AgentStore
{
    /// <summary>
    /// Records a new order and its unlock command in one transaction. False when the order is already
    /// known: a duplicate grant, which must not cause a second unlock.
    /// </summary>
    public bool TryBeginOrder(string orderId, string deviceId, int slot, string commandId, byte[] commandPayload, long nowMs)
    {
        lock (_gate)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            using SqliteCommand order = Command("""
                INSERT INTO orders (order_id, device, slot, command_id, state, created_ms)
                VALUES ($order, $device, $slot, $command, 'commanded', $now)
                ON CONFLICT (order_id) DO NOTHING;
                """, transaction);
            order.Parameters.AddWithValue("$order", orderId);
            order.Parameters.AddWithValue("$device", deviceId);
            order.Parameters.AddWithValue("$slot", slot);
            order.Parameters.AddWithValue("$command", commandId);
            order.Parameters.AddWithValue("$now", nowMs);
            if (order.ExecuteNonQuery() == 0)
            {
                return false;
            }

            using SqliteCommand command = Command("""
                INSERT INTO commands (command_id, device, payload, created_ms) VALUES ($command, $device, $payload, $now);
                """, transaction);
            command.Parameters.AddWithValue("$command", commandId);
            command.Parameters.AddWithValue("$device", deviceId);
            command.Parameters.AddWithValue("$payload", commandPayload);
            command.Parameters.AddWithValue("$now", nowMs);
            command.ExecuteNonQuery();
            transaction.Commit();
            return true;
        }
    }

    public OrderRecord? FindOrder(string orderId) => QueryOrders("WHERE order_id = $key", orderId).FirstOrDefault();

    public OrderRecord? FindOrderByCommand(string commandId) => QueryOrders("WHERE command_id = $key", commandId).FirstOrDefault();

    /// <summary>Final outcomes not yet accepted by the cloud.</summary>
    public IReadOnlyList<OrderRecord> UnreportedOutcomes() => QueryOrders("WHERE outcome IS NOT NULL AND outcome_reported = 0", null);

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
                UPDATE orders SET outcome = $outcome, reason = $reason, state = 'final' WHERE order_id = $order AND outcome IS NULL;
                """);
            update.Parameters.AddWithValue("$outcome", outcome);
            update.Parameters.AddWithValue("$reason", (object?)reason ?? DBNull.Value);
            update.Parameters.AddWithValue("$order", orderId);
            return update.ExecuteNonQuery() == 1;
        }
    }

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

    private List<OrderRecord> QueryOrders(string where, string? key)
    {
        lock (_gate)
        {
            using SqliteCommand query = Command($"SELECT order_id, device, slot, command_id, outcome, reason, outcome_reported FROM orders {where} ORDER BY created_ms;");
            if (key is not null)
            {
                query.Parameters.AddWithValue("$key", key);
            }

            using SqliteDataReader reader = query.ExecuteReader();
            var orders = new List<OrderRecord>();
            while (reader.Read())
            {
                orders.Add(new OrderRecord(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt64(6) == 1));
            }

            return orders;
        }
    }
}
