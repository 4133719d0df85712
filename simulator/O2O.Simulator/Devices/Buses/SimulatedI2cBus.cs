using System.Device.I2c;

namespace O2O.Simulator.Devices.Buses;

/// <summary>
/// The board's I2C bus (I2C_SDA/I2C_SCL): peripherals attach at their addresses (backend side) and the
/// firmware opens <see cref="I2cDevice"/>s on it (driver side). A transfer to an address nobody answers is a
/// NAK: it is counted and leaves the read buffer untouched without throwing, as nanoFramework's I2C reports
/// a failed transfer in its result instead of an exception (the drivers are written for that).
/// </summary>
public sealed class SimulatedI2cBus(HardwareContext context, int busId = 1)
{
    private readonly Dictionary<int, II2cTarget> _targets = [];
    private readonly Dictionary<int, int> _naks = [];

    public int BusId { get; } = busId;

    public long Transfers { get; private set; }

    public void Attach(int address, II2cTarget target)
    {
        lock (context.Gate)
        {
            if (!_targets.TryAdd(address, target))
            {
                throw new InvalidOperationException($"two peripherals at I2C address 0x{address:X2}");
            }
        }
    }

    public void Detach(int address)
    {
        lock (context.Gate)
        {
            _targets.Remove(address);
        }
    }

    public II2cTarget? TargetAt(int address)
    {
        lock (context.Gate)
        {
            return _targets.GetValueOrDefault(address);
        }
    }

    /// <summary>Transfers to <paramref name="address"/> that nobody acknowledged.</summary>
    public int Naks(int address)
    {
        lock (context.Gate)
        {
            return _naks.GetValueOrDefault(address);
        }
    }

    public I2cDevice Open(int address) => new SimulatedI2cDevice(this, new I2cConnectionSettings(BusId, address));

    internal void Write(int address, ReadOnlySpan<byte> data)
    {
        lock (context.Gate)
        {
            Transfers++;
            if (!(_targets.GetValueOrDefault(address)?.Write(data) ?? false))
            {
                Nak(address);
            }
        }
    }

    internal void Read(int address, Span<byte> buffer)
    {
        lock (context.Gate)
        {
            Transfers++;
            if (!(_targets.GetValueOrDefault(address)?.Read(buffer) ?? false))
            {
                Nak(address);
            }
        }
    }

    // A repeated start: the read follows the write within one bus transaction, with nothing in between.
    internal void WriteRead(int address, ReadOnlySpan<byte> write, Span<byte> read)
    {
        lock (context.Gate)
        {
            Transfers++;
            II2cTarget? target = _targets.GetValueOrDefault(address);
            if (target is null || !target.Write(write) || !target.Read(read))
            {
                Nak(address);
            }
        }
    }

    private void Nak(int address) => _naks[address] = _naks.GetValueOrDefault(address) + 1;
}
