using System.Device.Gpio;
using System.Device.Spi;

namespace O2O.Simulator.Devices.Buses;

/// <summary>
/// The driver side of one SPI peripheral selected by its chip-select line: the System.Device.Spi contract.
/// Writes go to the target together with the D/C pin's level sampled from the GPIO emulator at that moment,
/// so a driver that forgets to flip D/C shows up as garbage on the emulated panel, as on the real one.
/// The link is write-only (the board wires no MISO): reads clock in zeros.
/// </summary>
public sealed class SimulatedSpiDevice(HardwareContext context, SpiConnectionSettings settings, ISpiTarget? target, SimulatedGpioDriver gpio, int dataCommandPin) : SpiDevice
{
    public override SpiConnectionSettings ConnectionSettings { get; } = settings;

    /// <summary>Bytes clocked out so far.</summary>
    public long BytesWritten { get; private set; }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (context.Gate)
        {
            BytesWritten += buffer.Length;
            target?.Receive(gpio.Level(dataCommandPin) == PinValue.High, buffer);
        }
    }

    public override void Read(Span<byte> buffer) => buffer.Clear();

    public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Write(writeBuffer);
        readBuffer.Clear();
    }
}
