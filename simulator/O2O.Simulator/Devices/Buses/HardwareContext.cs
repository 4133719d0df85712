namespace O2O.Simulator.Devices.Buses;

/// <summary>
/// What every bus emulator and physical model of one device shares: the simulation's time, and one lock.
/// A single lock per device keeps the pins, the mechanics and the peripherals consistent with each other
/// (a latch coil switching on, the drawer springing open, the door switch edge all happen in one step) and
/// rules out lock-order deadlocks between them. Firmware code never holds its own locks while calling in,
/// so firmware callbacks run under it safely, as they would in an interrupt.
/// </summary>
public sealed class HardwareContext(SimulationTime time)
{
    public SimulationTime Time { get; } = time;

    /// <summary>The device's hardware lock (a Monitor, so WaitForEvent can wait on it).</summary>
    public object Gate { get; } = new();

    public TimeSpan Now => Time.Now;
}
