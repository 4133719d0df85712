using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.Firmware.Core.Events
{
    /// <summary>
    /// Numbers events (boot id, sequence from 1) and sends them at QoS 1. While the link is down they wait
    /// in a bounded buffer and go out in order on reconnect; when the buffer is full the oldest
    /// non-transactional event makes room, so a dispense or a tamper report is never the one lost.
    /// </summary>
    public sealed class EventPublisher
    {
        private readonly IDeviceLink _link;
        private readonly IClock _clock;
        private readonly string _topic;
        private readonly JsonWriter _writer = new JsonWriter(512);
        private readonly DeviceEvent _event = new DeviceEvent();
        private readonly byte[]?[] _pending;
        private readonly bool[] _pendingTransactional;
        private int _pendingCount;
        private long _sequence;

        public EventPublisher(string deviceId, string bootId, IDeviceLink link, IClock clock, int bufferSize)
        {
            _link = link;
            _clock = clock;
            _topic = Topics.Events(deviceId);
            _event.BootId = bootId;
            _pending = new byte[]?[bufferSize];
            _pendingTransactional = new bool[bufferSize];
        }

        public long LastSequence { get { return _sequence; } }

        public int PendingCount { get { return _pendingCount; } }

        /// <summary>Events lost because the buffer was full of transactional events.</summary>
        public int Dropped { get; private set; }

        /// <summary>The latest events, for the console's "events" command; fixed arrays, so logging allocates nothing.</summary>
        public EventLog Log { get; } = new EventLog(32);

        /// <summary>Fault counters reported with each heartbeat.</summary>
        public HealthReport Health { get; } = new HealthReport();

        public void Publish(string type, int slot, string? orderId, string? itemId, string? code)
        {
            Publish(type, slot, orderId, itemId, code, DeviceEvent.NoValue, false);
        }

        /// <summary>Publishes a heartbeat carrying <see cref="Health"/>.</summary>
        public void PublishHeartbeat()
        {
            Publish(EventTypes.Heartbeat, DeviceEvent.NoSlot, null, null, null, DeviceEvent.NoValue, true);
        }

        public void Publish(string type, int slot, string? orderId, string? itemId, string? code, long value, bool withHealth)
        {
            Count(type);
            _sequence++;
            Write(_sequence, type, slot, orderId, itemId, code, value, withHealth ? Health : null, null);
            Log.Add(_sequence, _event.Timestamp, type, slot, code);
            // Order matters: an event may go out directly only when nothing older is still waiting.
            if (_pendingCount == 0 && _link.Publish(_topic, _writer.Buffer, _writer.Length, false, true))
            {
                return;
            }

            Enqueue(_writer.ToArray(), EventTypes.IsTransactional(type));
        }

        /// <summary>
        /// Sends a token_presented event now, or not at all. It is never buffered: the customer is standing at the
        /// device, and a token delivered minutes later would open a slot for whoever stands there then. Waiting
        /// events go out first, so the order is kept; when some are still waiting or the link refuses, nothing is
        /// sent and the sequence number is not used, so the agent sees no gap. The console's event log records the
        /// event without its token.
        /// </summary>
        public bool PublishPresentedToken(int slot, string token)
        {
            Flush();
            if (_pendingCount > 0 || !_link.IsConnected)
            {
                return false;
            }

            long sequence = _sequence + 1;
            Write(sequence, EventTypes.TokenPresented, slot, null, null, null, DeviceEvent.NoValue, null, token);
            if (!_link.Publish(_topic, _writer.Buffer, _writer.Length, false, true))
            {
                return false;
            }

            _sequence = sequence;
            Log.Add(sequence, _event.Timestamp, EventTypes.TokenPresented, slot, null);
            return true;
        }

        /// <summary>Sends waiting events in order; stops at the first that the link refuses.</summary>
        public void Flush()
        {
            while (_pendingCount > 0)
            {
                byte[] next = _pending[0]!;
                if (!_link.Publish(_topic, next, next.Length, false, true))
                {
                    return;
                }

                RemoveAt(0);
            }
        }

        // Encodes one event into the writer. The shared event object keeps neither the health report nor the token afterwards.
        private void Write(long sequence, string type, int slot, string? orderId, string? itemId, string? code, long value, HealthReport? health, string? token)
        {
            _event.Sequence = sequence;
            _event.Timestamp = _clock.UnixMilliseconds;
            _event.Type = type;
            _event.Slot = slot;
            _event.OrderId = orderId;
            _event.ItemId = itemId;
            _event.Code = code;
            _event.Value = value;
            _event.Health = health;
            _event.Token = token;
            _writer.Reset();
            _event.WriteTo(_writer);
            _event.Health = null;
            _event.Token = null;
        }

        private void Enqueue(byte[] payload, bool transactional)
        {
            if (_pendingCount == _pending.Length)
            {
                int victim = OldestNonTransactional();
                if (victim < 0 && !transactional)
                {
                    // Full of sales and security events: a heartbeat never displaces one of them; it is dropped instead.
                    Dropped++;
                    Health.EventsDropped++;
                    return;
                }

                if (victim < 0)
                {
                    // Only transactional events, and another one arrives: the oldest goes, and the loss is counted.
                    victim = 0;
                    Dropped++;
                    Health.EventsDropped++;
                }

                RemoveAt(victim);
            }

            _pending[_pendingCount] = payload;
            _pendingTransactional[_pendingCount] = transactional;
            _pendingCount++;
        }

        private void Count(string type)
        {
            if (type == EventTypes.Jammed) { Health.Jams++; }
            else if (type == EventTypes.Tamper) { Health.Tampers++; }
            else if (type == EventTypes.DoorLeftOpen) { Health.DoorsLeftOpen++; }
            else if (type == EventTypes.SensorDisagreement) { Health.SensorFaults++; }
            else if (type == EventTypes.WrongItem) { Health.WrongItems++; }
        }

        private int OldestNonTransactional()
        {
            for (int i = 0; i < _pendingCount; i++)
            {
                if (!_pendingTransactional[i])
                {
                    return i;
                }
            }

            return -1;
        }

        private void RemoveAt(int index)
        {
            for (int i = index; i < _pendingCount - 1; i++)
            {
                _pending[i] = _pending[i + 1];
                _pendingTransactional[i] = _pendingTransactional[i + 1];
            }

            _pendingCount--;
            _pending[_pendingCount] = null;
        }
    }
}
