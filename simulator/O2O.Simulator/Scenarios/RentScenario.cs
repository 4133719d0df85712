using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using O2O.CloudContract;
using O2O.CloudSimulator;
using O2O.Protocol;
using O2O.Simulator.Devices;
using O2O.Simulator.Devices.Physics;
using O2O.Simulator.Stack;

namespace O2O.Simulator.Scenarios;

/// <summary>
/// A customer rents a power bank: scans the cabinet's QR code, pays (the payment provider notifies twice,
/// as WeChat Pay and Alipay do), the drawer opens, the customer takes the power bank and closes the
/// drawer. Passes when the cloud holds exactly one outcome, dispensed, after exactly one latch pulse.
/// </summary>
public sealed class RentScenario(LocalStack stack, FlowPrinter flow)
{
    public const string Name = "rent";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        VirtualDevice cabinet = stack.Devices[0];
        using var http = new HttpClient { BaseAddress = new Uri(stack.CloudBaseUrl) };

        string qr = await ScenarioSteps.WaitForAsync("the cabinet shows a QR code", () => cabinet.Device.QrPayload, cancellationToken);
        flow.Step("device", $"{cabinet.DeviceId} shows QR {Shorten(qr)}");

        HttpResponseMessage created = await http.PostAsJsonAsync("v1/orders", new CreateOrderRequest(qr), ContractJson.Options, cancellationToken);
        OrderView order = await ScenarioSteps.ReadAsync<OrderView>(created, "order creation", cancellationToken);
        flow.Step("customer", $"scanned the code: order {order.OrderId} for slot {order.Slot}");

        SlotMechanism slot = cabinet.Slots[order.Slot];
        string? item = slot.ItemId;
        for (int notification = 1; notification <= 2; notification++)
        {
            var paid = new PaymentNotification(order.OrderId, "wechat", "wx-" + order.OrderId);
            await ScenarioSteps.ReadAsync<OrderView>(await http.PostAsJsonAsync("v1/payments/notify", paid, ContractJson.Options, cancellationToken), "payment", cancellationToken);
            flow.Step("payment", $"WeChat Pay notified payment of {order.OrderId} (notification {notification} of 2)");
        }

        await ScenarioSteps.WaitForAsync("the drawer opens", () => slot.DoorOpen ? "open" : null, cancellationToken);
        flow.Step("device", $"slot {order.Slot} latch released, drawer open");

        string? taken = slot.TakeItem();
        flow.Step("customer", $"took power bank {taken}");
        await ScenarioSteps.CloseAfterTakingAsync(cabinet, order.Slot, cancellationToken);
        flow.Step("customer", "closed the drawer");

        OrderView final = await ScenarioSteps.WaitForAsync("the cloud records the outcome", async () =>
        {
            OrderView? view = await http.GetFromJsonAsync<OrderView>($"v1/orders/{order.OrderId}", ContractJson.Options, cancellationToken);
            return view?.Outcome is null ? null : view;
        }, cancellationToken);
        flow.Step("cloud", $"order {final.OrderId} is {final.Status}");

        await ScenarioSteps.WaitForAsync("the dispense event reaches the cloud", () =>
            stack.CloudServices.GetRequiredService<TelemetryIngest>().Events.Any(e => e.Type == EventTypes.Dispensed && e.OrderId == order.OrderId) ? "yes" : null,
            cancellationToken);
        flow.Step("cloud", "telemetry batch with the dispense event received");

        ScenarioSteps.Expect(final.Status == OrderStatus.Dispensed, $"order ended {final.Status}, expected {OrderStatus.Dispensed}");
        ScenarioSteps.Expect(taken == item && taken is not null, $"customer got {taken ?? "nothing"}, expected {item}");
        ScenarioSteps.Expect(slot.LatchPulses == 1, $"latch pulsed {slot.LatchPulses} times for one paid order");
        CloudOrders.Order record = stack.CloudServices.GetRequiredService<CloudOrders>().Find(order.OrderId)!;
        ScenarioSteps.Expect(record.OutcomeReports == 1, $"cloud received {record.OutcomeReports} outcome reports, expected exactly 1");
    }

    private static string Shorten(string qr) => qr.Length <= 60 ? qr : qr[..57] + "...";
}
