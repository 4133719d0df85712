namespace O2O.Protocol
{
    /// <summary>One slot as the retained state snapshot shows it.</summary>
    public sealed class SlotSnapshot
    {
        public int Number { get; set; }

        /// <summary>The slot state machine's state name (idle, reserved, unlocking, open, fault…).</summary>
        public string State { get; set; } = "";

        /// <summary>Id of the item in the slot, or null when empty.</summary>
        public string? ItemId { get; set; }

        public bool DoorOpen { get; set; }

        /// <summary>The active fault code, or null.</summary>
        public string? Fault { get; set; }
    }
}
