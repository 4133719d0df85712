using O2O.Firmware.Core.Definitions;
using O2O.Protocol;

namespace O2O.Firmware.Core.Slots
{
    /// <summary>
    /// One slot's state machine: idle → reserved → unlocking → open → (item taken or returned) → closed → idle,
    /// with the faults of a real cabinet: a jammed latch (one retry, then fault), a door forced open, a door
    /// left open, sensors that disagree, and a foreign item returned. All timing reads the uptime passed in.
    /// </summary>
    public sealed class SlotController
    {
        private const int MaxPulses = 2;
        private readonly ISlotHardware _hardware;
        private readonly DeviceTimings _timings;
        private readonly LatchTimer _latch;
        private readonly string _itemPrefix;
        private long _openDeadline;
        private long _reservedUntil;
        private long _doorOpenedAt;
        private long _disagreeSince = -1;
        private bool _reminded;
        private bool _escalated;
        private bool _itemTaken;
        private bool _itemInAtUnlock;
        private bool _doorWasOpen;
        private bool _itemWasPresent;
        private long _returnSeenAt = -1;

        public SlotController(int number, ISlotHardware hardware, DeviceTimings timings, bool hasDoor, bool hasItemSwitch, string itemPrefix)
        {
            Number = number;
            _hardware = hardware;
            _timings = timings;
            HasDoor = hasDoor;
            HasItemSwitch = hasItemSwitch;
            HasTagReader = itemPrefix.Length > 0;
            _itemPrefix = itemPrefix;
            _latch = new LatchTimer(hardware, timings);
            _itemWasPresent = hasItemSwitch && hardware.ItemPresent;
            // A door already open at boot (a reboot mid-sale) is not someone forcing it now.
            _doorWasOpen = hasDoor && hardware.DoorOpen;
        }

        public int Number { get; }

        public bool HasDoor { get; }

        public bool HasItemSwitch { get; }

        public bool HasTagReader { get; }

        public SlotState State { get; private set; }

        public SlotPurpose Purpose { get; private set; }

        /// <summary>The order being served (or holding the reservation), until the slot is idle again.</summary>
        public string? OrderId { get; private set; }

        /// <summary>The unlock command awaiting its ack.</summary>
        public string? CommandId { get; private set; }

        /// <summary>The item in the slot when the unlock began (what a renter takes).</summary>
        public string? ItemAtUnlock { get; private set; }

        public string? FaultCode { get; private set; }

        public ISlotHardware Hardware { get { return _hardware; } }

        public LatchTimer Latch { get { return _latch; } }

        /// <summary>Seconds left on a reservation (0 when not reserved), for the display's countdown.</summary>
        public long ReservationSecondsLeft(long now)
        {
            return State == SlotState.Reserved && _reservedUntil > now ? (_reservedUntil - now + 999) / 1000 : 0;
        }

        /// <summary>Releases the latch unconditionally; called first at boot and on entering safe mode.</summary>
        public void ReleaseLatch(long now)
        {
            _latch.Release(now);
        }

        /// <summary>Why this unlock cannot start now, or null when it can.</summary>
        public string? RefuseUnlock(SlotPurpose purpose, string? orderId)
        {
            if (State == SlotState.Fault)
            {
                return purpose == SlotPurpose.Maintenance ? null : "slot_fault";
            }

            if (State == SlotState.Unlocking || State == SlotState.Open)
            {
                return "slot_busy";
            }

            if (State == SlotState.Reserved && purpose != SlotPurpose.Maintenance && OrderId != null && OrderId != orderId)
            {
                return "slot_reserved";
            }

            if (purpose == SlotPurpose.Rent && HasItemSwitch && !_hardware.ItemPresent)
            {
                return "slot_empty";
            }

            if (purpose == SlotPurpose.Return && (!HasDoor || (HasItemSwitch && _hardware.ItemPresent)))
            {
                return HasDoor ? "slot_occupied" : "return_needs_no_unlock";
            }

            return null;
        }

