using O2O.Protocol;

namespace O2O.Firmware.Core
{
    /// <summary>
    /// One slot's state machine: idle → unlocking → open → idle, or fault. It owns the latch timing: the
    /// coil is energised for one pulse only, whatever happens next, so a stuck command cannot burn it.
    /// </summary>
    public sealed class SlotController
    {
        private readonly int _number;
        private readonly ISlotHardware _hardware;
        private readonly DeviceSettings _settings;
        private long _pulseEndsAt;
        private long _openDeadline;
        private bool _latchOn;
        private bool _doorWasOpen;

        public SlotController(int number, ISlotHardware hardware, DeviceSettings settings)
        {
            _number = number;
            _hardware = hardware;
            _settings = settings;
        }

        public int Number { get { return _number; } }

        public SlotState State { get; private set; }

        /// <summary>The order being served, from unlock until the slot is idle again.</summary>
        public string? OrderId { get; private set; }

        /// <summary>The unlock command being served; acked when the door opens or the latch is called jammed.</summary>
        public string? CommandId { get; private set; }

        public string? ItemAtUnlock { get; private set; }

        public string? FaultCode { get; private set; }

        public ISlotHardware Hardware { get { return _hardware; } }

        /// <summary>Releases the latch unconditionally. Called first at boot, before anything else runs.</summary>
        public void ReleaseLatch()
        {
            _hardware.SetLatch(false);
            _latchOn = false;
        }

        /// <summary>Why an unlock cannot start now, or null when it can.</summary>
        public string? RefuseUnlock()
        {
            switch (State)
            {
                case SlotState.Idle:
                    return _hardware.ItemPresent ? null : "slot_empty";
                case SlotState.Fault:
                    return "slot_fault";
                default:
                    return "slot_busy";
            }
        }

        public void BeginUnlock(string commandId, string orderId, long now)
        {
            CommandId = commandId;
            OrderId = orderId;
            ItemAtUnlock = _hardware.ItemId;
            State = SlotState.Unlocking;
            _pulseEndsAt = now + _settings.LatchPulseMilliseconds;
            _openDeadline = now + _settings.OpenTimeoutMilliseconds;
            _latchOn = true;
            _hardware.SetLatch(true);
        }

        /// <summary>Advances the machine; reports what happened through <paramref name="sink"/>.</summary>
        public void Tick(long now, ISlotEvents sink)
        {
            if (_latchOn && now >= _pulseEndsAt)
            {
                ReleaseLatch();
            }

            bool doorOpen = _hardware.DoorOpen;
            switch (State)
            {
                case SlotState.Idle:
                    if (doorOpen && !_doorWasOpen)
                    {
                        State = SlotState.Fault;
                        FaultCode = "forced_open";
                        sink.SlotEvent(this, EventTypes.Tamper, null, "forced_open");
                    }

                    break;
                case SlotState.Unlocking:
                    if (doorOpen)
                    {
                        // The door switch confirms the release: stop pulling at once, to spare the coil and
                        // so a drawer pushed shut is not sprung open again.
                        ReleaseLatch();
                        State = SlotState.Open;
                        sink.UnlockFinished(this, CommandAck.Ok, null);
                        sink.SlotEvent(this, EventTypes.Opened, ItemAtUnlock, null);
                    }
                    else if (now >= _openDeadline)
                    {
                        ReleaseLatch();
                        State = SlotState.Fault;
                        FaultCode = "jammed";
                        sink.UnlockFinished(this, CommandAck.Failed, "jammed");
                        sink.SlotEvent(this, EventTypes.Jammed, ItemAtUnlock, "jammed");
                        EndOrder();
                    }

                    break;
                case SlotState.Open:
                    if (!doorOpen)
                    {
                        bool taken = !_hardware.ItemPresent;
                        sink.SlotEvent(this, EventTypes.Closed, null, null);
                        sink.SlotEvent(this, taken ? EventTypes.Dispensed : EventTypes.UnlockFailed, ItemAtUnlock, taken ? null : "item_not_taken");
                        State = SlotState.Idle;
                        EndOrder();
                    }

                    break;
            }

            _doorWasOpen = doorOpen;
        }

        private void EndOrder()
        {
            OrderId = null;
            CommandId = null;
            ItemAtUnlock = null;
        }
    }

    /// <summary>What a slot reports to its device.</summary>
    public interface ISlotEvents
    {
        void SlotEvent(SlotController slot, string eventType, string? itemId, string? code);

        void UnlockFinished(SlotController slot, string outcome, string? reason);
    }
}
