using O2O.Protocol;

namespace O2O.EdgeAgent.Gateway;

/// <summary>Decoded device traffic, for features that react to it (the order flow). Raised after the event is durable.</summary>
public sealed class DeviceTraffic
{
    public event Func<string, DeviceEvent, Task>? EventStored;

    public event Func<string, CommandAck, Task>? AckReceived;

    /// <summary>A device's sequence numbers jumped forward within one boot: events were lost before reaching the agent.</summary>
    public event Func<string, SequenceGap, Task>? GapDetected;

    /// <summary>
    /// A customer presented an offline token at a device (code typed in, or token from a phone): device id, the
    /// token text, the slot asked for (-1 = any), and the device's time of the presentation (Unix ms, 0 if its clock
    /// is not set). The stored event carries "redacted" in place of the token.
    /// </summary>
    public event Func<string, string, int, long, Task>? TokenPresented;

    internal async Task OnTokenPresentedAsync(string deviceId, string token, int slot, long presentedAtMs)
    {
        foreach (Func<string, string, int, long, Task> handler in TokenPresented?.GetInvocationList().Cast<Func<string, string, int, long, Task>>() ?? [])
        {
            await handler(deviceId, token, slot, presentedAtMs);
        }
    }

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
