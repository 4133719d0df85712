namespace O2O.Firmware.Core
{
    /// <summary>
    /// Small named blobs that survive a reboot: configuration, recent command ids, the boot counter. On the
    /// ESP32 these are files on the internal flash drive; in tests and the simulator, memory or a folder.
    /// </summary>
    public interface IDeviceStorage
    {
        /// <summary>The blob's bytes, or null when it does not exist or cannot be read.</summary>
        byte[]? Read(string name);

        /// <summary>Replaces the blob; false when the write failed (the caller keeps running on what it has in memory).</summary>
        bool Write(string name, byte[] data, int length);

        void Delete(string name);
    }
}
