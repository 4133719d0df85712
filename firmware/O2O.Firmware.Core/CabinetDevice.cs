using System;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.Firmware.Core
{
    /// <summary>
    /// A slot-based vending device (power-bank cabinet): takes commands from the edge agent, runs each
    /// slot's state machine, publishes events, acks and the retained state, and shows a signed QR code.
    /// Single-threaded by design: the app calls <see cref="OnMessage"/> and <see cref="Tick"/> from its main loop.
    /// </summary>
    public sealed class CabinetDevice : ISlotEvents
    {
        private readonly DeviceSettings _settings;
        private readonly IClock _clock;
        private readonly IDeviceLink _link;
        private readonly SlotController[] _slots;
        private readonly Random _random;
        private readonly RecentCommands _recent;
        private readonly JsonReader _reader = new JsonReader();
        private readonly JsonWriter _writer = new JsonWriter(1024);
        private readonly string _commandTopic;
        private EventPublisher _events;
        private long _qrExpiresAtMs;
        private bool _stateDirty = true;

        public CabinetDevice(DeviceSettings settings, IClock clock, IDeviceLink link, ISlotHardware[] slots, Random random)
        {
            _settings = settings;
            _clock = clock;
            _link = link;
            _random = random;
            _recent = new RecentCommands(settings.RecentCommandIds);
            _commandTopic = Topics.Commands(settings.DeviceId);
            _slots = new SlotController[slots.Length];
            for (int i = 0; i < slots.Length; i++)
            {
                _slots[i] = new SlotController(i, slots[i], settings);
                // Latches de-energised before anything else can run.
                _slots[i].ReleaseLatch();
            }

            BootId = NewHexId(8);
            _events = new EventPublisher(settings.DeviceId, BootId, link, clock, settings.EventBufferSize);
        }

        public string BootId { get; }

        public string DeviceId { get { return _settings.DeviceId; } }

        /// <summary>The URL shown on the display now, or null when no slot can be sold.</summary>
        public string? QrPayload { get; private set; }

        public EventPublisher Events { get { return _events; } }

        public SlotController Slot(int number)
        {
            return _slots[number];
        }

        public int SlotCount { get { return _slots.Length; } }

        /// <summary>Call once after the link is first up: announces the boot and the first state.</summary>
        public void Start()
        {
            RotateQr();
            _events.Publish(EventTypes.Boot, DeviceEvent.NoSlot, null, null, null);
            PublishState();
        }

        /// <summary>Handles one MQTT message addressed to this device. Never throws on bad input.</summary>
        public void OnMessage(string topic, byte[] payload, int length)
        {
            if (topic != _commandTopic)
            {
                return;
            }

            DecodeError? error;
            string? commandId;
            DeviceCommand? command = DeviceCommand.Decode(payload, 0, length, _reader, out error, out commandId);
            if (command == null)
            {
                // Without an id there is nothing to answer; the agent's own timeout covers it.
                if (commandId != null && _recent.Find(commandId) < 0)
                {
                    Answer(commandId, CommandAck.Rejected, error == null ? "malformed" : error.ToString());
                }

                return;
            }

            int seen = _recent.Find(command.Id);
            if (seen >= 0)
            {
                string? outcome = _recent.OutcomeAt(seen);
                // A repeat of a finished command gets its first answer again; a running one is answered when it ends.
                if (outcome != null)
                {
                    SendAck(command.Id, outcome, _recent.ReasonAt(seen));
                }

                return;
            }

            Execute(command);
        }

        /// <summary>Runs timers and reads sensors; call every few milliseconds from the main loop.</summary>
        public void Tick()
        {
            long now = _clock.UptimeMilliseconds;
            for (int i = 0; i < _slots.Length; i++)
            {
                SlotState before = _slots[i].State;
                _slots[i].Tick(now, this);
                if (_slots[i].State != before)
                {
                    _stateDirty = true;
                }
            }

            if (QrPayload != null && _clock.UnixMilliseconds >= _qrExpiresAtMs)
            {
                RotateQr();
            }

            if (_link.IsConnected)
            {
                _events.Flush();
                if (_stateDirty)
                {
                    PublishState();
                }
            }
        }

        void ISlotEvents.SlotEvent(SlotController slot, string eventType, string? itemId, string? code)
        {
            _events.Publish(eventType, slot.Number, slot.OrderId, itemId, code);
            if (eventType == EventTypes.Dispensed)
            {
                // The code just used is spent; the next customer gets a fresh one.
                RotateQr();
            }

            _stateDirty = true;
        }

        void ISlotEvents.UnlockFinished(SlotController slot, string outcome, string? reason)
        {
            if (slot.CommandId != null)
            {
                Answer(slot.CommandId, outcome, reason);
            }
        }

        private void Execute(DeviceCommand command)
        {
            switch (command.Type)
            {
                case CommandTypes.Unlock:
                    Unlock(command);
                    return;
                case CommandTypes.ShowQr:
                    RotateQr();
                    _stateDirty = true;
                    Answer(command.Id, CommandAck.Ok, null);
                    return;
                default:
                    Answer(command.Id, CommandAck.Rejected, "unsupported_by_device");
                    return;
            }
        }

        private void Unlock(DeviceCommand command)
        {
            if (command.Slot >= _slots.Length)
            {
                Answer(command.Id, CommandAck.Rejected, "unknown_slot");
                return;
            }

            SlotController slot = _slots[command.Slot];
            string? refusal = slot.RefuseUnlock();
            if (refusal != null)
            {
                Answer(command.Id, CommandAck.Rejected, refusal);
                return;
            }

            _recent.Begin(command.Id);
            slot.BeginUnlock(command.Id, command.OrderId!, _clock.UptimeMilliseconds);
            _stateDirty = true;
        }

        private void Answer(string commandId, string outcome, string? reason)
        {
            _recent.Complete(commandId, outcome, reason);
            SendAck(commandId, outcome, reason);
        }

        private void SendAck(string commandId, string outcome, string? reason)
        {
            CommandAck ack = CommandAck.Create(commandId, outcome, reason);
            ack.BootId = BootId;
            ack.Timestamp = _clock.UnixMilliseconds;
            _writer.Reset();
            ack.WriteTo(_writer);
            // An ack lost to a down link is recovered by the agent re-sending the command: the repeat gets the stored answer.
            _link.Publish(Topics.Acks(_settings.DeviceId), _writer.Buffer, _writer.Length, false, true);
        }

        private void PublishState()
        {
            var state = new DeviceState();
            state.DeviceId = _settings.DeviceId;
            state.Kind = _settings.Kind;
            state.Firmware = _settings.FirmwareVersion;
            state.BootId = BootId;
            state.QrPayload = QrPayload;
            state.Timestamp = _clock.UnixMilliseconds;
            var slots = new SlotSnapshot[_slots.Length];
            for (int i = 0; i < _slots.Length; i++)
            {
                var snapshot = new SlotSnapshot();
                snapshot.Number = i;
                snapshot.State = SlotStateNames.Name(_slots[i].State);
                snapshot.ItemId = _slots[i].Hardware.ItemPresent ? _slots[i].Hardware.ItemId : null;
                snapshot.DoorOpen = _slots[i].Hardware.DoorOpen;
                snapshot.Fault = _slots[i].FaultCode;
                slots[i] = snapshot;
            }

            state.Slots = slots;
            _writer.Reset();
            state.WriteTo(_writer);
            if (_link.Publish(Topics.State(_settings.DeviceId), _writer.Buffer, _writer.Length, true, true))
            {
                _stateDirty = false;
            }
        }

        private void RotateQr()
        {
            int offered = -1;
            for (int i = 0; i < _slots.Length && offered < 0; i++)
            {
                if (_slots[i].RefuseUnlock() == null)
                {
                    offered = i;
                }
            }

            if (offered < 0)
            {
                QrPayload = null;
                return;
            }

            long nowSeconds = _clock.UnixMilliseconds / 1000;
            long expires = nowSeconds + _settings.QrLifetimeSeconds;
            _qrExpiresAtMs = expires * 1000;
            QrPayload = O2O.Protocol.QrPayload.Build(_settings.QrBaseUrl, _settings.DeviceId, offered, NewHexId(16), expires, _settings.QrSecret);
        }

        private string NewHexId(int length)
        {
            var bytes = new byte[length / 2];
            _random.NextBytes(bytes);
            var chars = new char[length];
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = HexDigit(bytes[i] >> 4);
                chars[(2 * i) + 1] = HexDigit(bytes[i] & 0xF);
            }

            return new string(chars);
        }

        private static char HexDigit(int nibble)
        {
            return (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
        }
    }
}
