using O2O.Protocol;

namespace O2O.EdgeAgent.Gateway;

/// <summary>Decoded device traffic, for features that react to it (the order flow). Raised after the event is durable.</summary>
public sealed class DeviceTraffic
{
    public event Func<string, DeviceEvent, Task>? EventStored;

    public event Func<string, CommandAck, Task>? AckReceived;

    /// <summary>A device's sequence numbers jumped forward within one boot: events were lost before reaching the agent.</summary>
    public event Func<string, SequenceGap, Task>? GapDetected;

    internal Task OnEventStoredAsync(string deviceId, DeviceEvent evt) => RaiseAsync(EventStored, deviceId, evt);

    internal Task OnAckAsync(string deviceId, CommandAck ack) => RaiseAsync(AckReceived, deviceId, ack);

    internal Task OnGapAsync(string deviceId, SequenceGap gap) => RaiseAsync(GapDetected, deviceId, gap);

    private static async Task RaiseAsync<T>(Func<string, T, Task>? handlers, string deviceId, T message)
    {
        if (handlers is null)
        {
            return;
        }

        foreach (Func<string, T, Task> handler in handlers.GetInvocationList().Cast<Func<string, T, Task>>())
        {
            await handler(deviceId, message);
        }
    }
}

/// <summary>The sequence numbers a device skipped: <see cref="FirstMissing"/> to <see cref="LastMissing"/> of boot <see cref="BootId"/>, noticed at <see cref="SeenAt"/>.</summary>
public sealed record SequenceGap(string BootId, long FirstMissing, long LastMissing, long SeenAt);

/// <summary>Sends a command payload to a device's command topic.</summary>
public interface IDeviceCommandSender
{
    Task SendAsync(string deviceId, byte[] payload, CancellationToken cancellationToken);
}
