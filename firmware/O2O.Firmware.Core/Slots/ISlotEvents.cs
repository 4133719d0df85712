namespace O2O.Firmware.Core.Slots
{
    /// <summary>What a slot reports to its device: events (with the slot's current order), unlock outcomes, beeps.</summary>
    public interface ISlotEvents
    {
        void SlotEvent(SlotController slot, string eventType, string? itemId, string? code);

        /// <summary>The unlock command being served ended: ok (door opened), or failed with a reason.</summary>
        void UnlockFinished(SlotController slot, string outcome, string? reason);

        void SlotBeep(string pattern);
    }
}
