using System.Collections.Concurrent;
using O2O.Protocol;

namespace O2O.EdgeAgent.Gateway;

/// <summary>What the agent knows about each device right now: online, latest state, and event-sequence bookkeeping.</summary>
public sealed class DeviceRegistry
{
    private readonly ConcurrentDictionary<string, DeviceStatus> _devices = new(StringComparer.Ordinal);

    public DeviceStatus Get(string deviceId) => _devices.GetOrAdd(deviceId, id => new DeviceStatus(id));

    public IReadOnlyCollection<DeviceStatus> All => _devices.Values.ToList();
}

public sealed class DeviceStatus(string deviceId)
{
    private readonly Lock _gate = new();

    public string DeviceId { get; } = deviceId;

    public bool Online { get; set; }

    public DeviceState? LastState { get; set; }

    /// <summary>The health the device reported with its latest heartbeat.</summary>
    public HealthReport? LastHealth { get; set; }

    public string? BootId { get; private set; }

    public long LastSequence { get; private set; }

    public long MissedEvents { get; private set; }

    /// <summary>Tracks (boot, seq): a new boot restarts the count; a jump forward is a gap, which is counted and returned.</summary>
    public long ObserveSequence(string bootId, long sequence)
    {
        lock (_gate)
        {
            if (bootId != BootId)
            {
                // A boot seen from its start counts from 1. The first boot heard since the agent started may be
                // well under way (the agent restarted, not the device), so it is taken as the starting point.
                LastSequence = BootId is null ? sequence - 1 : 0;
                BootId = bootId;
            }

            long gap = sequence > LastSequence + 1 ? sequence - LastSequence - 1 : 0;
            MissedEvents += gap;
            if (sequence > LastSequence)
            {
                LastSequence = sequence;
            }

            return gap;
        }
    }
}