        /// <summary>Whether a customer could be sold this slot now (for the QR code's offered slot).</summary>
        public bool Sellable
        {
            get { return State == SlotState.Idle && (!HasItemSwitch || _hardware.ItemPresent); }
        }

        /// <summary>Why the slot cannot be reserved for this order now, or null when it can (again, for the same order).</summary>
        public string? RefuseReservation(string? orderId)
        {
            if (State != SlotState.Idle)
            {
                return State == SlotState.Reserved && OrderId == orderId ? null : "slot_busy";
            }

            return Sellable ? null : "slot_empty";
        }

        public void Reserve(string? orderId, int minutes, long now)
        {
            State = SlotState.Reserved;
            OrderId = orderId;
            _reservedUntil = now + (minutes * 60000L);
        }

        /// <summary>Ends a reservation early, saying why. False when the slot was not reserved.</summary>
        public bool CancelReservation(ISlotEvents sink, string reason)
        {
            if (State != SlotState.Reserved)
            {
                return false;
            }

            sink.SlotEvent(this, EventTypes.ReservationEnded, null, reason);
            EndOrder(SlotState.Idle);
            return true;
        }

        public void BeginUnlock(string? commandId, string? orderId, SlotPurpose purpose)
        {
            CommandId = commandId;
            OrderId = orderId;
            Purpose = purpose;
            ItemAtUnlock = _hardware.ItemId;
            // Compared with the item switch once open: the item may go in the very pass the door is seen open,
            // before this slot is in the Open state, so a pass-to-pass change would miss it.
            _itemInAtUnlock = HasItemSwitch && _itemWasPresent;
            _itemTaken = false;
            State = SlotState.Unlocking;
            _latch.ResetAttempts();
            _latch.RequestPulse();
            _openDeadline = long.MaxValue;
        }

        /// <summary>Advances the machine to <paramref name="now"/>; reports through <paramref name="sink"/>.</summary>
        public void Tick(long now, ISlotEvents sink)
        {
            bool wasEnergised = _latch.Energised;
            _latch.Tick(now);
            if (_latch.Energised && !wasEnergised)
            {
                _openDeadline = now + _timings.OpenTimeoutMs;
            }

            bool doorOpen = HasDoor && _hardware.DoorOpen;
            bool itemPresent = HasItemSwitch && _hardware.ItemPresent;
            switch (State)
            {
                case SlotState.Idle:
                case SlotState.Reserved:
                    TickClosed(now, doorOpen, itemPresent, sink);
                    break;
                case SlotState.Unlocking:
                    TickUnlocking(now, doorOpen, itemPresent, sink);
                    break;
                case SlotState.Open:
                    TickOpen(now, doorOpen, itemPresent, sink);
                    break;
                case SlotState.Fault:
                    TickFault(itemPresent, sink);
                    break;
            }

            _doorWasOpen = doorOpen;
            _itemWasPresent = itemPresent;
        }

        private void TickClosed(long now, bool doorOpen, bool itemPresent, ISlotEvents sink)
        {
            // Only a door with goods behind it can be forced; a booth's door is pushed open from inside.
            if (doorOpen && !_doorWasOpen && HasItemSwitch)
            {
                Fault(SlotFaults.ForcedOpen, EventTypes.Tamper, null, sink);
                sink.SlotBeep(BeepPatterns.Alarm);
                return;
            }

            if (!HasDoor && HasItemSwitch && _itemWasPresent && !itemPresent)
            {
                // A doorless slot only lets go of its item when the latch is pulsed: this one was pulled out.
                Fault(SlotFaults.ItemRemoved, EventTypes.Tamper, null, sink);
                sink.SlotBeep(BeepPatterns.Alarm);
                return;
            }

            if (!HasDoor && HasItemSwitch && itemPresent && !_itemWasPresent)
            {
                // Umbrella-style return: pushed into an empty slot, the spring latch catches it. The tag reader
                // polls more slowly than the switch settles, so the verdict waits for a tag or the settle time.
                _returnSeenAt = now;
                return;
            }

            if (_returnSeenAt >= 0)
            {
                if (!itemPresent)
                {
                    _returnSeenAt = -1;
                }
                else if (_hardware.ItemId != null || now - _returnSeenAt >= _timings.SensorSettleMs)
                {
                    _returnSeenAt = -1;
                    OrderId = null;
                    AcceptReturn(_hardware.ItemId, sink);
                }

                return;
            }

            if (State == SlotState.Reserved && now >= _reservedUntil)
            {
                sink.SlotEvent(this, EventTypes.ReservationEnded, null, "expired");
                EndOrder(SlotState.Idle);
                return;
            }

            CheckSensors(now, itemPresent, sink);
        }

