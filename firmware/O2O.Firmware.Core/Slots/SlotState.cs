namespace O2O.Firmware.Core.Slots
{
    /// <summary>Where one slot's state machine stands.</summary>
    public enum SlotState
    {
        Idle = 0,
        /// <summary>Held for one order for a few minutes, like a bike-share reservation.</summary>
        Reserved = 1,
        /// <summary>Latch pulsing (or waiting to cool before a retry); waiting for the door switch.</summary>
        Unlocking = 2,
        /// <summary>Door open; watching the item and waiting for the door to close.</summary>
        Open = 3,
        /// <summary>Out of service until the cause is cleared (a technician, or sensors agreeing again).</summary>
        Fault = 4,
    }

    /// <summary>Why a slot is being opened.</summary>
    public enum SlotPurpose
    {
        Rent = 0,
        Return = 1,
        /// <summary>A technician's maintenance opening: no order; closing the door clears any fault.</summary>
        Maintenance = 2,
    }

    /// <summary>Wire names (Enum.ToString() gives a number on nanoFramework).</summary>
    public static class SlotNames
    {
        public static string State(SlotState state)
        {
            switch (state)
            {
                case SlotState.Idle: return "idle";
                case SlotState.Reserved: return "reserved";
                case SlotState.Unlocking: return "unlocking";
                case SlotState.Open: return "open";
                case SlotState.Fault: return "fault";
                default: return "unknown";
            }
        }
    }

    /// <summary>Fault codes a slot can be in.</summary>
    public static class SlotFaults
    {
        public const string Jammed = "jammed";
        public const string ForcedOpen = "forced_open";
        public const string ItemRemoved = "item_removed";
        public const string SensorDisagreement = "sensor_disagreement";
        public const string WrongItem = "wrong_item";
    }
}
