using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using O2O.CloudContract;
using O2O.CloudSimulator;
using O2O.EdgeAgent.Storage;
using O2O.Simulator.Devices;
using O2O.Simulator.Devices.Physics;
using O2O.Simulator.Stack;

namespace O2O.Simulator.Scenarios;

/// <summary>
/// A rental while the site's internet is down: the cloud cannot reach the agent, the customer pays on the phone
/// anyway and is sold an offline token, types its 12-digit code at the cabinet, the agent checks it locally and
/// the drawer opens. When the site is back online the redemption is reconciled and the cloud order is settled.
/// </summary>
public sealed class OfflineRentScenario(LocalStack stack, FlowPrinter flow)
{
    public const string Name = "offline-rent";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        VirtualDevice cabinet = stack.Devices[0];
        AgentStore store = stack.AgentServices.GetRequiredService<AgentStore>();
        CloudBroker broker = stack.CloudServices.GetRequiredService<CloudBroker>();
        using var http = new HttpClient { BaseAddress = new Uri(stack.CloudBaseUrl) };

        await ScenarioSteps.WaitForAsync("the agent caches offline tokens for the cabinet", () => store.CountUsableTokens(cabinet.DeviceId, 0) > 0 ? "yes" : null, cancellationToken);
        flow.Step("agent", $"{store.CountUsableTokens(cabinet.DeviceId, 0)} offline tokens cached for {cabinet.DeviceId}");

        (await http.PostAsync($"sim/sites/{LocalStack.SiteId}/offline", null, cancellationToken)).EnsureSuccessStatusCode();
        await ScenarioSteps.WaitForAsync("the cloud loses the site", () => broker.IsSiteOnline(LocalStack.SiteId) ? null : "offline", cancellationToken);
        flow.Step("cloud", $"site {LocalStack.SiteId} is unreachable (cloud offline switch)");

        string qr = await ScenarioSteps.WaitForAsync("the cabinet shows a QR code", () => cabinet.Device.QrPayload, cancellationToken);
        OrderView order = await ScenarioSteps.ReadAsync<OrderView>(await http.PostAsJsonAsync("v1/orders", new CreateOrderRequest(qr), ContractJson.Options, cancellationToken), "order creation", cancellationToken);
        flow.Step("customer", $"scanned the code: order {order.OrderId} for slot {order.Slot}");
        OrderView paid = await ScenarioSteps.ReadAsync<OrderView>(await http.PostAsJsonAsync("v1/payments/notify",
            new PaymentNotification(order.OrderId, "alipay", "ali-" + order.OrderId), ContractJson.Options, cancellationToken), "payment", cancellationToken);
        ScenarioSteps.Expect(paid.Status == OrderStatus.SoldOffline && paid.Offline is not null, $"order is {paid.Status}, expected an offline sale");
        flow.Step("cloud", $"sold offline token {paid.Offline!.TokenId}; the phone shows code {paid.Offline.Code[..4]} ****");

        SlotMechanism slot = cabinet.Slots[order.Slot];
        string? item = slot.ItemId;
        string? refusal = await cabinet.PresentTokenAsync(paid.Offline.Code, order.Slot);
        ScenarioSteps.Expect(refusal is null, $"the cabinet refused the code: {refusal}");
        flow.Step("customer", $"typed the code at {cabinet.DeviceId} for slot {order.Slot}");

        await ScenarioSteps.WaitForAsync("the drawer opens", () => slot.DoorOpen ? "open" : null, cancellationToken);
        flow.Step("device", $"slot {order.Slot} latch released, drawer open (checked by the agent, no cloud)");
        string? taken = slot.TakeItem();
        await ScenarioSteps.CloseAfterTakingAsync(cabinet, order.Slot, cancellationToken);
        flow.Step("customer", $"took power bank {taken} and closed the drawer");
        await ScenarioSteps.WaitForAsync("the agent records the dispense", () => store.FindOrder(paid.Offline.TokenId)?.Outcome, cancellationToken);

        (await http.PostAsync($"sim/sites/{LocalStack.SiteId}/online", null, cancellationToken)).EnsureSuccessStatusCode();
        flow.Step("cloud", $"site {LocalStack.SiteId} reachable again");
        CloudOrders.Order settled = await ScenarioSteps.WaitForAsync("reconciliation settles the order",
            () => stack.CloudServices.GetRequiredService<CloudOrders>().Find(order.OrderId) is { Outcome: not null } o ? o : null, cancellationToken);
        flow.Step("cloud", $"reconciled: order {settled.OrderId} is {settled.Status}");

        ScenarioSteps.Expect(settled.Status == OrderStatus.Dispensed, $"order ended {settled.Status}, expected {OrderStatus.Dispensed}");
        ScenarioSteps.Expect(taken == item && taken is not null, $"customer got {taken ?? "nothing"}, expected {item}");
        ScenarioSteps.Expect(slot.LatchPulses == 1, $"latch pulsed {slot.LatchPulses} times for one paid order");
        ScenarioSteps.Expect(store.Conflicts().Count == 0, "reconciliation reported conflicts");
    }
}
