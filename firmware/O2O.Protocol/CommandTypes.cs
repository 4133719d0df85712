namespace O2O.Protocol
{
    /// <summary>Command type names on the wire, from the edge agent to a device.</summary>
    public static class CommandTypes
    {
        public const string Unlock = "unlock";
        public const string Reserve = "reserve";
        public const string CancelReservation = "cancel";
        public const string ShowQr = "show_qr";
        public const string Beep = "beep";
        public const string SessionStart = "session_start";
        public const string SessionExtend = "session_extend";
        public const string SessionStop = "session_stop";
        public const string SetConfig = "set_config";
        public const string SelfTest = "self_test";
        public const string Reboot = "reboot";

        /// <summary>Which fields each command type needs, so a command missing one is refused before it reaches the device logic.</summary>
        internal static string? MissingFieldFor(DeviceCommand command)
        {
            switch (command.Type)
            {
                case Unlock:
                    if (command.Slot == DeviceCommand.NoSlot)
                    {
                        return "slot";
                    }

                    // A maintenance opening serves no order; it names the technician instead, for the journal.
                    return command.Mode == DeviceCommand.MaintenanceMode
                        ? (command.Text == null ? "value" : null)
                        : (command.OrderId == null ? "order" : null);
                case Reserve:
                    return command.Slot == DeviceCommand.NoSlot ? "slot" : command.Minutes <= 0 ? "minutes" : null;
                case CancelReservation:
                    return command.Slot == DeviceCommand.NoSlot ? "slot" : null;
                case Beep:
                    return command.Pattern == null ? "pattern" : null;
                case SessionStart:
                    return command.Minutes <= 0 ? "minutes" : command.OrderId == null ? "order" : null;
                case SessionExtend:
                    return command.Minutes <= 0 ? "minutes" : null;
                case SetConfig:
                    return command.Key == null ? "key" : command.Text == null ? "value" : null;
                default:
                    return null;
            }
        }

        /// <summary>Checks values that only make sense once the type and mode are known; the error detail, or null.</summary>
        internal static string? InvalidFieldFor(DeviceCommand command)
        {
            if (command.Type == Unlock && command.Mode == DeviceCommand.MaintenanceMode && !TechnicianToken.IsValidTechnicianId(command.Text!))
            {
                // The id ends up in the technician_unlock event's code and in the agent's journal: same rule as a login code's id.
                return "value: technician id must be 1 to " + TechnicianToken.MaxTechnicianIdLength.ToString() + " of [A-Za-z0-9_-] for a maintenance unlock";
            }

            return null;
        }

        public static bool IsKnown(string type)
        {
            switch (type)
            {
                case Unlock:
                case Reserve:
                case CancelReservation:
                case ShowQr:
                case Beep:
                case SessionStart:
                case SessionExtend:
                case SessionStop:
                case SetConfig:
                case SelfTest:
                case Reboot:
                    return true;
                default:
                    return false;
            }
        }
    }
}
