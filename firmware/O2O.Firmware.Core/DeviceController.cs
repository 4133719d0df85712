using System;
using O2O.Firmware.Core.Boot;
using O2O.Firmware.Core.Commands;
using O2O.Firmware.Core.Config;
using O2O.Firmware.Core.Definitions;
using O2O.Firmware.Core.Events;
using O2O.Firmware.Core.Sessions;
using O2O.Firmware.Core.Slots;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.Firmware.Core
{
    /// <summary>
    /// One device's behaviour, independent of pins: takes commands from the edge agent, runs the slots'
    /// and the session's state machines, publishes events, acks and the retained state, shows a signed QR
    /// code and sends heartbeats. Single-threaded by design: the app calls <see cref="OnMessage"/> and
    /// <see cref="Tick"/> from its main loop. The constructor de-energises every output before anything else.
    /// </summary>
    public sealed partial class DeviceController : ISlotEvents, ISessionEvents
    {
        private readonly DeviceDefinition _definition;
        private readonly DeviceConfig _config;
        private readonly DeviceHardware _hardware;
        private readonly IClock _clock;
        private readonly IDeviceLink _link;
        private readonly IPlatform _platform;
        private readonly Random _random;
        private readonly SlotController[] _slots;
        private readonly SessionController? _session;
        private readonly RecentCommands _recent;
        private readonly InFlightOrders _inFlight;
        private readonly InFlightOrder[] _interrupted;
        private readonly BootGuard _bootGuard;
        private readonly EventPublisher _events;
        private readonly JsonReader _reader = new JsonReader();
        private readonly JsonWriter _writer = new JsonWriter(1024);
        private readonly string _commandTopic;
        private long _qrExpiresAtMs;
        private long _nextHeartbeatAt;
        private bool _stateDirty = true;
        private bool _wasConnected;
        private bool _rebootRequested;
        private long _rebootRequestedAt;

        public DeviceController(DeviceDefinition definition, DeviceConfig config, DeviceHardware hardware, IClock clock,
            IDeviceLink link, IDeviceStorage storage, IPlatform platform, Random random, string firmwareVersion)
        {
            _definition = definition;
            _config = config;
            _hardware = hardware;
            _clock = clock;
            _link = link;
            _platform = platform;
            _random = random;
            long now = clock.UptimeMilliseconds;
            _slots = new SlotController[hardware.Slots.Length];
            for (int i = 0; i < _slots.Length; i++)
            {
                SlotDefinition slot = definition.Slots[i];
                _slots[i] = new SlotController(i, hardware.Slots[i], definition.Timings, slot.Door != null, slot.Item != null, definition.ItemPrefix);
                // De-energised before anything else can run: a floating or stale output must not unlock.
                _slots[i].ReleaseLatch(now);
            }

            if (hardware.Session != null)
            {
                _session = new SessionController(hardware.Session, definition.Timings, definition.Limits.MaxSessionMinutes);
                _session.PowerOff();
            }

            FirmwareVersion = firmwareVersion;
            _bootGuard = new BootGuard(storage, definition.Limits.MaxFailedBoots);
            _bootGuard.OnBoot();
            _recent = new RecentCommands(definition.Limits.RecentCommands, storage);
            CommandMemoryIntact = _recent.Load();
            _inFlight = new InFlightOrders(storage);
            _interrupted = _inFlight.Load();
            _commandTopic = Topics.Commands(config.DeviceId);
            BootId = NewHexId(8);
            _events = new EventPublisher(config.DeviceId, BootId, link, clock, definition.Limits.EventBuffer);
            _events.Health.Firmware = firmwareVersion;
            _events.Health.SafeMode = _bootGuard.SafeMode;
        }

        public string BootId { get; }

        public string DeviceId { get { return _config.DeviceId; } }

        public string FirmwareVersion { get; }

        public DeviceDefinition Definition { get { return _definition; } }

        public DeviceConfig Config { get { return _config; } }

        /// <summary>Console and network only: no latch or relay moves, commands other than reboot and config are refused.</summary>
        public bool SafeMode { get { return _bootGuard.SafeMode; } }

        /// <summary>False when the stored command ids could not be read at boot (repeats from before it cannot be recognised).</summary>
        public bool CommandMemoryIntact { get; }

        /// <summary>The URL shown on the display now, or null when nothing can be sold.</summary>
        public string? QrPayload { get; private set; }

        public EventPublisher Events { get { return _events; } }

        public SessionController? Session { get { return _session; } }

        public IClock Clock { get { return _clock; } }

        public IDeviceLink Link { get { return _link; } }

        public IPlatform Platform { get { return _platform; } }

        public IBeeper Beeper { get { return _hardware.Beeper; } }

        public int SlotCount { get { return _slots.Length; } }

        public SlotController Slot(int number)
        {
            return _slots[number];
        }

        /// <summary>Call once when the link is first up: announces the boot (and safe mode) and the first state.</summary>
        public void Start()
        {
            RotateQr();
            _events.Publish(EventTypes.Boot, DeviceEvent.NoSlot, null, null, _platform.ResetReason, _bootGuard.UnhealthyBoots, false);
            ResolveInterrupted();
            if (SafeMode)
            {
                _events.Publish(EventTypes.SafeMode, DeviceEvent.NoSlot, null, null, "boot_loop", _bootGuard.UnhealthyBoots, false);
            }

            _nextHeartbeatAt = _clock.UptimeMilliseconds + (_definition.Timings.HeartbeatSeconds * 1000L);
            PublishState();
        }

        /// <summary>The main loop's work: watchdog, timers, sensors, heartbeat, and sending what waits. Never throws.</summary>
        public void Tick()
        {
            _platform.FeedWatchdog();
            long now = _clock.UptimeMilliseconds;
            _bootGuard.Tick(now);
            bool saleEnded = false;
            for (int i = 0; i < _slots.Length; i++)
            {
                SlotState before = _slots[i].State;
                _slots[i].Tick(now, this);
                if (_slots[i].State != before)
                {
                    _stateDirty = true;
                    saleEnded |= (before == SlotState.Unlocking || before == SlotState.Open) && _slots[i].State != SlotState.Open;
                }
            }

            if (saleEnded)
            {
                _inFlight.Save(_slots);
            }

            if (_session != null)
            {
                _session.Tick(now, this);
            }

            if (QrPayload != null && _clock.UnixMilliseconds >= _qrExpiresAtMs)
            {
                RotateQr();
            }

            if (now >= _nextHeartbeatAt)
            {
                _nextHeartbeatAt = now + (_definition.Timings.HeartbeatSeconds * 1000L);
                SendHeartbeat(now);
            }

            bool connected = _link.IsConnected;
            if (_wasConnected && !connected)
            {
                _events.Health.LinkDrops++;
            }

            _wasConnected = connected;
            if (connected)
            {
                _events.Flush();
                if (_stateDirty)
                {
                    PublishState();
                }
            }

            if (_rebootRequested && (Quiet() || now - _rebootRequestedAt >= MaxRebootWaitMs) && (_events.PendingCount == 0 || !connected))
            {
                _rebootRequested = false;
                _platform.Reboot();
            }
        }

        void ISlotEvents.SlotEvent(SlotController slot, string eventType, string? itemId, string? code)
        {
            _events.Publish(eventType, slot.Number, slot.OrderId, itemId, code);
            if (eventType == EventTypes.Dispensed || eventType == EventTypes.Returned)
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

        void ISlotEvents.SlotBeep(string pattern)
        {
            _hardware.Beeper.Play(pattern);
        }

        void ISessionEvents.SessionEvent(string eventType, string? orderId, string? code, long value)
        {
            _events.Publish(eventType, DeviceEvent.NoSlot, orderId, null, code, value, false);
            if (eventType != EventTypes.SessionWarning)
            {
                // Whether the chair is for sale changed (taken, free again, emergency stop): the code just used is
                // spent, none is shown while taken, and a fresh one as soon as it is free.
                RotateQr();
            }

            _stateDirty = true;
        }

        void ISessionEvents.SessionBeep(string pattern)
        {
            _hardware.Beeper.Play(pattern);
        }

        // No slot mid-sale and no session running: a reboot now interrupts nobody.
        private bool Quiet()
        {
            for (int i = 0; i < _slots.Length; i++)
            {
                if (_slots[i].State == SlotState.Unlocking || _slots[i].State == SlotState.Open)
                {
                    return false;
                }
            }

            return _session == null || _session.State != SessionState.Running;
        }

        /// <summary>
        /// Settles each sale a reboot interrupted, from what the sensors show now: the item gone is a dispense, an
        /// own item back in the slot is a return, anything else a failure the cloud refunds. Exactly one outcome each.
        /// </summary>
        private void ResolveInterrupted()
        {
            for (int i = 0; i < _interrupted.Length; i++)
            {
                InFlightOrder order = _interrupted[i];
                if (order.Slot >= _slots.Length)
                {
                    continue;
                }

                ISlotHardware hardware = _slots[order.Slot].Hardware;
                bool present = _slots[order.Slot].HasItemSwitch && hardware.ItemPresent;
                string? tag = hardware.ItemId;
                if (!order.IsReturn && _slots[order.Slot].HasItemSwitch && !present)
                {
                    _events.Publish(EventTypes.Dispensed, order.Slot, order.OrderId, order.ItemId, "after_reboot");
                }
                else if (order.IsReturn && present && tag != null && tag.StartsWith(_definition.ItemPrefix) && tag.Length > _definition.ItemPrefix.Length)
                {
                    _events.Publish(EventTypes.Returned, order.Slot, order.OrderId, tag, "after_reboot");
                }
                else
                {
                    _events.Publish(EventTypes.UnlockFailed, order.Slot, order.OrderId, order.ItemId, RecentCommands.Interrupted);
                }
            }

            _inFlight.Save(_slots);
        }

        private void SendHeartbeat(long now)
        {
            HealthReport health = _events.Health;
            health.UptimeSeconds = now / 1000;
            health.FreeMemoryBytes = _platform.FreeMemoryBytes;
            health.ResetReason = _platform.ResetReason;
            health.WifiRssi = _platform.WifiRssi;
            _events.PublishHeartbeat();
        }

        private void PublishState()
        {
            var state = new DeviceState();
            state.DeviceId = _config.DeviceId;
            state.Kind = _definition.Kind;
            state.Firmware = FirmwareVersion;
            state.BootId = BootId;
            state.QrPayload = QrPayload;
            state.Timestamp = _clock.UnixMilliseconds;
            var slots = new SlotSnapshot[_slots.Length];
            for (int i = 0; i < _slots.Length; i++)
            {
                SlotController slot = _slots[i];
                var snapshot = new SlotSnapshot();
                snapshot.Number = i;
                snapshot.State = SlotNames.State(slot.State);
                snapshot.ItemId = slot.HasItemSwitch && slot.Hardware.ItemPresent ? slot.Hardware.ItemId : null;
                snapshot.DoorOpen = slot.HasDoor && slot.Hardware.DoorOpen;
                snapshot.Fault = slot.FaultCode;
                slots[i] = snapshot;
            }

            state.Slots = slots;
            _writer.Reset();
            state.WriteTo(_writer);
            if (_link.Publish(Topics.State(_config.DeviceId), _writer.Buffer, _writer.Length, true, true))
            {
                _stateDirty = false;
            }
        }

        private void RotateQr()
        {
            int offered = -1;
            for (int i = 0; i < _slots.Length && offered < 0; i++)
            {
                if (_slots[i].Sellable)
                {
                    offered = i;
                }
            }

            bool sessionSellable = _session != null && _session.State == SessionState.Idle && offered < 0 && _slots.Length == 0;
            if ((offered < 0 && !sessionSellable) || SafeMode)
            {
                QrPayload = null;
                return;
            }

            long expires = (_clock.UnixMilliseconds / 1000) + _definition.Timings.QrLifetimeSeconds;
            _qrExpiresAtMs = expires * 1000;
            QrPayload = O2O.Protocol.QrPayload.Build(_config.QrBaseUrl, _config.DeviceId, offered < 0 ? 0 : offered, NewHexId(16), expires, _config.QrSecret);
            _stateDirty = true;
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
