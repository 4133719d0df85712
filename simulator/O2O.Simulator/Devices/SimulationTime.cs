namespace O2O.Simulator.Devices;

/// <summary>
/// The physical world's time for a simulation: elapsed time since the simulation started, and the wall clock,
/// both read from one <see cref="TimeProvider"/>. The system provider runs the local stack in real time;
/// a fake provider lets tests step the world without sleeping. Device clocks derive from it (<see cref="DeviceClock"/>).
/// </summary>
public sealed class SimulationTime(TimeProvider provider)
{
    private readonly long _start = provider.GetTimestamp();

    public TimeProvider Provider => provider;

    /// <summary>Time since the simulation started: what bus recordings and physical models are stamped with.</summary>
    public TimeSpan Now => provider.GetElapsedTime(_start);

    public DateTimeOffset UtcNow => provider.GetUtcNow();
}
