using System.Text;
using O2O.Firmware.Core.Slots;
using O2O.Protocol;

namespace O2O.Firmware.Core
{
    /// <summary>What technicians do on site: self-tests and maintenance openings, both journaled as events.</summary>
    public sealed partial class DeviceController
    {
        /// <summary>
        /// Checks what can be checked without a person at the device: sensors agree, no slot in fault, storage
        /// and link. With <paramref name="moveLatches"/> (technician only) each closed idle slot is also opened
        /// as a maintenance opening, so the technician sees every latch release. Starts with "pass" or "fail".
        /// </summary>
        public string RunSelfTest(bool moveLatches)
        {
            var report = new StringBuilder();
            int problems = 0;
            for (int i = 0; i < _slots.Length; i++)
            {
                SlotController slot = _slots[i];
                report.Append("slot ").Append(i).Append(": ").Append(SlotNames.State(slot.State));
                if (slot.FaultCode != null)
                {
                    report.Append(" fault=").Append(slot.FaultCode);
                    problems++;
                }

                if (slot.HasDoor && slot.Hardware.DoorOpen && slot.State == SlotState.Idle)
                {
                    report.Append(" door open while idle");
                    problems++;
                }

                if (moveLatches && (slot.State == SlotState.Idle || slot.State == SlotState.Reserved) && !SafeMode)
                {
                    slot.CancelReservation(this, "maintenance");
                    slot.BeginUnlock(null, null, SlotPurpose.Maintenance);
                    report.Append(" latch pulsed");
                }

                report.Append("\r\n");
            }

            if (!CommandMemoryIntact)
            {
                report.Append("command memory: unreadable at boot\r\n");
                problems++;
            }

            if (!_link.IsConnected)
            {
                report.Append("link: down\r\n");
                problems++;
            }

            if (!_hardware.Beeper.Play(BeepPatterns.Ok))
            {
                report.Append("beeper: refused the ok pattern\r\n");
                problems++;
            }

            return (problems == 0 ? "pass" : "fail: " + problems.ToString() + " problem(s)") + "\r\n" + report.ToString();
        }

        /// <summary>Opens a slot for maintenance (refill, collect, clear a fault); null on success, else why not.</summary>
        public string? TechnicianUnlock(int slot, string technicianId)
        {
            if (SafeMode)
            {
                return "safe mode: latches stay still";
            }

            if (slot < 0 || slot >= _slots.Length)
            {
                return "no such slot";
            }

            return OpenForMaintenance(_slots[slot], technicianId, null);
        }

        /// <summary>
        /// The maintenance opening itself, shared by the console's <c>unlock</c> and the agent's maintenance unlock
        /// command so both are journaled and refused alike. With a <paramref name="commandId"/> the command is
        /// remembered durably before the latch moves and acked when the opening succeeds or fails.
        /// </summary>
        private string? OpenForMaintenance(SlotController slot, string technicianId, string? commandId)
        {
            string? refusal = slot.RefuseUnlock(SlotPurpose.Maintenance, null);
            if (refusal != null)
            {
                return refusal;
            }

            if (commandId != null)
            {
                _recent.Begin(commandId);
            }

            _events.Publish(EventTypes.TechnicianUnlock, slot.Number, null, null, technicianId);
            slot.CancelReservation(this, "maintenance");
            slot.BeginUnlock(commandId, null, SlotPurpose.Maintenance);
            _stateDirty = true;
            return null;
        }
    }
}
