using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using O2O.CloudContract;
using O2O.EdgeAgent.Cloud;
using O2O.EdgeAgent.Gateway;
using O2O.EdgeAgent.Storage;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.EdgeAgent.Orders;

/// <summary>
/// Turns a paid order into exactly one unlock and exactly one reported outcome. Grant → verify → claim
/// with the cloud → commit order and unlock command together → send → device ack and dispense event →
/// outcome to the cloud. Every step is keyed by order id, so duplicate grants, redelivered acks and
/// restarts land on the same row instead of a second unlock.
/// </summary>
public sealed class OrderFlow : IHostedService
{
    private readonly AgentStore _store;
    private readonly IDeviceCommandSender _devices;
    private readonly CloudApiClient _cloud;
    private readonly GrantKeyring _keys;
    private readonly TimeProvider _time;
    private readonly EdgeAgentOptions _options;
    private readonly ILogger<OrderFlow> _logger;
    private readonly HashSet<string> _knownDevices;
    private readonly SemaphoreSlim _grantGate = new(1, 1);
    private readonly DeviceTraffic _traffic;
    private readonly CloudLink _cloudLink;

    public OrderFlow(AgentStore store, IDeviceCommandSender devices, CloudApiClient cloud, GrantKeyring keys, DeviceTraffic traffic,
        CloudLink cloudLink, TimeProvider time, IOptions<EdgeAgentOptions> options, ILogger<OrderFlow> logger)
    {
        _store = store;
        _devices = devices;
        _cloud = cloud;
        _keys = keys;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _knownDevices = _options.Devices.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        _traffic = traffic;
        _cloudLink = cloudLink;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _traffic.EventStored += OnDeviceEventAsync;
        _traffic.AckReceived += OnAckAsync;
        _cloudLink.CommandReceived += OnSiteCommandAsync;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _traffic.EventStored -= OnDeviceEventAsync;
        _traffic.AckReceived -= OnAckAsync;
        _cloudLink.CommandReceived -= OnSiteCommandAsync;
        return Task.CompletedTask;
    }

    /// <summary>How long an unlock is re-sent; it matches the device's own limit for commands issued this long ago.</summary>
    public const long CommandLifetimeMs = 120_000;

    /// <summary>Grants refused, by reason (forged, expired, wrong site…), for metrics.</summary>
    public ConcurrentDictionary<string, long> Refusals { get; } = new(StringComparer.Ordinal);

    public async Task OnSiteCommandAsync(SiteCommand command)
    {
        if (command.Type != SiteCommand.Grant)
        {
            return;
        }

        try
        {
            await HandleGrantAsync(command.Body, CancellationToken.None);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException
            or FormatException or System.Security.Cryptography.CryptographicException)
        {
            // The cloud could not confirm the claim (or answered nonsense); without confirmation nothing is unlocked.
            _logger.LogWarning("Grant {Command} not served: claim or key fetch failed ({Reason})", command.Id, e.Message);
        }
    }

    /// <summary>Handles one grant token. Returns null when the unlock is under way (or already was), else the refusal reason.</summary>
    public async Task<string?> HandleGrantAsync(string token, CancellationToken cancellationToken)
    {
        UnlockGrant? grant = await VerifyAsync(token, cancellationToken);
        if (grant is null)
        {
            return "refused";
        }

        // One grant at a time: claim and commit must not interleave for the same order.
        await _grantGate.WaitAsync(cancellationToken);
        try
        {
            OrderRecord? existing = _store.FindOrder(grant.OrderId);
            if (existing is not null)
            {
                _logger.LogInformation("Order {Order}: duplicate grant ignored (state already recorded)", grant.OrderId);
                return null;
            }

            ClaimResponse claim = await _cloud.ClaimAsync(grant.OrderId, cancellationToken);
            if (!claim.Granted)
            {
                return Refuse(grant.OrderId, "claim_" + (claim.Reason ?? "refused"));
            }

            var unlock = new DeviceCommand
            {
                Id = "unlock-" + grant.OrderId,
                Type = CommandTypes.Unlock,
                Slot = grant.Slot,
                OrderId = grant.OrderId,
                IssuedAt = _time.GetUtcNow().ToUnixTimeMilliseconds(),
            };
            var writer = new JsonWriter(256);
            unlock.WriteTo(writer);
            byte[] payload = writer.ToArray();
            long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            if (!_store.TryBeginOrder(grant.OrderId, grant.DeviceId, grant.Slot, unlock.Id, payload, now))
            {
                return null;
            }

            _logger.LogInformation("Order {Order}: claimed, unlocking {Device} slot {Slot}", grant.OrderId, grant.DeviceId, grant.Slot);
            await _devices.SendAsync(grant.DeviceId, payload, cancellationToken);
            _store.MarkCommandSent(unlock.Id, now);
            return null;
        }
        finally
        {
            _grantGate.Release();
        }
    }

