namespace O2O.Simulator.Devices.Buses;

/// <summary>A peripheral's side of the I2C bus. Returning false is a NAK: the controller gets no answer.</summary>
public interface II2cTarget
{
    /// <summary>A write transfer (after the address byte); false when the target does not acknowledge.</summary>
    bool Write(ReadOnlySpan<byte> data);

    /// <summary>A read transfer: fills <paramref name="buffer"/>; false when the target does not acknowledge.</summary>
    bool Read(Span<byte> buffer);
}
