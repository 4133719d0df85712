namespace O2O.Firmware.Drivers.TagReader
{
    /// <summary>Reads the id tag of the item in one slot (RFID on a power bank or umbrella handle).</summary>
    public interface ITagReader
    {
        /// <summary>The id of the tag in range, or null when none (or the reader does not answer).</summary>
        string? CurrentTag { get; }

        /// <summary>Call from the main loop; the reader polls its hardware at its own pace.</summary>
        void Tick();
    }
}
