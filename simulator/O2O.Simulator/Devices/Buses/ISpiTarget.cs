namespace O2O.Simulator.Devices.Buses;

/// <summary>
/// A peripheral's side of a write-only SPI link with a data/command line (as display controllers use):
/// each transfer arrives with the level the D/C pin had when it was clocked out.
/// </summary>
public interface ISpiTarget
{
    void Receive(bool dataCommandHigh, ReadOnlySpan<byte> bytes);
}
