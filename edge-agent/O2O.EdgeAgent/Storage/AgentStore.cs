using Microsoft.Data.Sqlite;

namespace O2O.EdgeAgent.Storage;

/// <summary>
/// The agent's durable state in one SQLite file (WAL, synchronous=FULL): device events awaiting upload,
/// orders, and the outbox of device commands. An event is committed before its device's PUBACK, and an
/// order is committed together with the unlock command it causes, so a crash at any point loses nothing.
/// One connection behind a lock: SQLite serialises writers anyway, and it keeps the code obviously correct.
/// </summary>
public sealed partial class AgentStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    private AgentStore(SqliteConnection connection)
    {
        _connection = connection;
    }

    public string Path { get; private init; } = "";

    /// <summary>Random id of this store file, fixed at creation.</summary>
    public string StoreId { get; private init; } = "";

    /// <summary>Opens or creates the store. A file that is not a healthy SQLite database is refused, never silently replaced.</summary>
    public static AgentStore Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
            string integrity = Scalar(connection, "PRAGMA quick_check;") as string ?? "";
            if (integrity != "ok")
            {
                throw new StoreCorruptException($"Store {path} failed its integrity check: {integrity}");
            }

            Execute(connection, Schema);
            Migrate(connection);
            // A random id per store file: batch ids built from row ids stay unique even if the file is ever recreated.
            Execute(connection, $"INSERT OR IGNORE INTO meta (key, value) VALUES ('store_id', '{Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()}');");
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new StoreCorruptException($"Store {path} cannot be opened: {e.Message}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new AgentStore(connection) { Path = path, StoreId = (string)Scalar(connection, "SELECT value FROM meta WHERE key = 'store_id';")! };
    }

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            device TEXT NOT NULL,
            boot TEXT NOT NULL,
            seq INTEGER NOT NULL,
            type TEXT NOT NULL,
            transactional INTEGER NOT NULL,
            payload BLOB NOT NULL,
            received_ms INTEGER NOT NULL,
            uploaded INTEGER NOT NULL DEFAULT 0,
            UNIQUE (device, boot, seq));
        CREATE INDEX IF NOT EXISTS events_pending ON events (uploaded, id);
        CREATE TABLE IF NOT EXISTS orders (
            order_id TEXT PRIMARY KEY,
            device TEXT NOT NULL,
            slot INTEGER NOT NULL,
            command_id TEXT NOT NULL,
            state TEXT NOT NULL,
            outcome TEXT,
            reason TEXT,
            outcome_reported INTEGER NOT NULL DEFAULT 0,
            created_ms INTEGER NOT NULL,
            source TEXT NOT NULL DEFAULT 'grant',
            expires_unix INTEGER NOT NULL DEFAULT 0,
            amount_minor INTEGER NOT NULL DEFAULT 0,
            minutes INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS orders_open ON orders (state, outcome_reported);
        -- The retry loop's every-second questions (orders without an outcome, commands without an ack) stay cheap
        -- however long the history grows: these partial indexes hold only the open rows.
        CREATE INDEX IF NOT EXISTS orders_unsettled ON orders (created_ms) WHERE outcome IS NULL;
        CREATE TABLE IF NOT EXISTS commands (
            command_id TEXT PRIMARY KEY,
            device TEXT NOT NULL,
            payload BLOB NOT NULL,
            created_ms INTEGER NOT NULL,
            last_sent_ms INTEGER NOT NULL DEFAULT 0,
            ack_outcome TEXT,
            ack_reason TEXT);
        CREATE INDEX IF NOT EXISTS commands_unacked ON commands (created_ms) WHERE ack_outcome IS NULL;
        CREATE TABLE IF NOT EXISTS offline_tokens (
            token_id TEXT PRIMARY KEY,
            device TEXT NOT NULL,
            slot INTEGER NOT NULL,
            code TEXT NOT NULL,
            not_before INTEGER NOT NULL,
            expires INTEGER NOT NULL,
            price_class TEXT NOT NULL,
            amount_minor INTEGER NOT NULL,
            body TEXT NOT NULL,
            spent_ms INTEGER);
        CREATE INDEX IF NOT EXISTS offline_tokens_code ON offline_tokens (device, code);
        CREATE TABLE IF NOT EXISTS signing_keys (kid TEXT PRIMARY KEY, spki BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS revocations (kind TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (kind, id));
        CREATE TABLE IF NOT EXISTS conflicts (
            token_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            detail TEXT NOT NULL,
            received_ms INTEGER NOT NULL,
            PRIMARY KEY (token_id, kind));
        CREATE TABLE IF NOT EXISTS technician_journal (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at_ms INTEGER NOT NULL,
            technician TEXT NOT NULL,
            device TEXT NOT NULL,
            slot INTEGER NOT NULL,
            source TEXT NOT NULL,
            pass_id TEXT,
            command_id TEXT,
            boot TEXT,
            seq INTEGER,
            UNIQUE (device, boot, seq));
        """;

    // Stores written before offline tokens existed lack the new order columns; CREATE TABLE IF NOT EXISTS leaves them so.
    private static void Migrate(SqliteConnection connection)
    {
        using SqliteCommand columns = connection.CreateCommand();
        columns.CommandText = "SELECT COUNT(*) FROM pragma_table_info('orders') WHERE name = 'source';";
        if ((long)columns.ExecuteScalar()! == 0)
        {
            Execute(connection, """
                ALTER TABLE orders ADD COLUMN source TEXT NOT NULL DEFAULT 'grant';
                ALTER TABLE orders ADD COLUMN expires_unix INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE orders ADD COLUMN amount_minor INTEGER NOT NULL DEFAULT 0;
                """);
        }

        // Stores written before session grants existed: every order in them opened a slot (0 minutes).
        columns.CommandText = "SELECT COUNT(*) FROM pragma_table_info('orders') WHERE name = 'minutes';";
        if ((long)columns.ExecuteScalar()! == 0)
        {
            Execute(connection, "ALTER TABLE orders ADD COLUMN minutes INTEGER NOT NULL DEFAULT 0;");
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }
}

/// <summary>The store file exists but cannot be trusted. The agent says so loudly instead of starting empty.</summary>
public sealed class StoreCorruptException(string message, Exception? inner = null) : Exception(message, inner);
