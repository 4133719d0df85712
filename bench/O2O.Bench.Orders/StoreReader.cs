using Microsoft.Data.Sqlite;

namespace O2O.Bench.Orders;

/// <summary>
/// Reads the agent's SQLite file from the benchmark's process while the agent runs in its own (WAL lets a reader
/// beside the writer): which offline tokens are ready, and how many events were stored. Read-only, never a writer.
/// </summary>
internal sealed class StoreReader(string path)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();

    /// <summary>Unspent offline tokens cached for the device; 0 until the agent has created its store.</summary>
    public long UnspentTokens(string deviceId) => File.Exists(path)
        ? Scalar("SELECT COUNT(*) FROM offline_tokens WHERE device = $a AND spent_ms IS NULL;", deviceId)
        : 0;

    /// <summary>Unspent offline tokens cached for all devices.</summary>
    public long UnspentTokens() => File.Exists(path) ? Scalar("SELECT COUNT(*) FROM offline_tokens WHERE spent_ms IS NULL;", null) : 0;

    public bool IsUnspent(string tokenId) => Scalar("SELECT COUNT(*) FROM offline_tokens WHERE token_id = $a AND spent_ms IS NULL;", tokenId) == 1;

    public long EventCount() => Scalar("SELECT COUNT(*) FROM events;", null);

    private long Scalar(string sql, string? argument)
    {
        try
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = sql;
            if (argument is not null)
            {
                command.Parameters.AddWithValue("$a", argument);
            }

            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1)
        {
            // "no such table": the agent has not created its schema yet.
            return 0;
        }
    }
}
