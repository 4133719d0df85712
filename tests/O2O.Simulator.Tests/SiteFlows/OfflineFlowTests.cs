using Microsoft.Extensions.DependencyInjection;
using O2O.CloudContract;
using O2O.CloudContract.Tokens;
using O2O.CloudSimulator;
using O2O.EdgeAgent.Offline;
using O2O.EdgeAgent.Orders;
using O2O.EdgeAgent.Storage;
using O2O.EdgeAgent.Tests;
using O2O.Protocol;

namespace O2O.Simulator.Tests.SiteFlows;

/// <summary>
/// Selling while the site is offline: the cloud sells a pre-issued token, the customer presents it at the device,
/// the agent checks it without the cloud and unlocks once, and reconciliation settles it after reconnect.
/// </summary>
public sealed class OfflineFlowTests : IAsyncLifetime
{
    private SiteFlowHarness _site = null!;

    public async Task InitializeAsync()
    {
        _site = await SiteFlowHarness.StartAsync(settings: new() { ["O2O:OfflineMaxRedemptionsPerDevice"] = "3", ["O2O:OfflineMaxAmountPerDevice"] = "1000" });
        await Eventually.HoldsAsync(() => SiteFlowHarness.DeviceIds.All(d => Store.CountUsableTokens(d, 0) == 10), TimeSpan.FromSeconds(15), "the token pools to fill");
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private AgentStore Store => _site.Agent.GetRequiredService<AgentStore>();

    private OfflineRedemption Redemption => _site.Agent.GetRequiredService<OfflineRedemption>();

    private RefusalCounters Refusals => _site.Agent.GetRequiredService<RefusalCounters>();

    private OfflineTokenBook Book => _site.Cloud.GetRequiredService<OfflineTokenBook>();

    [Fact]
    public async Task A_customer_pays_while_the_site_is_offline_presents_the_code_and_the_redemption_is_reconciled_after_reconnect()
    {
        await _site.SetSiteOnlineAsync(false);
        OrderView order = await _site.ScanAsync("cab-1", 1);
        OrderView paid = await _site.PayAsync(order.OrderId, times: 2);

        Assert.Equal(OrderStatus.SoldOffline, paid.Status);
        Assert.Matches("^[0-9]{12}$", paid.Offline!.Code);
        await _site.Device("cab-1").PresentAsync(paid.Offline.Code, 1);

        await Eventually.HoldsAsync(() => _site.Device("cab-1").ExecutionsOf(paid.Offline.TokenId) == 1, TimeSpan.FromSeconds(10),
            "the drawer to open; refusals: " + string.Join(",", Refusals.Snapshot()));
        await Eventually.HoldsAsync(() => Store.FindOrder(paid.Offline.TokenId)?.Outcome == OrderStatus.Dispensed, TimeSpan.FromSeconds(10),
            "the dispense " + Store.FindOrder(paid.Offline.TokenId) + " events " + string.Join(";", Store.PendingEvents(100).Select(e => System.Text.Encoding.UTF8.GetString(e.Payload))));
        Assert.Null(_site.CloudOrder(order.OrderId).Outcome);

        await _site.SetSiteOnlineAsync(true);
        await Eventually.HoldsAsync(() => _site.CloudOrder(order.OrderId).Status == OrderStatus.Dispensed, TimeSpan.FromSeconds(15), "reconciliation to settle the order");
        Assert.Equal(1, _site.Device("cab-1").ExecutionsOf(paid.Offline.TokenId));
        Assert.Empty(Store.Conflicts());
        Assert.Equal(OrderStatus.Dispensed, Book.Find(paid.Offline.TokenId)!.Redemption!.Outcome);
    }

    [Fact]
    public async Task Presented_tokens_never_reach_the_event_journal()
    {
        CachedToken token = UnspentToken("cab-2");
        await _site.Device("cab-2").PresentAsync(token.Body, 0);
        await Eventually.HoldsAsync(() => _site.Device("cab-2").ExecutionsOf(token.TokenId) == 1, TimeSpan.FromSeconds(10), "the drawer to open");

        using var journal = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_site.StorePath};Mode=ReadOnly;Pooling=False");
        journal.Open();
        using var query = journal.CreateCommand();
        query.CommandText = "SELECT payload FROM events WHERE type = 'token_presented';";
        using var reader = query.ExecuteReader();
        Assert.True(reader.Read(), "the presentation is journaled");
        string stored = System.Text.Encoding.UTF8.GetString((byte[])reader.GetValue(0));
        Assert.Contains("\"token\":\"redacted\"", stored);
        Assert.DoesNotContain(token.Body, stored);
        Assert.DoesNotContain(token.Code, stored);
    }

