using Microsoft.Data.Sqlite;

namespace O2O.EdgeAgent.Storage;

/// <summary>A cached offline token. <see cref="Body"/> is the signed token itself, checked again at redemption.</summary>
public sealed record CachedToken(string TokenId, string DeviceId, int Slot, string Code, long NotBeforeUnix, long ExpiresUnix,
    string PriceClass, long AmountMinor, string Body, bool Spent);

/// <summary>Offline redemptions of one device not yet reconciled with the cloud: the exposure the offline limits cap.</summary>
public sealed record OfflineExposure(int Count, long AmountMinor);

public sealed partial class AgentStore
{
    /// <summary>Adds verified tokens to the cache; a token already cached is left as it is (spent stays spent).</summary>
    public int AddOfflineTokens(IEnumerable<CachedToken> tokens)
    {
        lock (_gate)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            int added = 0;
            foreach (CachedToken token in tokens)
            {
                using SqliteCommand insert = Command("""
                    INSERT INTO offline_tokens (token_id, device, slot, code, not_before, expires, price_class, amount_minor, body)
                    VALUES ($id, $device, $slot, $code, $nbf, $exp, $class, $amount, $body) ON CONFLICT (token_id) DO NOTHING;
                    """, transaction);
                insert.Parameters.AddWithValue("$id", token.TokenId);
                insert.Parameters.AddWithValue("$device", token.DeviceId);
                insert.Parameters.AddWithValue("$slot", token.Slot);
                insert.Parameters.AddWithValue("$code", token.Code);
                insert.Parameters.AddWithValue("$nbf", token.NotBeforeUnix);
                insert.Parameters.AddWithValue("$exp", token.ExpiresUnix);
                insert.Parameters.AddWithValue("$class", token.PriceClass);
                insert.Parameters.AddWithValue("$amount", token.AmountMinor);
                insert.Parameters.AddWithValue("$body", token.Body);
                added += insert.ExecuteNonQuery();
            }

            transaction.Commit();
            return added;
        }
    }

    public CachedToken? FindOfflineToken(string tokenId) => QueryTokens("WHERE token_id = $a", tokenId, null).FirstOrDefault();

    /// <summary>Tokens of one device whose short code is <paramref name="code"/> (two colliding codes are possible, if unlikely).</summary>
    public IReadOnlyList<CachedToken> FindOfflineTokensByCode(string deviceId, string code) => QueryTokens("WHERE device = $a AND code = $b", deviceId, code);

    /// <summary>
    /// Ids of a device's cached tokens still valid at <paramref name="validAtUnix"/>, spent or not: what the agent tells
    /// the cloud it holds. Expired ones are left out (the cloud never sends those again), so the list stays the size of
    /// a pool and a lifetime's redemptions instead of growing with every token the device ever spent.
    /// </summary>
    public IReadOnlyList<string> OfflineTokenIds(string deviceId, long validAtUnix)
    {
        lock (_gate)
        {
            using SqliteCommand query = Command("SELECT token_id FROM offline_tokens WHERE device = $device AND expires > $now;");
            query.Parameters.AddWithValue("$device", deviceId);
            query.Parameters.AddWithValue("$now", validAtUnix);
            using SqliteDataReader reader = query.ExecuteReader();
            var ids = new List<string>();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        }
    }

    /// <summary>Unspent tokens of a device still valid at <paramref name="validAtUnix"/>: what the pool can still sell.</summary>
    public int CountUsableTokens(string deviceId, long validAtUnix)
    {
        lock (_gate)
        {
            using SqliteCommand count = Command("SELECT COUNT(*) FROM offline_tokens WHERE device = $device AND spent_ms IS NULL AND expires > $at;");
            count.Parameters.AddWithValue("$device", deviceId);
            count.Parameters.AddWithValue("$at", validAtUnix);
            return (int)(long)count.ExecuteScalar()!;
        }
    }

    /// <summary>Forgets unspent tokens that expired; spent ones stay until their redemption is reconciled.</summary>
    public int PurgeExpiredTokens(long nowUnix)
    {
        lock (_gate)
        {
            using SqliteCommand delete = Command("DELETE FROM offline_tokens WHERE spent_ms IS NULL AND expires <= $now;");
            delete.Parameters.AddWithValue("$now", nowUnix);
            return delete.ExecuteNonQuery();
        }
    }

    public OfflineExposure UnreconciledExposure(string deviceId)
    {
        lock (_gate)
        {
            using SqliteCommand sum = Command("SELECT COUNT(*), COALESCE(SUM(amount_minor), 0) FROM orders WHERE source = 'offline' AND device = $device AND outcome_reported = 0;");
            sum.Parameters.AddWithValue("$device", deviceId);
            using SqliteDataReader reader = sum.ExecuteReader();
            reader.Read();
            return new OfflineExposure(reader.GetInt32(0), reader.GetInt64(1));
        }
    }

    /// <summary>
    /// Spends a token and records its order and unlock command, in one transaction: either the token is spent and
    /// the unlock is in the outbox, or neither. False when the token was already spent (a replay).
    /// </summary>
    public bool TrySpendToken(CachedToken token, int slot, string commandId, byte[] commandPayload, long nowMs)
    {
        lock (_gate)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            using SqliteCommand spend = Command("UPDATE offline_tokens SET spent_ms = $now WHERE token_id = $id AND spent_ms IS NULL;", transaction);
            spend.Parameters.AddWithValue("$now", nowMs);
            spend.Parameters.AddWithValue("$id", token.TokenId);
            if (spend.ExecuteNonQuery() == 0)
            {
                return false;
            }

            using SqliteCommand order = Command("""
                INSERT INTO orders (order_id, device, slot, command_id, state, created_ms, source, expires_unix, amount_minor)
                VALUES ($order, $device, $slot, $command, 'commanded', $now, 'offline', $expires, $amount);
                """, transaction);
            order.Parameters.AddWithValue("$order", token.TokenId);
            order.Parameters.AddWithValue("$device", token.DeviceId);
            order.Parameters.AddWithValue("$slot", slot);
            order.Parameters.AddWithValue("$command", commandId);
            order.Parameters.AddWithValue("$now", nowMs);
            order.Parameters.AddWithValue("$expires", token.ExpiresUnix);
            order.Parameters.AddWithValue("$amount", token.AmountMinor);
            order.ExecuteNonQuery();
            InsertCommand(transaction, commandId, token.DeviceId, commandPayload, nowMs);
            transaction.Commit();
            return true;
        }
    }

    /// <summary>Replaces the cached public signing keys (SubjectPublicKeyInfo by key id), so they survive a restart while offline.</summary>
    public void ReplaceSigningKeys(IReadOnlyDictionary<string, byte[]> keys)
    {
        lock (_gate)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            using (SqliteCommand clear = Command("DELETE FROM signing_keys;", transaction))
            {
                clear.ExecuteNonQuery();
            }

            foreach ((string kid, byte[] spki) in keys)
            {
                using SqliteCommand insert = Command("INSERT INTO signing_keys (kid, spki) VALUES ($kid, $spki);", transaction);
                insert.Parameters.AddWithValue("$kid", kid);
                insert.Parameters.AddWithValue("$spki", spki);
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    public Dictionary<string, byte[]> SigningKeys()
    {
        lock (_gate)
        {
            using SqliteCommand query = Command("SELECT kid, spki FROM signing_keys;");
            using SqliteDataReader reader = query.ExecuteReader();
            var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            while (reader.Read())
            {
                keys[reader.GetString(0)] = (byte[])reader.GetValue(1);
            }

            return keys;
        }
    }

    /// <summary>Replaces the revocation list: kind "token" (offline token or pass id) or "technician".</summary>
    public void ReplaceRevocations(IEnumerable<string> tokenIds, IEnumerable<string> technicianIds)
    {
        lock (_gate)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            using (SqliteCommand clear = Command("DELETE FROM revocations;", transaction))
            {
                clear.ExecuteNonQuery();
            }

            foreach ((string kind, string id) in tokenIds.Select(id => ("token", id)).Concat(technicianIds.Select(id => ("technician", id))))
            {
                using SqliteCommand insert = Command("INSERT OR IGNORE INTO revocations (kind, id) VALUES ($kind, $id);", transaction);
                insert.Parameters.AddWithValue("$kind", kind);
                insert.Parameters.AddWithValue("$id", id);
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    public bool IsRevoked(string kind, string id)
    {
        lock (_gate)
        {
            using SqliteCommand query = Command("SELECT 1 FROM revocations WHERE kind = $kind AND id = $id;");
            query.Parameters.AddWithValue("$kind", kind);
            query.Parameters.AddWithValue("$id", id);
            return query.ExecuteScalar() is not null;
        }
    }

    /// <summary>Records what reconciliation reported and marks the redemptions it covered as reconciled, together.</summary>
    public void RecordReconciliation(IEnumerable<string> reconciledOrderIds, IEnumerable<(string TokenId, string Kind, string Detail)> conflicts, long nowMs)
    {
        lock (_gate)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            foreach (string orderId in reconciledOrderIds)
            {
                using SqliteCommand update = Command("UPDATE orders SET outcome_reported = 1 WHERE order_id = $order;", transaction);
                update.Parameters.AddWithValue("$order", orderId);
                update.ExecuteNonQuery();
            }

            foreach ((string tokenId, string kind, string detail) in conflicts)
            {
                using SqliteCommand insert = Command("INSERT OR IGNORE INTO conflicts (token_id, kind, detail, received_ms) VALUES ($token, $kind, $detail, $now);", transaction);
                insert.Parameters.AddWithValue("$token", tokenId);
                insert.Parameters.AddWithValue("$kind", kind);
                insert.Parameters.AddWithValue("$detail", detail);
                insert.Parameters.AddWithValue("$now", nowMs);
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    public IReadOnlyList<(string TokenId, string Kind, string Detail, long ReceivedMs)> Conflicts()
    {
        lock (_gate)
        {
            using SqliteCommand query = Command("SELECT token_id, kind, detail, received_ms FROM conflicts ORDER BY received_ms, token_id;");
            using SqliteDataReader reader = query.ExecuteReader();
            var conflicts = new List<(string, string, string, long)>();
            while (reader.Read())
            {
                conflicts.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3)));
            }

            return conflicts;
        }
    }

    private List<CachedToken> QueryTokens(string where, string a, string? b)
    {
        lock (_gate)
        {
            using SqliteCommand query = Command($"SELECT token_id, device, slot, code, not_before, expires, price_class, amount_minor, body, spent_ms FROM offline_tokens {where};");
            query.Parameters.AddWithValue("$a", a);
            if (b is not null)
            {
                query.Parameters.AddWithValue("$b", b);
            }

            using SqliteDataReader reader = query.ExecuteReader();
            var tokens = new List<CachedToken>();
            while (reader.Read())
            {
                tokens.Add(new CachedToken(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetInt64(4), reader.GetInt64(5),
                    reader.GetString(6), reader.GetInt64(7), reader.GetString(8), !reader.IsDBNull(9)));
            }

            return tokens;
        }
    }
}
