using System.Device.Gpio;

namespace O2O.Simulator.Devices.Buses;

/// <summary>
/// One pad's electrical state. What the pad reads, strongest first: its own output driver, whatever the
/// outside world drives onto it, a pull resistor on the board (10 kΩ, beats the chip's ~45 kΩ), the chip's
/// internal pull selected by the pin mode, and finally a floating input, which this model reads as low.
/// </summary>
internal sealed class SimulatedPin(int number)
{
    public int Number { get; } = number;

    public bool Open { get; set; }

    public PinMode Mode { get; set; } = PinMode.Input;

    /// <summary>The output register: what the pad drives once (or while) the pin is an output.</summary>
    public PinValue OutputLatch { get; set; } = PinValue.Low;

    /// <summary>The outside world's drive (a switch to ground, a sensor); null when it lets go.</summary>
    public PinValue? ExternalDrive { get; set; }

    public PinValue? BoardPull { get; set; }

    /// <summary>The level as last resolved; edges are changes of it.</summary>
    public PinValue Level { get; set; } = PinValue.Low;

    public long RisingEdges { get; set; }

    public long FallingEdges { get; set; }

    public List<(PinEventTypes Types, PinChangeEventHandler Handler)> Callbacks { get; } = [];

    public PinValue Resolve()
    {
        if (Open && Mode == PinMode.Output)
        {
            return OutputLatch;
        }

        if (ExternalDrive is { } driven)
        {
            return driven;
        }

        if (BoardPull is { } pulled)
        {
            return pulled;
        }

        return Open && Mode == PinMode.InputPullUp ? PinValue.High : PinValue.Low;
    }
}
