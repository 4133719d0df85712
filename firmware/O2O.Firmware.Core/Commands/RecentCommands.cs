using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.Firmware.Core.Commands
{
    /// <summary>
    /// The last N command ids with their outcomes, kept in a fixed ring and written to storage whenever one
    /// starts or ends. A command redelivered by MQTT, re-sent by the agent, or re-sent after a reboot is
    /// answered with its first outcome and never executed twice. A command still running when the device
    /// rebooted is answered "failed: interrupted" on reload: it may have half-happened, so the cloud refunds.
    /// </summary>
    public sealed class RecentCommands
    {
        public const string StorageName = "commands";
        public const string Interrupted = "interrupted_by_reboot";
        private readonly string?[] _ids;
        private readonly string?[] _outcomes;
        private readonly string?[] _reasons;
        private readonly IDeviceStorage _storage;
        private readonly JsonWriter _writer = new JsonWriter(1024);
        private int _next;

        public RecentCommands(int capacity, IDeviceStorage storage)
        {
            _ids = new string?[capacity];
            _outcomes = new string?[capacity];
            _reasons = new string?[capacity];
            _storage = storage;
        }

        /// <summary>False when the storage write failed (the memory copy still works until the next reboot).</summary>
        public bool LastWriteSucceeded { get; private set; } = true;

        /// <summary>Index of a remembered id, or -1.</summary>
        public int Find(string id)
        {
            for (int i = 0; i < _ids.Length; i++)
            {
                if (_ids[i] == id)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Remembers an id whose outcome is not known yet (the command is running), durably.</summary>
        public void Begin(string id)
        {
            Put(id, null, null);
            Save();
        }

        public void Complete(string id, string outcome, string? reason)
        {
            int at = Find(id);
            if (at < 0)
            {
                Put(id, outcome, reason);
            }
            else
            {
                _outcomes[at] = outcome;
                _reasons[at] = reason;
            }

            Save();
        }

        /// <summary>The stored outcome at an index, or null while the command is still running.</summary>
        public string? OutcomeAt(int index) { return _outcomes[index]; }

        public string? ReasonAt(int index) { return _reasons[index]; }

        /// <summary>Reloads the ring from storage at boot. Unreadable storage leaves it empty and says so.</summary>
        public bool Load()
        {
            byte[]? data = _storage.Read(StorageName);
            if (data == null)
            {
                return true;
            }

            var reader = new JsonReader();
            reader.Reset(data, 0, data.Length);
            if (!reader.BeginArray())
            {
                return false;
            }

            while (reader.NextElement())
            {
                string? id = null;
                string? outcome = null;
                string? reason = null;
                if (!reader.BeginObject())
                {
                    return false;
                }

                while (reader.NextProperty())
                {
                    if (reader.NameIs("id")) { reader.ReadString("id", out id); }
                    else if (reader.NameIs("o")) { reader.ReadString("o", out outcome); }
                    else if (reader.NameIs("r")) { reader.ReadString("r", out reason); }
                    else { reader.Skip(); }
                }

                if (id != null)
                {
                    Put(id, outcome ?? CommandAck.Failed, outcome == null ? Interrupted : reason);
                }
            }

            return !reader.Failed;
        }

        private void Put(string id, string? outcome, string? reason)
        {
            // A command still running is never forgotten to make room: its repeat must not be executed again.
            for (int tries = 0; tries < _ids.Length && _ids[_next] != null && _outcomes[_next] == null; tries++)
            {
                _next = (_next + 1) % _ids.Length;
            }

            _ids[_next] = id;
            _outcomes[_next] = outcome;
            _reasons[_next] = reason;
            _next = (_next + 1) % _ids.Length;
        }

        // Oldest first, so a reload rebuilds the ring in the same order.
        private void Save()
        {
            _writer.Reset();
            _writer.BeginArray();
            for (int n = 0; n < _ids.Length; n++)
            {
                int i = (_next + n) % _ids.Length;
                if (_ids[i] == null)
                {
                    continue;
                }

                _writer.BeginObject();
                _writer.Property("id", _ids[i]);
                _writer.OptionalProperty("o", _outcomes[i]);
                _writer.OptionalProperty("r", _reasons[i]);
                _writer.EndObject();
            }

            _writer.EndArray();
            LastWriteSucceeded = _storage.Write(StorageName, _writer.Buffer, _writer.Length);
        }
    }
}
