namespace O2O.Simulator.Devices.Buses;

/// <summary>
/// Contact bounce: on making or breaking, a switch contact springs back <paramref name="Reversals"/> times
/// within <paramref name="Span"/> before it settles, so the pin sees 1 + 2 × Reversals edges.
/// </summary>
public readonly record struct ContactBounce(int Reversals, TimeSpan Span)
{
    public static readonly ContactBounce None = new(0, TimeSpan.Zero);
}
