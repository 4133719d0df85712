namespace O2O.Firmware.Core
{
    /// <summary>
    /// The last N command ids with their acks, so a command redelivered by MQTT (QoS 1) or re-sent by the
    /// agent is answered again with its first outcome and never executed twice. A fixed ring: no growth.
    /// </summary>
    public sealed class RecentCommands
    {
        private readonly string?[] _ids;
        private readonly string?[] _outcomes;
        private readonly string?[] _reasons;
        private int _next;

        public RecentCommands(int capacity)
        {
            _ids = new string?[capacity];
            _outcomes = new string?[capacity];
            _reasons = new string?[capacity];
        }

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

        /// <summary>Remembers an id whose outcome is not known yet (the command is running).</summary>
        public void Begin(string id)
        {
            _ids[_next] = id;
            _outcomes[_next] = null;
            _reasons[_next] = null;
            _next = (_next + 1) % _ids.Length;
        }

        public void Complete(string id, string outcome, string? reason)
        {
            int at = Find(id);
            if (at < 0)
            {
                Begin(id);
                at = Find(id);
            }

            _outcomes[at] = outcome;
            _reasons[at] = reason;
        }

        /// <summary>The stored outcome at an index, or null while the command is still running.</summary>
        public string? OutcomeAt(int index)
        {
            return _outcomes[index];
        }

        public string? ReasonAt(int index)
        {
            return _reasons[index];
        }
    }
}
