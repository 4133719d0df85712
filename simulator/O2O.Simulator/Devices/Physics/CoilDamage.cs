namespace O2O.Simulator.Devices.Physics;

/// <summary>
/// A latch coil driven beyond its duty cycle: held on longer than its maximum on-time, or energised again
/// before it had cooled. <paramref name="Measured"/> is the on-time or the rest it got; <paramref name="Limit"/> what it is rated for.
/// </summary>
public sealed record CoilDamage(int Slot, string Kind, TimeSpan At, TimeSpan Measured, TimeSpan Limit)
{
    public const string OverMaxOnTime = "over_max_on_time";
    public const string InsideCooldown = "inside_cooldown";
}