        private void TickUnlocking(long now, bool doorOpen, bool itemPresent, ISlotEvents sink)
        {
            if (!HasDoor && Purpose == SlotPurpose.Maintenance && _latch.Attempts >= 1 && !_latch.Energised && !_latch.Pending)
            {
                // A doorless slot has nothing to report its opening: one pulse is the whole maintenance opening,
                // so an agent's maintenance unlock is acked here.
                bool hadFault = FaultCode != null;
                sink.UnlockFinished(this, CommandAck.Ok, null);
                sink.SlotEvent(this, EventTypes.Opened, null, null);
                EndOrder(SlotState.Idle);
                if (hadFault)
                {
                    sink.SlotEvent(this, EventTypes.FaultCleared, null, null);
                }

                return;
            }

            bool released = HasDoor ? doorOpen : (Purpose == SlotPurpose.Rent && !itemPresent);
            if (released)
            {
                // The switch confirms the release: stop pulling at once, to spare the coil and so a drawer
                // pushed shut is not sprung open again.
                _latch.Release(now);
                sink.UnlockFinished(this, CommandAck.Ok, null);
                sink.SlotEvent(this, EventTypes.Opened, ItemAtUnlock, null);
                if (!HasDoor)
                {
                    sink.SlotEvent(this, EventTypes.ItemTaken, ItemAtUnlock, null);
                    sink.SlotEvent(this, EventTypes.Dispensed, ItemAtUnlock, null);
                    EndOrder(SlotState.Idle);
                    return;
                }

                State = SlotState.Open;
                _doorOpenedAt = now;
                _reminded = false;
                _escalated = false;
                return;
            }

            if (now < _openDeadline || _latch.Energised || _latch.Pending)
            {
                return;
            }

            if (_latch.Attempts < MaxPulses)
            {
                // One retry: a latch under load (someone leaning on the door) often lets go the second time.
                _latch.RequestPulse();
                _openDeadline = long.MaxValue;
                return;
            }

            if (!HasDoor)
            {
                sink.UnlockFinished(this, CommandAck.Failed, "item_not_taken");
                sink.SlotEvent(this, EventTypes.UnlockFailed, ItemAtUnlock, "item_not_taken");
                EndOrder(SlotState.Idle);
                return;
            }

            sink.UnlockFinished(this, CommandAck.Failed, SlotFaults.Jammed);
            Fault(SlotFaults.Jammed, EventTypes.Jammed, ItemAtUnlock, sink);
            sink.SlotBeep(BeepPatterns.Error);
        }

