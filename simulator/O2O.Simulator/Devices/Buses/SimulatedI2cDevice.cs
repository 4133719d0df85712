using System.Device.I2c;

namespace O2O.Simulator.Devices.Buses;

/// <summary>The driver side of one I2C peripheral: the System.Device.I2c contract, forwarded to the bus at its address.</summary>
public sealed class SimulatedI2cDevice(SimulatedI2cBus bus, I2cConnectionSettings settings) : I2cDevice
{
    public override I2cConnectionSettings ConnectionSettings { get; } = settings;

    public override void Read(Span<byte> buffer) => bus.Read(ConnectionSettings.DeviceAddress, buffer);

    public override void Write(ReadOnlySpan<byte> buffer) => bus.Write(ConnectionSettings.DeviceAddress, buffer);

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer) =>
        bus.WriteRead(ConnectionSettings.DeviceAddress, writeBuffer, readBuffer);
}
