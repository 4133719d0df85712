namespace O2O.Firmware.Core
{
    /// <summary>Where one slot's state machine stands.</summary>
    public enum SlotState
    {
        Idle = 0,
        /// <summary>Latch pulsed for a paid order; waiting for the door switch.</summary>
        Unlocking = 1,
        /// <summary>Door open after an unlock; waiting for the item to go and the door to close.</summary>
        Open = 2,
        /// <summary>Out of service until a technician clears it.</summary>
        Fault = 3,
    }

    /// <summary>Wire names for <see cref="SlotState"/> (Enum.ToString() gives a number on nanoFramework).</summary>
    public static class SlotStateNames
    {
        public static string Name(SlotState state)
        {
            switch (state)
            {
                case SlotState.Idle: return "idle";
                case SlotState.Unlocking: return "unlocking";
                case SlotState.Open: return "open";
                case SlotState.Fault: return "fault";
                default: return "unknown";
            }
        }
    }
}
