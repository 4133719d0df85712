using O2O.Firmware.Core.Config;
using O2O.Firmware.Core.Slots;
using O2O.Protocol;

namespace O2O.Firmware.Core
{
    /// <summary>Commands from the edge agent: each id executes at most once and gets exactly one answer.</summary>
    public sealed partial class DeviceController
    {
        /// <summary>Handles one MQTT message addressed to this device. Never throws on bad input.</summary>
        public void OnMessage(string topic, byte[] payload, int length)
        {
            if (topic != _commandTopic || payload == null || length < 0 || length > payload.Length)
            {
                return;
            }

            DecodeError? error;
            string? commandId;
            DeviceCommand? command = DeviceCommand.Decode(payload, 0, length, _reader, out error, out commandId);
            if (command == null)
            {
                // Without an id there is nothing to answer; the agent's own retry and timeout cover it.
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

            string? refusal = Execute(command);
            if (refusal != null)
            {
                Answer(command.Id, CommandAck.Rejected, refusal);
            }
        }

        /// <summary>Runs a command. Returns a rejection reason, or null when it was answered or will be.</summary>
        private string? Execute(DeviceCommand command)
        {
            if (SafeMode && command.Type != CommandTypes.Reboot && command.Type != CommandTypes.SetConfig)
            {
                return "safe_mode";
            }

            long now = _clock.UptimeMilliseconds;
            switch (command.Type)
            {
                case CommandTypes.Unlock:
                    return Unlock(command);
                case CommandTypes.Reserve:
                    return Reserve(command, now);
                case CommandTypes.CancelReservation:
                    if (command.Slot >= _slots.Length)
                    {
                        return "unknown_slot";
                    }

                    return Done(command, _slots[command.Slot].CancelReservation(this, "cancelled") ? null : "not_reserved");
                case CommandTypes.ShowQr:
                    RotateQr();
                    return Done(command, null);
                case CommandTypes.Beep:
                    return Done(command, _hardware.Beeper.Play(command.Pattern!) ? null : "unknown_pattern");
                case CommandTypes.SessionStart:
                    return _session == null ? "no_session" : Done(command, _session.Start(command.OrderId!, command.Minutes, now, this));
                case CommandTypes.SessionExtend:
                    return _session == null ? "no_session" : Done(command, _session.Extend(command.Minutes, now, this));
                case CommandTypes.SessionStop:
                    return _session == null ? "no_session" : Done(command, _session.Stop(this));
                case CommandTypes.SetConfig:
                    return SetConfigRemotely(command);
                case CommandTypes.SelfTest:
                    string report = RunSelfTest(false);
                    _events.Publish(EventTypes.SelfTest, DeviceEvent.NoSlot, null, null, report.StartsWith("pass") ? "pass" : "fail");
                    return Done(command, null);
                case CommandTypes.Reboot:
                    Answer(command.Id, CommandAck.Ok, null);
                    RequestReboot();
                    return null;
                default:
                    return "unsupported_by_device";
            }
        }

        private string? Unlock(DeviceCommand command)
        {
            if (command.Slot >= _slots.Length)
            {
                return "unknown_slot";
            }

            long unixNow = _clock.UnixMilliseconds;
            if (command.IssuedAt > 0 && unixNow > 0 && unixNow - command.IssuedAt > MaxUnlockAgeMs)
            {
                // Held in a queue while the device was away: the customer has long gone, and someone else may be standing there.
                return "expired";
            }

            if (command.Mode == DeviceCommand.MaintenanceMode)
            {
                // The agent checked the technician's cloud-signed token and journaled it; here it runs exactly as the
                // console's unlock by a logged-in technician, and is acked once the opening succeeds or fails.
                return OpenForMaintenance(_slots[command.Slot], command.Text!, command.Id);
            }

            SlotPurpose purpose = command.Mode == DeviceCommand.ReturnMode ? SlotPurpose.Return : SlotPurpose.Rent;
            SlotController slot = _slots[command.Slot];
            string? refusal = slot.RefuseUnlock(purpose, command.OrderId);
            if (refusal != null)
            {
                return refusal;
            }

            // Remembered durably before the latch moves: a reboot mid-unlock must not let a resend unlock again,
            // and the slot's order is recorded so its outcome can be resolved after such a reboot.
            _recent.Begin(command.Id);
            slot.BeginUnlock(command.Id, command.OrderId, purpose);
            _inFlight.Save(_slots);
            _stateDirty = true;
            // The code shown was for this sale (or is about to offer a busy slot): show a fresh one.
            RotateQr();
            return null;
        }

        private string? Reserve(DeviceCommand command, long now)
        {
            if (command.Slot >= _slots.Length)
            {
                return "unknown_slot";
            }

            if (command.Minutes > _definition.Timings.ReserveMaxMinutes)
            {
                return "too_long";
            }

            SlotController slot = _slots[command.Slot];
            string? refusal = slot.RefuseReservation(command.OrderId);
            if (refusal != null)
            {
                return refusal;
            }

            slot.Reserve(command.OrderId, command.Minutes, now);
            _events.Publish(EventTypes.Reserved, slot.Number, command.OrderId, null, null, command.Minutes, false);
            _stateDirty = true;
            RotateQr();
            return Done(command, null);
        }

        private string? SetConfigRemotely(DeviceCommand command)
        {
            if (!ConfigKeys.IsRemote(command.Key!))
            {
                return ConfigKeys.IsKnown(command.Key!) ? "key_not_remote" : "unknown_key";
            }

            string? problem = _config.Set(command.Key!, command.Text!);
            if (problem == null)
            {
                _events.Publish(EventTypes.ConfigChanged, DeviceEvent.NoSlot, null, null, command.Key);
            }

            return Done(command, problem == null ? null : "invalid_value");
        }

        /// <summary>Answers ok, or rejected with the reason; returns null so the caller does not answer again.</summary>
        private string? Done(DeviceCommand command, string? refusal)
        {
            Answer(command.Id, refusal == null ? CommandAck.Ok : CommandAck.Rejected, refusal);
            return null;
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
            _link.Publish(Topics.Acks(_config.DeviceId), _writer.Buffer, _writer.Length, false, true);
        }

        /// <summary>
        /// Reboots once no slot is mid-sale and no session runs (or after <see cref="MaxRebootWaitMs"/>), and
        /// waiting events are out or the link is down. The next boot starts with a clean boot count.
        /// </summary>
        public void RequestReboot()
        {
            _bootGuard.OnDeliberateReboot();
            if (!_rebootRequested)
            {
                _rebootRequested = true;
                _rebootRequestedAt = _clock.UptimeMilliseconds;
            }
        }

        /// <summary>An unlock older than this (by its issue time) is refused: two minutes covers any honest delay.</summary>
        public const long MaxUnlockAgeMs = 120000;

        /// <summary>Longest a requested reboot waits for slots and sessions to finish.</summary>
        public const long MaxRebootWaitMs = 300000;
    }
}