    /// <summary>Re-sends unacked commands and unreported outcomes. Called periodically; safe to call any time.</summary>
    public async Task RetryPendingAsync(CancellationToken cancellationToken)
    {
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (PendingCommand command in _store.UnackedCommands())
        {
            if (now - command.CreatedMs > CommandLifetimeMs)
            {
                // The device refuses unlocks this old anyway; stop, and let the cloud refund the customer who left.
                _store.RecordAck(command.DeviceId, command.CommandId, CommandAck.Failed, "expired");
                if (_store.FindOrderByCommand(command.CommandId) is { } order)
                {
                    await FinishAsync(order.OrderId, OrderStatus.Failed, "expired");
                }

                continue;
            }

            if (now - command.LastSentMs >= _options.CommandRetryMilliseconds)
            {
                // The device remembers command ids, so a repeat is answered, never executed twice.
                await _devices.SendAsync(command.DeviceId, command.Payload, cancellationToken);
                _store.MarkCommandSent(command.CommandId, now);
            }
        }

        foreach (OrderRecord order in _store.UnreportedOutcomes())
        {
            await ReportAsync(order.OrderId, order.Outcome!, order.Reason, cancellationToken);
        }
    }

    private async Task<UnlockGrant?> VerifyAsync(string token, CancellationToken cancellationToken)
    {
        string? keyId = GrantToken.PeekKeyId(token);
        if (keyId is null)
        {
            Refuse(null, "malformed");
            return null;
        }

        await _keys.EnsureAsync(keyId, cancellationToken);
        UnlockGrant? grant = GrantToken.Verify(token, _keys.Find, out string? refusal);
        if (grant is null)
        {
            Refuse(null, refusal!);
            return null;
        }

        string? scope = !IsValidOrderId(grant.OrderId) ? "bad_order_id"
            : grant.SiteId != _options.SiteId ? "wrong_site"
            : !_knownDevices.Contains(grant.DeviceId) ? "unknown_device"
            : grant.Slot is < 0 or >= ProtocolLimits.MaxSlots ? "wrong_slot"
            : grant.ExpiresAtUnix < _time.GetUtcNow().ToUnixTimeSeconds() ? "expired"
            : null;
        if (scope is not null)
        {
            Refuse(grant.OrderId, scope);
            return null;
        }

        return grant;
    }

    /// <summary>Order ids become part of the device command id ("unlock-" + id), which the device reads as a bounded token.</summary>
    private static bool IsValidOrderId(string orderId) =>
        orderId.Length is > 0 and <= ProtocolLimits.MaxTokenLength - 7 && orderId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private async Task OnAckAsync(string deviceId, CommandAck ack)
    {
        _store.RecordAck(deviceId, ack.CommandId, ack.Outcome, ack.Reason);
        OrderRecord? order = _store.FindOrderByCommand(ack.CommandId);
        if (order is null || order.DeviceId != deviceId)
        {
            return;
        }

        if (ack.Outcome == CommandAck.Ok)
        {
            _logger.LogInformation("Order {Order}: {Device} acked the unlock", order.OrderId, deviceId);
            return;
        }

        await FinishAsync(order.OrderId, OrderStatus.Failed, ack.Outcome + ":" + ack.Reason);
    }

    private async Task OnDeviceEventAsync(string deviceId, DeviceEvent evt)
    {
        if (evt.OrderId is null)
        {
            return;
        }

        OrderRecord? order = _store.FindOrder(evt.OrderId);
        if (order is null || order.DeviceId != deviceId)
        {
            return;
        }

        switch (evt.Type)
        {
            case EventTypes.Dispensed:
                await FinishAsync(order.OrderId, OrderStatus.Dispensed, null);
                break;
            case EventTypes.UnlockFailed:
            case EventTypes.Jammed:
                await FinishAsync(order.OrderId, OrderStatus.Failed, evt.Code ?? evt.Type);
                break;
        }
    }

    private async Task FinishAsync(string orderId, string outcome, string? reason)
    {
        if (_store.TrySetOutcome(orderId, outcome, reason))
        {
            _logger.LogInformation("Order {Order}: outcome {Outcome}", orderId, outcome);
            await ReportAsync(orderId, outcome, reason, CancellationToken.None);
        }
    }

    private async Task ReportAsync(string orderId, string outcome, string? reason, CancellationToken cancellationToken)
    {
        try
        {
            switch (await _cloud.ReportOutcomeAsync(orderId, outcome, reason, cancellationToken))
            {
                case OutcomeDelivery.Accepted:
                    _store.MarkOutcomeReported(orderId);
                    break;
                case OutcomeDelivery.Refused:
                    // Sending it again cannot change the answer (unknown order, or the cloud holds another outcome).
                    _logger.LogError("Order {Order}: the cloud refused outcome {Outcome}; needs reconciliation", orderId, outcome);
                    _store.MarkOutcomeReported(orderId);
                    break;
            }
        }
        catch (HttpRequestException e)
        {
            _logger.LogWarning("Order {Order}: outcome not reported yet ({Reason}); will retry", orderId, e.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Order {Order}: outcome report timed out; will retry", orderId);
        }
    }

    private string Refuse(string? orderId, string reason)
    {
        Refusals.AddOrUpdate(reason, 1, (_, count) => count + 1);
        _logger.LogWarning("Grant refused ({Reason}) for order {Order}", reason, orderId ?? "<unverified>");
        return reason;
    }
}
