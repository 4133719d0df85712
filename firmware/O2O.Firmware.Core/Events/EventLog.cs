using System.Text;

namespace O2O.Firmware.Core.Events
{
    /// <summary>
    /// The last N events as the console shows them. Stored in parallel fixed arrays of references to the
    /// event's own strings (mostly constants), so adding one allocates nothing; text is built only on request.
    /// </summary>
    public sealed class EventLog
    {
        private readonly long[] _sequences;
        private readonly long[] _timestamps;
        private readonly string?[] _types;
        private readonly int[] _slots;
        private readonly string?[] _codes;
        private int _next;
        private int _count;

        public EventLog(int capacity)
        {
            _sequences = new long[capacity];
            _timestamps = new long[capacity];
            _types = new string?[capacity];
            _slots = new int[capacity];
            _codes = new string?[capacity];
        }

        public int Count { get { return _count; } }

        public void Add(long sequence, long timestamp, string type, int slot, string? code)
        {
            _sequences[_next] = sequence;
            _timestamps[_next] = timestamp;
            _types[_next] = type;
            _slots[_next] = slot;
            _codes[_next] = code;
            _next = (_next + 1) % _types.Length;
            if (_count < _types.Length)
            {
                _count++;
            }
        }

        /// <summary>Up to <paramref name="max"/> latest events, oldest first, one per line.</summary>
        public string Describe(int max)
        {
            int shown = max < _count ? max : _count;
            var text = new StringBuilder();
            for (int n = _count - shown; n < _count; n++)
            {
                int i = (_next - _count + n + _types.Length) % _types.Length;
                text.Append("#").Append(_sequences[i]).Append(' ').Append(_types[i]);
                if (_slots[i] >= 0)
                {
                    text.Append(" slot=").Append(_slots[i]);
                }

                if (_codes[i] != null)
                {
                    text.Append(" code=").Append(_codes[i]);
                }

                text.Append(" ts=").Append(_timestamps[i]).Append("\r\n");
            }

            return text.ToString();
        }
    }
}