        private void TickOpen(long now, bool doorOpen, bool itemPresent, ISlotEvents sink)
        {
            if (Purpose == SlotPurpose.Rent && _itemInAtUnlock && !itemPresent && !_itemTaken)
            {
                _itemTaken = true;
                sink.SlotEvent(this, EventTypes.ItemTaken, ItemAtUnlock, null);
            }

            if (doorOpen)
            {
                WatchDoor(now, sink);
                return;
            }

            sink.SlotEvent(this, EventTypes.Closed, null, null);
            if (Purpose == SlotPurpose.Maintenance)
            {
                bool hadFault = FaultCode != null;
                EndOrder(SlotState.Idle);
                if (hadFault)
                {
                    sink.SlotEvent(this, EventTypes.FaultCleared, null, null);
                }

                return;
            }

            if (Purpose == SlotPurpose.Return)
            {
                if (!itemPresent)
                {
                    sink.SlotEvent(this, EventTypes.UnlockFailed, null, "no_item_returned");
                    EndOrder(SlotState.Idle);
                    return;
                }

                AcceptReturn(_hardware.ItemId, sink);
                return;
            }

            // Without an item switch (a booth door), opening is the whole service.
            bool taken = !HasItemSwitch || !itemPresent;
            sink.SlotEvent(this, taken ? EventTypes.Dispensed : EventTypes.UnlockFailed, ItemAtUnlock, taken ? null : "item_not_taken");
            EndOrder(SlotState.Idle);
        }

        private void WatchDoor(long now, ISlotEvents sink)
        {
            long open = now - _doorOpenedAt;
            if (!_escalated && open >= _timings.DoorEscalateMs)
            {
                _escalated = true;
                _reminded = true;
                sink.SlotEvent(this, EventTypes.DoorLeftOpen, null, "escalated");
                sink.SlotBeep(BeepPatterns.Alarm);
            }
            else if (!_reminded && open >= _timings.DoorReminderMs)
            {
                _reminded = true;
                sink.SlotEvent(this, EventTypes.DoorLeftOpen, null, "reminder");
                sink.SlotBeep(BeepPatterns.Reminder);
            }
        }

        private void TickFault(bool itemPresent, ISlotEvents sink)
        {
            if (FaultCode == SlotFaults.SensorDisagreement && SensorsAgree(itemPresent))
            {
                _disagreeSince = -1;
                EndOrder(SlotState.Idle);
                sink.SlotEvent(this, EventTypes.FaultCleared, null, SlotFaults.SensorDisagreement);
            }
        }

        // The item switch and the tag reader must tell the same story once both have settled.
        private void CheckSensors(long now, bool itemPresent, ISlotEvents sink)
        {
            if (SensorsAgree(itemPresent))
            {
                _disagreeSince = -1;
                return;
            }

            if (_disagreeSince < 0)
            {
                _disagreeSince = now;
            }
            else if (now - _disagreeSince >= _timings.SensorSettleMs)
            {
                Fault(SlotFaults.SensorDisagreement, EventTypes.SensorDisagreement, _hardware.ItemId, sink);
            }
        }

        private bool SensorsAgree(bool itemPresent)
        {
            return !HasItemSwitch || !HasTagReader || itemPresent == (_hardware.ItemId != null);
        }

        private void AcceptReturn(string? itemId, ISlotEvents sink)
        {
            if (itemId == null || !itemId.StartsWith(_itemPrefix) || itemId.Length == _itemPrefix.Length)
            {
                // Unknown or foreign: keep it locked in and out of sale until staff look at it.
                Fault(SlotFaults.WrongItem, EventTypes.WrongItem, itemId, sink);
                sink.SlotBeep(BeepPatterns.Error);
                return;
            }

            sink.SlotEvent(this, EventTypes.ItemReturned, itemId, null);
            sink.SlotEvent(this, EventTypes.Returned, itemId, null);
            EndOrder(SlotState.Idle);
        }

        private void Fault(string code, string eventType, string? itemId, ISlotEvents sink)
        {
            FaultCode = code;
            sink.SlotEvent(this, eventType, itemId, code);
            EndOrder(SlotState.Fault);
        }

        private void EndOrder(SlotState next)
        {
            State = next;
            if (next != SlotState.Fault)
            {
                FaultCode = null;
            }

            OrderId = null;
            CommandId = null;
            ItemAtUnlock = null;
        }
    }
}
