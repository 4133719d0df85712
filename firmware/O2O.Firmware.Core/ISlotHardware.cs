namespace O2O.Firmware.Core
{
    /// <summary>
    /// What the core can do to and learn from one slot's hardware. Drivers (latch output, debounced
    /// switches, tag reader) implement it on the device; the simulator's physical model implements it on the host.
    /// </summary>
    public interface ISlotHardware
    {
        /// <summary>Energises or releases the slot's latch solenoid.</summary>
        void SetLatch(bool energised);

        bool DoorOpen { get; }

        bool ItemPresent { get; }

        /// <summary>Tag id of the item in the slot, or null when none is read.</summary>
        string? ItemId { get; }
    }
}
