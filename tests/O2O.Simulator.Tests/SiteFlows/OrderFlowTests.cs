using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using O2O.CloudContract;
using O2O.CloudContract.Tokens;
using O2O.CloudSimulator;
using O2O.EdgeAgent.Orders;
using O2O.EdgeAgent.Storage;
using O2O.EdgeAgent.Tests;

namespace O2O.Simulator.Tests.SiteFlows;

/// <summary>Paid orders through the real cloud simulator, agent and MQTT: one unlock and one outcome each, and nothing for anything unpaid or forged.</summary>
public sealed class OrderFlowTests : IAsyncLifetime
{
    private SiteFlowHarness _site = null!;

    public async Task InitializeAsync() => _site = await SiteFlowHarness.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private OrderFlow Flow => _site.Agent.GetRequiredService<OrderFlow>();

    private RefusalCounters Refusals => _site.Agent.GetRequiredService<RefusalCounters>();

    private TokenSigner Signer => _site.Cloud.GetRequiredService<TokenSigner>();

    [Fact]
    public async Task A_payment_notified_three_times_unlocks_once_and_gets_one_outcome()
    {
        OrderView order = await _site.ScanAsync("cab-1", 2);
        await _site.PayAsync(order.OrderId, times: 3);

        await Eventually.HoldsAsync(() => _site.CloudOrder(order.OrderId).Status == OrderStatus.Dispensed, TimeSpan.FromSeconds(15), "the order to be dispensed");
        await _site.PayAsync(order.OrderId, times: 2);
        await Eventually.HoldsAsync(() => _site.CloudOrder(order.OrderId).PaymentNotifications == 5, TimeSpan.FromSeconds(5), "late notifications");

        Assert.Equal(1, _site.Device("cab-1").ExecutionsOf(order.OrderId));
        Assert.Equal(2, _site.Device("cab-1").Executed.Single().Slot);
        Assert.Equal(1, _site.CloudOrder(order.OrderId).OutcomeReports);
        Assert.True(_site.Agent.GetRequiredService<AgentStore>().FindOrder(order.OrderId)!.OutcomeReported);
    }

    [Fact]
    public async Task Grants_that_are_forged_expired_or_out_of_scope_are_refused_each_with_its_reason()
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var grant = new UnlockGrant("ord-x", SiteFlowHarness.SiteId, "cab-1", 0, now, now + 120);
        var cases = new (string Token, string Reason)[]
        {
            (CoseToken.Sign(grant.ToClaims(), forger, Signer.CurrentKeyId), TokenRefusals.BadSignature),
            (CoseToken.Sign(grant.ToClaims(), forger, "k-forged"), TokenRefusals.UnknownKey),
            (Signer.Sign((grant with { ExpiresAtUnix = now - 1 }).ToClaims()), TokenRefusals.Expired),
            (Signer.Sign((grant with { SiteId = "site-other" }).ToClaims()), TokenRefusals.WrongSite),
            (Signer.Sign((grant with { DeviceId = "cab-9" }).ToClaims()), TokenRefusals.UnknownDevice),
            (Signer.Sign((grant with { Slot = 64 }).ToClaims()), TokenRefusals.WrongSlot),
            (Signer.Sign((grant with { OrderId = "ord x" }).ToClaims()), TokenRefusals.BadId),
            (Signer.Sign(new OfflineToken("ord-x", SiteFlowHarness.SiteId, "cab-1", 0, now, now + 60, "std", 300).ToClaims()), TokenRefusals.WrongKind),
            ("eyJub3QiOiJjb3NlIn0", TokenRefusals.Malformed),
        };

        foreach ((string token, string reason) in cases)
        {
            Assert.Equal("refused", await Flow.HandleGrantAsync(token, CancellationToken.None));
            Assert.Equal(1, Refusals.Get(RefusalCounters.Grant, reason));
        }

        Assert.Null(_site.Agent.GetRequiredService<AgentStore>().FindOrder("ord-x"));
        Assert.Empty(_site.Device("cab-1").Received);
    }

    [Fact]
    public async Task A_genuine_grant_for_an_unpaid_order_opens_nothing_because_the_cloud_refuses_the_claim()
    {
        OrderView order = await _site.ScanAsync("cab-1", 1);
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string token = Signer.Sign(new UnlockGrant(order.OrderId, SiteFlowHarness.SiteId, "cab-1", 1, now, now + 120).ToClaims());

        Assert.Null(await Flow.HandleGrantAsync(token, CancellationToken.None));

        Assert.Equal("refused", _site.Agent.GetRequiredService<AgentStore>().FindOrder(order.OrderId)!.State);
        Assert.Equal(1, Refusals.Get(RefusalCounters.Grant, "claim_not_paid"));
        Assert.Empty(_site.Device("cab-1").Received);
    }

    [Fact]
    public async Task After_a_key_rotation_the_agent_fetches_the_new_key_and_serves_the_order()
    {
        await _site.Phone.PostAsync("sim/keys/rotate", null);
        OrderView order = await _site.ScanAsync("cab-2", 0);
        await _site.PayAsync(order.OrderId);

        await Eventually.HoldsAsync(() => _site.CloudOrder(order.OrderId).Status == OrderStatus.Dispensed, TimeSpan.FromSeconds(15), "the order to be dispensed");
        Assert.Equal(1, _site.Device("cab-2").ExecutionsOf(order.OrderId));
    }

    [Fact]
    public async Task A_claim_the_cloud_could_not_answer_is_retried_and_still_unlocks_once()
    {
        OrderView order = await _site.ScanAsync("cab-1", 3);
        await _site.SetSiteOnlineAsync(false);
        _site.CloudOrder(order.OrderId).Status = OrderStatus.Paid;
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string token = Signer.Sign(new UnlockGrant(order.OrderId, SiteFlowHarness.SiteId, "cab-1", 3, now, now + 120).ToClaims());

        Assert.Null(await Flow.HandleGrantAsync(token, CancellationToken.None));
        Assert.Equal("granted", _site.Agent.GetRequiredService<AgentStore>().FindOrder(order.OrderId)!.State);
        Assert.Empty(_site.Device("cab-1").Received);

        await _site.SetSiteOnlineAsync(true);
        await Eventually.HoldsAsync(() => _site.CloudOrder(order.OrderId).Status == OrderStatus.Dispensed, TimeSpan.FromSeconds(15), "the retried claim to serve the order");
        Assert.Equal(1, _site.Device("cab-1").ExecutionsOf(order.OrderId));
    }
}
