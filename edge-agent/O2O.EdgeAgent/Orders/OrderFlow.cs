using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using O2O.CloudContract;
using O2O.CloudContract.Tokens;
using O2O.EdgeAgent.Cloud;
using O2O.EdgeAgent.Faults;
using O2O.EdgeAgent.Gateway;
using O2O.EdgeAgent.Storage;
using O2O.Protocol;

namespace O2O.EdgeAgent.Orders;

/// <summary>
/// Turns a paid order into exactly one unlock (or, for a session grant, one session_start): grant → verify → record →
/// claim with the cloud → commit the command to the outbox → send. Each step is durable and keyed by order id, so duplicate grants and a crash
/// at any step land on the same row instead of a second unlock; <see cref="ClaimPendingAsync"/> picks up
/// claims a crash or an outage interrupted. What happens after the unlock is <see cref="OrderOutcomes"/>' job.
/// </summary>
public sealed class OrderFlow : IHostedService
{
    private readonly AgentStore _store;
    private readonly IDeviceCommandSender _devices;
    private readonly CloudApiClient _cloud;
    private readonly SigningKeyring _keys;
    private readonly TimeProvider _time;
    private readonly EdgeAgentOptions _options;
    private readonly ILogger<OrderFlow> _logger;
    private readonly HashSet<string> _knownDevices;
    private readonly CloudLink _cloudLink;
    private readonly RefusalCounters _refusals;
    private readonly OrderOutcomes _outcomes;

    public OrderFlow(AgentStore store, IDeviceCommandSender devices, CloudApiClient cloud, SigningKeyring keys, CloudLink cloudLink,
        RefusalCounters refusals, OrderOutcomes outcomes, TimeProvider time, IOptions<EdgeAgentOptions> options, ILogger<OrderFlow> logger)
    {
        _store = store;
        _devices = devices;
        _cloud = cloud;
        _keys = keys;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _knownDevices = _options.Devices.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        _cloudLink = cloudLink;
        _refusals = refusals;
        _outcomes = outcomes;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _cloudLink.CommandReceived += OnSiteCommandAsync;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _cloudLink.CommandReceived -= OnSiteCommandAsync;
        return Task.CompletedTask;
    }

    public async Task OnSiteCommandAsync(SiteCommand command)
    {
        if (command.Type == SiteCommand.Grant)
        {
            await HandleGrantAsync(command.Body, CancellationToken.None);
        }
    }

    /// <summary>Handles one grant token. Returns null when the unlock or session is under way (or already was, or waits for its claim), else the refusal reason.</summary>
    public async Task<string?> HandleGrantAsync(string token, CancellationToken cancellationToken)
    {
        UnlockGrant? grant = await VerifyAsync(token, cancellationToken);
        if (grant is null)
        {
            return "refused";
        }

        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        string commandId = grant.IsSession ? SessionCommand.IdFor(grant.OrderId) : UnlockCommand.IdFor(grant.OrderId);
        if (!_store.TryRecordGrant(grant.OrderId, grant.DeviceId, grant.Slot, commandId, grant.ExpiresAtUnix, now, grant.Minutes))
        {
            // Already known. If its claim is still open (the cloud was away), this push is a good moment to try again.
            OrderRecord? known = _store.FindOrder(grant.OrderId);
            _logger.LogInformation("Order {Order}: duplicate grant (state {State})", grant.OrderId, known?.State);
            if (known?.State == "granted")
            {
                await ClaimAndUnlockAsync(known, cancellationToken);
            }

            return null;
        }

        CrashPoints.Reach(CrashPoints.GrantRecorded);
        await ClaimAndUnlockAsync(_store.FindOrder(grant.OrderId)!, cancellationToken);
        return null;
    }

    /// <summary>Retries claims left open; a grant that expired unconfirmed becomes a failed order, so the cloud refunds it.</summary>
    public async Task ClaimPendingAsync(CancellationToken cancellationToken)
    {
        long nowUnix = _time.GetUtcNow().ToUnixTimeSeconds();
        foreach (OrderRecord order in _store.OrdersAwaitingClaim())
        {
            if (nowUnix >= order.ExpiresUnix)
            {
                _outcomes.Finish(order.OrderId, OrderStatus.Failed, "claim_unconfirmed");
                continue;
            }

            await ClaimAndUnlockAsync(order, cancellationToken);
        }
    }

    private async Task ClaimAndUnlockAsync(OrderRecord order, CancellationToken cancellationToken)
    {
        ClaimResponse claim;
        try
        {
            claim = await _cloud.ClaimAsync(order.OrderId, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Without the cloud's confirmation nothing opens; the order stays "granted" and the retry loop asks again.
            _logger.LogWarning("Order {Order}: claim not confirmed yet ({Reason}); will retry until the grant expires", order.OrderId, e.Message);
            return;
        }

        CrashPoints.Reach(CrashPoints.ClaimAnswered);
        if (!claim.Granted)
        {
            _store.MarkClaimRefused(order.OrderId, "claim_" + (claim.Reason ?? "refused"));
            _refusals.Count(RefusalCounters.Grant, "claim_" + (claim.Reason ?? "refused"));
            _logger.LogWarning("Order {Order}: the cloud refused the claim ({Reason}); nothing unlocked", order.OrderId, claim.Reason);
            return;
        }

        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        // Built from the recorded order, not the grant: after a restart only the store remembers what was paid for.
        byte[] payload = order.IsSession
            ? SessionCommand.ForOrder(order.OrderId, order.Minutes, now)
            : UnlockCommand.ForOrder(order.OrderId, order.Slot, now);
        if (!_store.TryCommitUnlock(order.OrderId, payload, now))
        {
            return;
        }

        CrashPoints.Reach(CrashPoints.UnlockCommitted);
        if (order.IsSession)
        {
            _logger.LogInformation("Order {Order}: claimed, starting a {Minutes}-minute session on {Device}", order.OrderId, order.Minutes, order.DeviceId);
        }
        else
        {
            _logger.LogInformation("Order {Order}: claimed, unlocking {Device} slot {Slot}", order.OrderId, order.DeviceId, order.Slot);
        }

        await _devices.SendAsync(order.DeviceId, payload, cancellationToken);
        _store.MarkCommandSent(order.CommandId, now);
        CrashPoints.Reach(CrashPoints.UnlockSent);
    }

    private async Task<UnlockGrant?> VerifyAsync(string token, CancellationToken cancellationToken)
    {
        if (CoseToken.PeekKeyId(token) is { } keyId)
        {
            await _keys.EnsureAsync(keyId, cancellationToken);
        }

        TokenClaims? claims = CoseToken.Verify(token, _keys.Find, UnlockGrant.Kind, out string? refusal);
        UnlockGrant? grant = claims is null ? null : UnlockGrant.FromClaims(claims);
        refusal ??= grant is null ? TokenRefusals.WrongSlot
            : TokenRefusals.CheckCommon(claims!, _options.SiteId, _time.GetUtcNow().ToUnixTimeSeconds())
            ?? (!_knownDevices.Contains(grant.DeviceId) ? TokenRefusals.UnknownDevice : null);
        if (refusal is not null)
        {
            _refusals.Count(RefusalCounters.Grant, refusal);
            // The reason and at most the order id: the token itself is a bearer credential and never logged.
            _logger.LogWarning("Grant refused ({Reason}) for order {Order}", refusal, claims is null ? "<unverified>" : claims.Id);
            return null;
        }

        return grant;
    }
}
