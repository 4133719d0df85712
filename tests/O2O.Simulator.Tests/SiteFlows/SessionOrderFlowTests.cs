using System.Net;
using Microsoft.Extensions.DependencyInjection;
using O2O.CloudContract;
using O2O.EdgeAgent.Storage;
using O2O.EdgeAgent.Tests;
using O2O.Protocol;

namespace O2O.Simulator.Tests.SiteFlows;

/// <summary>
/// Paid sessions on a timed device (a massage chair) through the real cloud simulator, agent and MQTT: the order buys
/// minutes, its grant carries them, the device gets exactly one session_start, and its answer settles the order.
/// </summary>
public sealed class SessionOrderFlowTests : IAsyncLifetime
{
    private const string Chair = SiteFlowHarness.ChairId;
    private SiteFlowHarness _site = null!;

    public async Task InitializeAsync() => _site = await SiteFlowHarness.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private AgentStore Store => _site.Agent.GetRequiredService<AgentStore>();

    [Fact]
    public async Task A_chair_order_paid_three_times_starts_one_session_of_the_default_length_and_is_dispensed()
    {
        OrderView order = await _site.ScanAsync(Chair, 0);
        Assert.Equal(SiteFlowHarness.ChairTerms.DefaultMinutes, order.Minutes);
        Assert.Equal(SiteFlowHarness.ChairTerms.DefaultMinutes * _site.CloudOptions.SessionPricePerMinuteMinor, order.AmountMinor);

        await _site.PayAsync(order.OrderId, times: 3);
        await Eventually.HoldsAsync(() => _site.CloudOrder(order.OrderId).Status == OrderStatus.Dispensed, TimeSpan.FromSeconds(15), "the session order to be dispensed");
        await _site.PayAsync(order.OrderId, times: 2);
        await Eventually.HoldsAsync(() => _site.CloudOrder(order.OrderId).PaymentNotifications == 5, TimeSpan.FromSeconds(5), "late notifications");

        DeviceCommand started = Assert.Single(_site.Device(Chair).Executed);
        Assert.Equal(CommandTypes.SessionStart, started.Type);
        Assert.Equal("session-" + order.OrderId, started.Id);
        Assert.Equal(order.OrderId, started.OrderId);
        Assert.Equal(SiteFlowHarness.ChairTerms.DefaultMinutes, started.Minutes);
        Assert.Equal(1, _site.CloudOrder(order.OrderId).OutcomeReports);

        OrderRecord recorded = Store.FindOrder(order.OrderId)!;
        Assert.Equal(SiteFlowHarness.ChairTerms.DefaultMinutes, recorded.Minutes);
        Assert.Equal(OrderStatus.Dispensed, recorded.Outcome);
        Assert.True(recorded.OutcomeReported);
    }

    [Fact]
    public async Task The_length_the_customer_chose_is_priced_and_reaches_the_device()
    {
        OrderView order = await _site.ScanAsync(Chair, 0, minutes: 25);
        Assert.Equal(25, order.Minutes);
        Assert.Equal(25 * _site.CloudOptions.SessionPricePerMinuteMinor, order.AmountMinor);

        await _site.PayAsync(order.OrderId);

        await Eventually.HoldsAsync(() => _site.CloudOrder(order.OrderId).Status == OrderStatus.Dispensed, TimeSpan.FromSeconds(15), "the session order to be dispensed");
        Assert.Equal(25, Assert.Single(_site.Device(Chair).Executed).Minutes);
    }

    [Theory]
    [InlineData(Chair, 61)]
    [InlineData(Chair, 0)]
    [InlineData(Chair, -5)]
    [InlineData("cab-1", 5)]
    public async Task A_length_the_device_cannot_run_is_refused_when_the_order_is_made(string deviceId, int minutes)
    {
        using HttpResponseMessage response = await _site.CreateOrderAsync(deviceId, 0, minutes);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("minutes", await response.Content.ReadAsStringAsync());
        Assert.Empty(_site.Cloud.GetRequiredService<O2O.CloudSimulator.CloudOrders>().All);
    }

    [Fact]
    public async Task A_session_the_device_refuses_fails_the_order_so_the_cloud_refunds_it()
    {
        _site.Device(Chair).SessionRefusal = "emergency_stop";
        OrderView order = await _site.ScanAsync(Chair, 0);

        await _site.PayAsync(order.OrderId, times: 2);

        await Eventually.HoldsAsync(() => _site.CloudOrder(order.OrderId).Status == OrderStatus.Refunded, TimeSpan.FromSeconds(15), "the refused session to be refunded");
        Assert.Empty(_site.Device(Chair).Executed);
        Assert.Equal(CommandAck.Rejected + ":emergency_stop", _site.CloudOrder(order.OrderId).Reason);
        Assert.Equal(1, _site.CloudOrder(order.OrderId).OutcomeReports);
    }

    [Fact]
    public async Task A_slot_order_on_a_cabinet_still_unlocks_and_carries_no_minutes()
    {
        OrderView order = await _site.ScanAsync("cab-2", 1);
        Assert.Equal(0, order.Minutes);

        await _site.PayAsync(order.OrderId);

        await Eventually.HoldsAsync(() => _site.CloudOrder(order.OrderId).Status == OrderStatus.Dispensed, TimeSpan.FromSeconds(15), "the order to be dispensed");
        Assert.Equal(CommandTypes.Unlock, Assert.Single(_site.Device("cab-2").Executed).Type);
        Assert.Equal(0, Store.FindOrder(order.OrderId)!.Minutes);
    }
}
