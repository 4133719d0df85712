using System.Collections.Concurrent;
using O2O.Firmware.Core;

namespace O2O.Simulator.Devices;

/// <summary>A virtual device's flash: named blobs in memory that survive a simulated reboot (not a process restart).</summary>
public sealed class MemoryStorage : IDeviceStorage
{
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);

    /// <summary>Fault injection: writes fail while set, like a worn-out flash sector.</summary>
    public bool FailWrites { get; set; }

    public byte[]? Read(string name) => _blobs.TryGetValue(name, out byte[]? data) ? (byte[])data.Clone() : null;

    public bool Write(string name, byte[] data, int length)
    {
        if (FailWrites)
        {
            return false;
        }

        _blobs[name] = data.AsSpan(0, length).ToArray();
        return true;
    }

    public void Delete(string name) => _blobs.TryRemove(name, out _);
}
