using System.Device.Gpio;

namespace O2O.Simulator.Devices.Buses;

/// <summary>A pin's level changed at <paramref name="At"/> (simulation time), whoever caused it.</summary>
public readonly record struct PinChange(int Pin, PinValue Level, TimeSpan At);
