using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using O2O.CloudContract.Tokens;
using O2O.EdgeAgent.Cloud;
using O2O.EdgeAgent.Faults;
using O2O.EdgeAgent.Gateway;
using O2O.EdgeAgent.Orders;
using O2O.EdgeAgent.Storage;
using O2O.Protocol;

namespace O2O.EdgeAgent.Offline;

/// <summary>The answer to a presented offline token: the order (= token id) now unlocking, or why not.</summary>
public sealed record RedemptionResult(string? OrderId, int Slot, string? Refusal);

/// <summary>
/// Redeems offline tokens presented at a device (a code typed in, or the token from a phone). Checks, in order:
/// shape, signature (keys cached locally, no network), cache membership, scope (site, device, slot, window),
/// revocation, single use, and the device's offline exposure limits. Then it spends the token and puts the unlock
/// in the outbox in one transaction, sends the unlock, and the order is journaled like any other until its outcome
/// goes up with reconciliation.
/// </summary>
public sealed class OfflineRedemption(AgentStore store, SigningKeyring keys, IDeviceCommandSender devices, DeviceTraffic traffic, DeviceRegistry registry,
    RefusalCounters refusals, TimeProvider time, IOptions<EdgeAgentOptions> options, ILogger<OfflineRedemption> logger) : IHostedService
{
    /// <summary>Wrong codes a device may send per window before its codes are refused unchecked: a 12-digit code cannot be guessed at this rate.</summary>
    public const int WrongCodesPerWindow = 5;

    public static readonly TimeSpan WrongCodeWindow = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, WrongCodes> _wrongCodes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    private sealed class WrongCodes
    {
        public long WindowStartTicks;
        public int Count;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        traffic.TokenPresented += OnTokenPresentedAsync;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        traffic.TokenPresented -= OnTokenPresentedAsync;
        return Task.CompletedTask;
    }

    public async Task<RedemptionResult> RedeemAsync(string deviceId, string presented, int requestedSlot, CancellationToken cancellationToken)
    {
        // One redemption at a time: the exposure check and the spend must not interleave between two presentations.
        await _gate.WaitAsync(cancellationToken);
        RedemptionResult result;
        try
        {
            result = Check(deviceId, presented, requestedSlot, out CachedToken? token);
            if (token is not null)
            {
                long now = time.GetUtcNow().ToUnixTimeMilliseconds();
                byte[] payload = UnlockCommand.ForOrder(token.TokenId, result.Slot, now);
                if (!store.TrySpendToken(token, result.Slot, UnlockCommand.IdFor(token.TokenId), payload, now))
                {
                    result = new RedemptionResult(null, result.Slot, TokenRefusals.Replayed);
                }
                else
                {
                    CrashPoints.Reach(CrashPoints.TokenSpent);
                    await devices.SendAsync(deviceId, payload, cancellationToken);
                    store.MarkCommandSent(UnlockCommand.IdFor(token.TokenId), now);
                    logger.LogInformation("Offline token {Token} redeemed: unlocking {Device} slot {Slot}", token.TokenId, deviceId, result.Slot);
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        return result.Refusal is null ? result : Refused(deviceId, result);
    }

    private RedemptionResult Refused(string deviceId, RedemptionResult result)
    {
        refusals.Count(RefusalCounters.Offline, result.Refusal!);
        // The reason only: a code or token is a bearer credential until spent, and never logged.
        logger.LogWarning("Offline token refused at {Device}: {Reason}", deviceId, result.Refusal);
        return result;
    }

    private RedemptionResult Check(string deviceId, string presented, int requestedSlot, out CachedToken? usable)
    {
        usable = null;
        if (RateLimited(deviceId))
        {
            return new RedemptionResult(null, requestedSlot, "rate_limited");
        }

        CachedToken? cached;
        TokenClaims? claims;
        string? refusal = null;
        if (OfflineToken.LooksLikeShortCode(presented))
        {
            cached = store.FindOfflineTokensByCode(deviceId, presented).OrderBy(t => t.Spent).FirstOrDefault();
            claims = cached is null ? null : CoseToken.Verify(cached.Body, keys.Find, OfflineToken.Kind, out refusal);
            refusal = cached is null ? TokenRefusals.NotInCache : refusal;
        }
        else
        {
            claims = CoseToken.Verify(presented, keys.Find, OfflineToken.Kind, out refusal);
            cached = claims is null ? null : store.FindOfflineToken(claims.Id);
            refusal ??= cached is null || cached.Body != presented ? TokenRefusals.NotInCache : null;
        }

        if (refusal is not null || claims is null || cached is null)
        {
            if (refusal is TokenRefusals.NotInCache or TokenRefusals.Malformed)
            {
                CountWrongCode(deviceId);
            }

            return new RedemptionResult(null, requestedSlot, refusal ?? TokenRefusals.Malformed);
        }

        int slot = requestedSlot != DeviceEvent.NoSlot ? requestedSlot : cached.Slot != TokenClaims.AnySlot ? cached.Slot : PickSlot(deviceId);
        OfflineExposure exposure = store.UnreconciledExposure(deviceId);
        EdgeAgentOptions settings = options.Value;
        refusal = TokenRefusals.CheckCommon(claims, settings.SiteId, time.GetUtcNow().ToUnixTimeSeconds())
            ?? (claims.DeviceId != deviceId ? TokenRefusals.WrongDevice : null)
            ?? (slot is < 0 or >= ProtocolLimits.MaxSlots || (cached.Slot != TokenClaims.AnySlot && cached.Slot != slot) ? TokenRefusals.WrongSlot : null)
            ?? (store.IsRevoked("token", claims.Id) ? TokenRefusals.Revoked : null)
            ?? (cached.Spent ? TokenRefusals.Replayed : null)
            ?? (exposure.Count >= settings.OfflineMaxRedemptionsPerDevice ? TokenRefusals.OfflineCountLimit : null)
            ?? (exposure.AmountMinor + cached.AmountMinor > settings.OfflineMaxAmountPerDevice ? TokenRefusals.OfflineAmountLimit : null);
        if (refusal is not null)
        {
            return new RedemptionResult(null, slot, refusal);
        }

        usable = cached;
        return new RedemptionResult(cached.TokenId, slot, null);
    }

    // "Any slot": the first idle slot holding an item, as the device last reported; -1 when none is known.
    private int PickSlot(string deviceId)
    {
        SlotSnapshot[]? slots = registry.Get(deviceId).LastState?.Slots;
        return slots?.FirstOrDefault(s => s.State == "idle" && s.ItemId is not null && s.Fault is null)?.Number ?? -1;
    }

    private bool RateLimited(string deviceId)
    {
        WrongCodes wrong = _wrongCodes.GetOrAdd(deviceId, _ => new WrongCodes());
        lock (wrong)
        {
            return wrong.Count >= WrongCodesPerWindow && time.GetElapsedTime(wrong.WindowStartTicks) < WrongCodeWindow;
        }
    }

    private void CountWrongCode(string deviceId)
    {
        WrongCodes wrong = _wrongCodes.GetOrAdd(deviceId, _ => new WrongCodes());
        lock (wrong)
        {
            if (wrong.Count == 0 || time.GetElapsedTime(wrong.WindowStartTicks) >= WrongCodeWindow)
            {
                wrong.WindowStartTicks = time.GetTimestamp();
                wrong.Count = 0;
            }

            wrong.Count++;
        }
    }

    /// <summary>A presentation older than this (by the device's clock) is refused: the device's MQTT stack may resend after a reconnect, and the customer has gone.</summary>
    public const long MaxPresentationAgeMs = 120_000;

    private async Task OnTokenPresentedAsync(string deviceId, string presented, int slot, long presentedAtMs)
    {
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        RedemptionResult result = presentedAtMs > 0 && now - presentedAtMs > MaxPresentationAgeMs
            ? Refused(deviceId, new RedemptionResult(null, slot, "stale"))
            : await RedeemAsync(deviceId, presented, slot, CancellationToken.None);
        if (result.Refusal is not null)
        {
            // The customer is standing at the device: tell them at once with the error beep.
            await devices.SendAsync(deviceId, UnlockCommand.Beep("refused-" + now.ToString(System.Globalization.CultureInfo.InvariantCulture), "error", now), CancellationToken.None);
        }
    }
}
