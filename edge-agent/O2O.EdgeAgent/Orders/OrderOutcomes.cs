using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using O2O.CloudContract;
using O2O.EdgeAgent.Cloud;
using O2O.EdgeAgent.Faults;
using O2O.EdgeAgent.Gateway;
using O2O.EdgeAgent.Storage;
using O2O.Protocol;

namespace O2O.EdgeAgent.Orders;

/// <summary>
/// After the unlock: the device's ack and its dispense (or failure) events settle the order's one outcome; after a
/// session_start, the device's ack or its session_started event settle it as dispensed (the customer got the service);
/// unacked commands are re-sent; outcomes of paid orders are reported to the cloud. Device traffic handlers
/// only write to the store and wake <see cref="OrderRetryService"/>: the gateway holds the device's PUBACK
/// until they return, so no cloud call may happen inside them.
/// </summary>
public sealed class OrderOutcomes(AgentStore store, IDeviceCommandSender devices, CloudApiClient cloud, DeviceTraffic traffic,
    TimeProvider time, IOptions<EdgeAgentOptions> options, ILogger<OrderOutcomes> logger) : IHostedService
{
    /// <summary>How long an unlock is re-sent; it matches the device's own limit for commands issued this long ago.</summary>
    public const long CommandLifetimeMs = 120_000;

    /// <summary>The failure reason of an acked order whose device never reported how it ended.</summary>
    public const string OutcomeLost = "outcome_lost";

    private readonly Channel<bool> _work = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public Task StartAsync(CancellationToken cancellationToken)
    {
        traffic.EventStored += OnDeviceEventAsync;
        traffic.AckReceived += OnAckAsync;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        traffic.EventStored -= OnDeviceEventAsync;
        traffic.AckReceived -= OnAckAsync;
        return Task.CompletedTask;
    }

    /// <summary>Waits until an outcome needs reporting, or <paramref name="timeout"/> passes.</summary>
    public async Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var due = new CancellationTokenSource(timeout, time);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, due.Token);
        try
        {
            await _work.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The periodic pass is due.
        }
    }

    /// <summary>Settles an order. Only the first outcome counts; it is then reported by the retry loop.</summary>
    public void Finish(string orderId, string outcome, string? reason)
    {
        if (store.TrySetOutcome(orderId, outcome, reason))
        {
            CrashPoints.Reach(CrashPoints.OutcomeSet);
            logger.LogInformation("Order {Order}: outcome {Outcome} {Reason}", orderId, outcome, reason);
            _work.Writer.TryWrite(true);
        }
    }

    /// <summary>Re-sends unacked commands; an unlock or session_start the device never acked in time fails its order.</summary>
    public async Task ResendUnackedAsync(CancellationToken cancellationToken)
    {
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (PendingCommand command in store.UnackedCommands())
        {
            if (now - command.CreatedMs > CommandLifetimeMs)
            {
                // The device refuses unlocks this old anyway; stop, and let the cloud refund the customer who left.
                store.RecordAck(command.DeviceId, command.CommandId, CommandAck.Failed, "expired");
                if (store.FindOrderByCommand(command.CommandId) is { } order)
                {
                    Finish(order.OrderId, OrderStatus.Failed, "expired");
                }

                continue;
            }

            // Negative: the clock was set back since the last send. Send now (the device dedupes by command id)
            // rather than wait for the clock to catch up with a device that may never have heard the command.
            long sinceSent = now - command.LastSentMs;
            if (sinceSent >= options.Value.CommandRetryMilliseconds || sinceSent < 0)
            {
                await devices.SendAsync(command.DeviceId, command.Payload, cancellationToken);
                store.MarkCommandSent(command.CommandId, now);
            }
        }
    }

    /// <summary>
    /// Fails, as <c>outcome_lost</c>, each acked order still without an outcome <see cref="EdgeAgentOptions.OutcomeDeadlineMinutes"/>
    /// after it was recorded: its dispensed or failure event is gone for good, and a paid order must still end. The
    /// cloud refunds it; if the event turns up after all, it is logged and changes nothing (the first outcome stands).
    /// </summary>
    public void FailOrdersPastTheirDeadline()
    {
        long deadline = time.GetUtcNow().ToUnixTimeMilliseconds() - options.Value.OutcomeDeadlineMinutes * 60_000L;
        foreach (OrderRecord order in store.AckedWithoutOutcome(deadline))
        {
            logger.LogWarning("Order {Order}: {Device} acked the unlock but no outcome came in {Minutes} min; failing it so the cloud refunds",
                order.OrderId, order.DeviceId, options.Value.OutcomeDeadlineMinutes);
            Finish(order.OrderId, OrderStatus.Failed, OutcomeLost);
        }
    }

    /// <summary>Reports settled paid orders to the cloud. Offline redemptions go through reconciliation instead.</summary>
    public async Task ReportOutcomesAsync(CancellationToken cancellationToken)
    {
        foreach (OrderRecord order in store.UnreportedOutcomes())
        {
            OutcomeDelivery delivery;
            try
            {
                delivery = await cloud.ReportOutcomeAsync(order.OrderId, order.Outcome!, order.Reason, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                logger.LogWarning("Order {Order}: outcome not reported yet ({Reason}); will retry", order.OrderId, e.Message);
                return;
            }

            if (delivery == OutcomeDelivery.Retry)
            {
                return;
            }

            if (delivery == OutcomeDelivery.Refused)
            {
                // Sending it again cannot change the answer (unknown order, or the cloud holds another outcome).
                logger.LogError("Order {Order}: the cloud refused outcome {Outcome}; needs reconciliation", order.OrderId, order.Outcome);
            }

            store.MarkOutcomeReported(order.OrderId);
            CrashPoints.Reach(CrashPoints.OutcomeReported);
        }
    }

    private Task OnAckAsync(string deviceId, CommandAck ack)
    {
        store.RecordAck(deviceId, ack.CommandId, ack.Outcome, ack.Reason);
        CrashPoints.Reach(CrashPoints.AckRecorded);
        OrderRecord? order = store.FindOrderByCommand(ack.CommandId);
        if (order is null || order.DeviceId != deviceId)
        {
            return Task.CompletedTask;
        }

        if (ack.Outcome == CommandAck.Ok && order.IsSession)
        {
            // The device acks a session_start only once the session runs (relay on, session_started published), so
            // the ack alone settles it: the session_started event may still be on its way, or lost to a full buffer.
            Finish(order.OrderId, OrderStatus.Dispensed, null);
        }
        else if (ack.Outcome == CommandAck.Ok)
        {
            logger.LogInformation("Order {Order}: {Device} acked the unlock", order.OrderId, deviceId);
        }
        else
        {
            Finish(order.OrderId, OrderStatus.Failed, ack.Outcome + ":" + ack.Reason);
        }

        return Task.CompletedTask;
    }

    private Task OnDeviceEventAsync(string deviceId, DeviceEvent evt)
    {
        if (evt.OrderId is null || store.FindOrder(evt.OrderId) is not { } order || order.DeviceId != deviceId)
        {
            return Task.CompletedTask;
        }

        switch (evt.Type)
        {
            case EventTypes.Dispensed when order.Outcome == OrderStatus.Failed && order.Reason == OutcomeLost:
                logger.LogError("Order {Order}: {Device} reports it dispensed after it was failed as {Reason} and refunded; needs reconciliation",
                    order.OrderId, deviceId, OutcomeLost);
                break;
            case EventTypes.Dispensed:
                Finish(order.OrderId, OrderStatus.Dispensed, null);
                break;
            case EventTypes.SessionStarted when order.IsSession:
                Finish(order.OrderId, OrderStatus.Dispensed, null);
                break;
            case EventTypes.UnlockFailed:
            case EventTypes.Jammed:
                Finish(order.OrderId, OrderStatus.Failed, evt.Code ?? evt.Type);
                break;
        }

        return Task.CompletedTask;
    }
}