    [Fact]
    public async Task Each_refusal_of_an_offline_token_has_its_reason()
    {
        CachedToken first = UnspentToken("cab-1");
        Assert.Null((await Redemption.RedeemAsync("cab-1", first.Code, 0, CancellationToken.None)).Refusal);

        await AssertRefused(TokenRefusals.Replayed, "cab-1", first.Code, 0);
        await AssertRefused(TokenRefusals.NotInCache, "cab-2", UnspentToken("cab-1").Code, 0);
        await AssertRefused(TokenRefusals.WrongDevice, "cab-2", UnspentToken("cab-1").Body, 0);
        await AssertRefused(TokenRefusals.WrongSlot, "cab-1", UnspentToken("cab-1").Code, 64);

        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        TokenSigner signer = _site.Cloud.GetRequiredService<TokenSigner>();
        string neverPooled = signer.Sign(new OfflineToken("tok-unpooled", SiteFlowHarness.SiteId, "cab-1", -1, now, now + 600, "std", 300).ToClaims());
        await AssertRefused(TokenRefusals.NotInCache, "cab-1", neverPooled, 0);
        using var forger = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        CachedToken victim = UnspentToken("cab-1");
        string forged = CoseToken.Sign(new OfflineToken(victim.TokenId, SiteFlowHarness.SiteId, "cab-1", -1, now, now + 600, "std", 0).ToClaims(), forger, signer.CurrentKeyId);
        await AssertRefused(TokenRefusals.BadSignature, "cab-1", forged, 0);

        await _site.Phone.PostAsync($"sim/tokens/{victim.TokenId}/revoke", null);
        await Eventually.HoldsAsync(() => Store.IsRevoked("token", victim.TokenId), TimeSpan.FromSeconds(10), "the revocation list to arrive");
        await AssertRefused(TokenRefusals.Revoked, "cab-1", victim.Code, 0);

        await _site.Device("cab-1").PresentAsync(UnspentToken("cab-1").Code, 0, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 600_000);
        await Eventually.HoldsAsync(() => Refusals.Get(RefusalCounters.Offline, "stale") == 1, TimeSpan.FromSeconds(10), "the stale presentation to be refused");
        await Eventually.HoldsAsync(() => _site.Device("cab-1").Received.Keys.Any(id => id.StartsWith("refused-", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10), "the device to be told with the error beep");
    }

    [Fact]
    public async Task Offline_exposure_is_capped_per_device_by_count_and_by_amount()
    {
        await _site.SetSiteOnlineAsync(false);
        for (int i = 0; i < 3; i++)
        {
            Assert.Null((await Redemption.RedeemAsync("cab-1", UnspentToken("cab-1").Code, i, CancellationToken.None)).Refusal);
        }

        await AssertRefused(TokenRefusals.OfflineCountLimit, "cab-1", UnspentToken("cab-1").Code, 3);

        // 300 fen each against a 1000 fen cap: the fourth is over the amount before the count.
        _site.Device("cab-2").Dispenses = false;
        for (int i = 0; i < 3; i++)
        {
            Assert.Null((await Redemption.RedeemAsync("cab-2", UnspentToken("cab-2").Code, i, CancellationToken.None)).Refusal);
        }

        Assert.Equal(new OfflineExposure(3, 900), Store.UnreconciledExposure("cab-2"));
        await _site.SetSiteOnlineAsync(true);
    }

    [Fact]
    public async Task Wrong_codes_are_rate_limited_per_device()
    {
        for (int i = 0; i < OfflineRedemption.WrongCodesPerWindow; i++)
        {
            await AssertRefused(TokenRefusals.NotInCache, "cab-1", "00000000000" + i, 0);
        }

        await AssertRefused("rate_limited", "cab-1", UnspentToken("cab-1").Code, 0);
        Assert.Null((await Redemption.RedeemAsync("cab-2", UnspentToken("cab-2").Code, 0, CancellationToken.None)).Refusal);
    }

    [Fact]
    public async Task Reconciliation_reports_a_token_sold_twice_and_one_redeemed_but_never_sold()
    {
        await _site.SetSiteOnlineAsync(false);
        await _site.Phone.PostAsync("sim/faults/sell-offline-tokens-twice/false", null);
        OrderView first = await _site.PayAsync((await _site.ScanAsync("cab-2", 0)).OrderId);
        await _site.Phone.PostAsync("sim/faults/sell-offline-tokens-twice/true", null);
        OrderView second = await _site.PayAsync((await _site.ScanAsync("cab-2", 1)).OrderId);
        Assert.Equal(first.Offline!.TokenId, second.Offline!.TokenId);

        await _site.Device("cab-2").PresentAsync(first.Offline.Code, 0);
        CachedToken unsold = UnspentTokenNotSold("cab-1");
        Assert.Null((await Redemption.RedeemAsync("cab-1", unsold.Code, 2, CancellationToken.None)).Refusal);
        await Eventually.HoldsAsync(() => Store.UnreconciledRedemptions().Count == 2, TimeSpan.FromSeconds(10), "both redemptions to settle");

        await _site.SetSiteOnlineAsync(true);
        await Eventually.HoldsAsync(() => Store.Conflicts().Count == 2, TimeSpan.FromSeconds(15), "reconciliation to report the conflicts");
        Assert.Equal([(first.Offline.TokenId, ConflictKinds.SoldTwice), (unsold.TokenId, ConflictKinds.RedeemedNotSold)],
            Store.Conflicts().Select(c => (c.TokenId, c.Kind)).OrderBy(c => c.Kind == ConflictKinds.SoldTwice ? 0 : 1));
        Assert.Equal(OrderStatus.Dispensed, _site.CloudOrder(first.OrderId).Status);
        Assert.Equal(OrderStatus.Refunded, _site.CloudOrder(second.OrderId).Status);
        Assert.Equal(1, _site.Agent.GetRequiredService<OfflineSync>().ConflictsReported[ConflictKinds.SoldTwice]);
    }

    private async Task AssertRefused(string reason, string deviceId, string presented, int slot)
    {
        long before = Refusals.Get(RefusalCounters.Offline, reason);
        RedemptionResult result = await Redemption.RedeemAsync(deviceId, presented, slot, CancellationToken.None);
        Assert.Equal(reason, result.Refusal);
        Assert.Equal(before + 1, Refusals.Get(RefusalCounters.Offline, reason));
    }

    private readonly HashSet<string> _handedOut = [];

    // A pooled token no test step has used yet.
    private CachedToken UnspentToken(string deviceId)
    {
        string id = Book.IssuedTo(deviceId).First(t => !_handedOut.Contains(t) && Store.FindOfflineToken(t) is { Spent: false });
        _handedOut.Add(id);
        return Store.FindOfflineToken(id)!;
    }

    private CachedToken UnspentTokenNotSold(string deviceId)
    {
        string id = Book.IssuedTo(deviceId).First(t => !_handedOut.Contains(t) && Book.Find(t)!.SoldTo.Count == 0 && Store.FindOfflineToken(t) is { Spent: false });
        _handedOut.Add(id);
        return Store.FindOfflineToken(id)!;
    }
}
