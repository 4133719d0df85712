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
                    return command.Slot == DeviceCommand.NoSlot ? "slot" : command.OrderId == null ? "order" : null;
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
