using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using O2O.CloudContract;
using O2O.CloudContract.Tokens;
using O2O.EdgeAgent.Cloud;
using O2O.EdgeAgent.Faults;
using O2O.EdgeAgent.Storage;

namespace O2O.EdgeAgent.Offline;

/// <summary>
/// Keeps offline operation possible and accounted for, whenever the cloud can be reached: refreshes the signing
/// keys and the revocation list, reconciles offline redemptions (idempotent per token id, so a crash mid-upload
/// only means sending them again), records the conflicts the cloud reports, and refills each device's token pool
/// before its tokens run low or expire.
/// </summary>
public sealed class OfflineSync(AgentStore store, CloudApiClient cloud, SigningKeyring keys, TimeProvider time,
    IOptions<EdgeAgentOptions> options, ILogger<OfflineSync> logger) : BackgroundService
{
    public const int ReconciliationChunk = 500;

    /// <summary>Conflicts reported by the cloud since start, by kind, for /metrics.</summary>
    public ConcurrentDictionary<string, long> ConflictsReported { get; } = new(StringComparer.Ordinal);

    public DateTimeOffset? LastSuccess { get; private set; }

    /// <summary>
    /// How often the loop looks for urgent work between full passes: redemptions waiting to be reconciled, or a
    /// last pass that could not reach the cloud. A reconnect is then reconciled within this long.
    /// </summary>
    public static readonly TimeSpan UrgentCheck = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        bool synced = false;
        long lastPass = long.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan interval = TimeSpan.FromMilliseconds(options.Value.OfflineSyncIntervalMilliseconds);
            bool due = lastPass == long.MinValue || time.GetElapsedTime(lastPass) >= interval;
            bool urgent = !synced || store.UnreconciledRedemptions().Count > 0;
            if (due || urgent)
            {
                lastPass = time.GetTimestamp();
                try
                {
                    synced = await SyncOnceAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    synced = false;
                    logger.LogError(e, "Offline sync pass failed");
                }
            }

            await Task.Delay(interval < UrgentCheck ? interval : UrgentCheck, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>One full pass. Returns false when the cloud could not be reached (the next pass tries again).</summary>
    public async Task<bool> SyncOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!await keys.RefreshAsync(cancellationToken))
            {
                return false;
            }

            RevocationList revocations = await cloud.GetRevocationsAsync(cancellationToken);
            store.ReplaceRevocations(revocations.TokenIds ?? [], revocations.TechnicianIds ?? []);
            await ReconcileAsync(cancellationToken);
            await RefillPoolsAsync(cancellationToken);
            store.PurgeExpiredTokens(time.GetUtcNow().ToUnixTimeSeconds());
            LastSuccess = time.GetUtcNow();
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning("Offline sync incomplete, cloud unreachable: {Reason}", e.Message);
            return false;
        }
    }

    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<OrderRecord> pending = store.UnreconciledRedemptions();
        foreach (OrderRecord[] chunk in pending.Chunk(ReconciliationChunk))
        {
            var reports = chunk.Select(o => new RedemptionReport(o.OrderId, o.DeviceId, o.Slot, o.CreatedMs, o.Outcome!, o.Reason)).ToList();
            ReconciliationResponse answer = await cloud.ReconcileAsync(reports, cancellationToken);
            CrashPoints.Reach(CrashPoints.ReconciliationSent);
            var conflicts = (answer.Conflicts ?? []).Select(c => (c.TokenId, c.Kind, c.Detail)).ToList();
            store.RecordReconciliation(chunk.Select(o => o.OrderId), conflicts, time.GetUtcNow().ToUnixTimeMilliseconds());
            foreach ((string tokenId, string kind, string detail) in conflicts)
            {
                ConflictsReported.AddOrUpdate(kind, 1, (_, count) => count + 1);
                logger.LogError("Reconciliation conflict {Kind} for offline token {Token}: {Detail}", kind, tokenId, detail);
            }

            logger.LogInformation("Reconciled {Count} offline redemptions ({Conflicts} conflicts)", chunk.Length, conflicts.Count);
        }
    }

    private async Task RefillPoolsAsync(CancellationToken cancellationToken)
    {
        EdgeAgentOptions settings = options.Value;
        long now = time.GetUtcNow().ToUnixTimeSeconds();
        foreach (DeviceCredential device in settings.Devices)
        {
            int usable = store.CountUsableTokens(device.Id, now + settings.OfflineTokenMinRemainingSeconds);
            if (usable >= settings.OfflinePoolSize)
            {
                continue;
            }

            // What we hold goes along, so tokens the cloud issued but a crash kept us from storing come back.
            IReadOnlyList<string> issued = await cloud.RequestTokensAsync(device.Id, settings.OfflinePoolSize - usable, store.OfflineTokenIds(device.Id, now), cancellationToken);
            var verified = new List<CachedToken>();
            foreach (string text in issued)
            {
                TokenClaims? claims = CoseToken.Verify(text, keys.Find, OfflineToken.Kind, out string? refusal);
                OfflineToken? token = claims is null ? null : OfflineToken.FromClaims(claims);
                refusal ??= token is null ? TokenRefusals.Malformed
                    : TokenRefusals.CheckCommon(claims!, settings.SiteId, now) is { } common && common != TokenRefusals.NotYetValid ? common
                    : token.DeviceId != device.Id ? TokenRefusals.WrongDevice
                    : null;
                if (refusal is not null)
                {
                    // The cloud handed out something we would refuse at redemption: never sell it, say so.
                    logger.LogError("Pool token for {Device} refused on arrival: {Reason}", device.Id, refusal);
                    continue;
                }

                verified.Add(new CachedToken(token!.TokenId, token.DeviceId, token.Slot, OfflineToken.ShortCode(text), token.NotBeforeUnix,
                    token.ExpiresAtUnix, token.PriceClass, token.AmountMinor, text, false));
            }

            int added = store.AddOfflineTokens(verified);
            logger.LogInformation("Offline pool of {Device}: {Added} tokens added ({Usable} were ready)", device.Id, added, usable);
        }
    }
}
