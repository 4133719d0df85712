using Microsoft.Extensions.Logging;
using O2O.EdgeAgent.Storage;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.EdgeAgent.Gateway;

/// <summary>
/// Decodes what a device published and acts on it: events are made durable (deduped on boot and seq),
/// acks and state go to the features that need them. A payload that does not decode is refused with its
/// reason logged and counted; it never reaches a subscriber or the store.
/// </summary>
public sealed class DeviceMessageRouter(
    GroupCommitWriter writer,
    DeviceRegistry registry,
    DeviceTraffic traffic,
    GatewayCounters counters,
    TimeProvider time,
    ILogger<DeviceMessageRouter> logger)
{
    /// <summary>Handles one device message, and says what the broker should do with it.</summary>
    public async Task<RouteResult> HandleAsync(string deviceId, DeviceChannel channel, byte[] payload, CancellationToken cancellationToken)
    {
        var reader = new JsonReader();
        DecodeError? error;
        switch (channel)
        {
            case DeviceChannel.Events:
                DeviceEvent? evt = DeviceEvent.Decode(payload, 0, payload.Length, reader, out error);
                if (evt is null || (evt.DeviceId is not null && evt.DeviceId != deviceId))
                {
                    return Refuse(deviceId, channel, error ?? new DecodeError(DecodeStatus.InvalidValue, "dev: does not match the topic"));
                }

                if (evt.Type == EventTypes.TokenPresented)
                {
                    await HandlePresentedTokenAsync(deviceId, evt);
                    return RouteResult.Consume;
                }

                await StoreEventAsync(deviceId, evt, payload);
                return RouteResult.Deliver;
            case DeviceChannel.Acks:
                CommandAck? ack = CommandAck.Decode(payload, 0, payload.Length, reader, out error);
                if (ack is null)
                {
                    return Refuse(deviceId, channel, error!);
                }

                await traffic.OnAckAsync(deviceId, ack);
                return RouteResult.Deliver;
            case DeviceChannel.State:
                DeviceState? state = DeviceState.Decode(payload, 0, payload.Length, reader, out error);
                if (state is null || state.DeviceId != deviceId)
                {
                    return Refuse(deviceId, channel, error ?? new DecodeError(DecodeStatus.InvalidValue, "dev: does not match the topic"));
                }

                DeviceStatus status = registry.Get(deviceId);
                status.LastState = state;
                status.Online = true;
                return RouteResult.Deliver;
            case DeviceChannel.Availability:
                string? availability = Availability.Decode(payload, 0, payload.Length, reader, out error);
                if (availability is null)
                {
                    return Refuse(deviceId, channel, error!);
                }

                registry.Get(deviceId).Online = availability == Availability.Online;
                logger.LogInformation("Device {Device} is {Availability}", deviceId, availability);
                return RouteResult.Deliver;
            default:
                return RouteResult.Refuse;
        }
    }

    public Task OnDisconnectedAsync(string clientId)
    {
        if (Topics.IsValidId(clientId))
        {
            registry.Get(clientId).Online = false;
        }

        return Task.CompletedTask;
    }

    /// <summary>Marker stored in place of a presented token: the journal keeps the event, never the bearer credential.</summary>
    public const string RedactedToken = "redacted";

    // The event is journaled without its token, and never forwarded to other subscribers. A redelivered event
    // is not redeemed again: if the agent died before spending the token, the token is still good and the
    // customer presents it once more; if it died after, the unlock is already in the outbox.
    private async Task HandlePresentedTokenAsync(string deviceId, DeviceEvent evt)
    {
        string presented = evt.Token!;
        evt.Token = RedactedToken;
        var redacted = new JsonWriter(512);
        evt.WriteTo(redacted);
        if (await StoreEventAsync(deviceId, evt, redacted.ToArray()) && presented != RedactedToken)
        {
            await traffic.OnTokenPresentedAsync(deviceId, presented, evt.Slot, evt.Timestamp);
        }
    }

    /// <summary>Stores an event; false when it was a redelivery of one stored before.</summary>
    private async Task<bool> StoreEventAsync(string deviceId, DeviceEvent evt, byte[] payload)
    {
        if (!await writer.StoreAsync(new IncomingEvent(deviceId, evt, payload, time.GetUtcNow().ToUnixTimeMilliseconds())))
        {
            // A redelivery: stored already, but whatever should have followed it (an order's outcome) may not have,
            // if the agent stopped in between. Consumers are idempotent, so they see it again.
            counters.DuplicateEvents.Increment();
            await traffic.OnEventStoredAsync(deviceId, evt);
            return false;
        }

        counters.EventsStored.Increment();
        DeviceStatus status = registry.Get(deviceId);
        if (evt.Health is not null)
        {
            status.LastHealth = evt.Health;
        }

        long gap = status.ObserveSequence(evt.BootId, evt.Sequence);
        if (gap > 0)
        {
            logger.LogWarning("Device {Device} skipped {Gap} events before seq {Seq} of boot {Boot}", deviceId, gap, evt.Sequence, evt.BootId);
            await traffic.OnGapAsync(deviceId, new SequenceGap(evt.BootId, evt.Sequence - gap, evt.Sequence - 1, evt.Sequence));
        }

        await traffic.OnEventStoredAsync(deviceId, evt);
        return true;
    }

    private RouteResult Refuse(string deviceId, DeviceChannel channel, DecodeError error)
    {
        counters.RejectedPayloads.Increment();
        logger.LogWarning("Refused {Channel} payload from device {Device}: {Reason}", ChannelName(channel), deviceId, error.ToString());
        return RouteResult.Refuse;
    }

    private static string ChannelName(DeviceChannel channel) => channel switch
    {
        DeviceChannel.Events => "event",
        DeviceChannel.Acks => "ack",
        DeviceChannel.State => "state",
        DeviceChannel.Availability => "availability",
        _ => "unknown",
    };
}

/// <summary>What the broker does with a device message once the router has handled it.</summary>
public enum RouteResult
{
    /// <summary>Acknowledge it and deliver it to subscribers.</summary>
    Deliver,

    /// <summary>Acknowledge it, but keep it from every subscriber (it carried a credential, like a presented token).</summary>
    Consume,

    /// <summary>Acknowledge it with an error reason code: it did not decode, and resending cannot help.</summary>
    Refuse,
}
