namespace O2O.Firmware.Core
{
    /// <summary>
    /// What the core can do to and learn from one slot's hardware. Drivers (latch output, debounced
    /// switches, tag reader) implement it on the device; the simulator's physical model implements it on the host.
    /// </summary>
    public interface ISlotHardware
    {
        /// <summary>Energises or releases the slot's latch solenoid. The driver enforces the coil's max on-time on its own.</summary>
        void SetLatch(bool energised);

        /// <summary>The door switch; always false for slots without a door (umbrella slots).</summary>
        bool DoorOpen { get; }

        /// <summary>The item-present switch.</summary>
        bool ItemPresent { get; }

        /// <summary>Tag id of the item the reader sees now, or null when it reads none.</summary>
        string? ItemId { get; }
    }
}
