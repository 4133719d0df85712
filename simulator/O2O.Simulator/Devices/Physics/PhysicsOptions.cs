using O2O.Simulator.Devices.Buses;

namespace O2O.Simulator.Devices.Physics;

/// <summary>How the simulated mechanics behave. The coil's duty limits are not here: they come from the device definition's timings.</summary>
public sealed record PhysicsOptions
{
    /// <summary>How long a latch coil must pull before the bolt lets go (a solenoid needs a few tens of ms to move its plunger).</summary>
    public TimeSpan LatchReleaseAfter { get; init; } = TimeSpan.FromMilliseconds(80);

    /// <summary>Contact bounce of every door, item and emergency-stop switch; well inside the firmware's 30 ms debounce window.</summary>
    public ContactBounce SwitchBounce { get; init; } = new(3, TimeSpan.FromMilliseconds(4));

    /// <summary>
    /// Tolerance on the coil's rating before a drive counts as damage. The latch driver cuts a pulse on the first
    /// main-loop pass after the limit (one pass is 5 ms), so a driver doing its job stays within this slack.
    /// </summary>
    public TimeSpan CoilLimitSlack { get; init; } = TimeSpan.FromMilliseconds(20);
}
