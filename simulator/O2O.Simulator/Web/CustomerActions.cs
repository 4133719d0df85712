using System.Net.Http.Json;
using O2O.CloudContract;
using O2O.Simulator.Devices;

namespace O2O.Simulator.Web;

/// <summary>What a customer's phone does, for the page's buttons: scan the device's current QR code, then pay (notified twice).</summary>
public static class CustomerActions
{
    public static async Task<OrderView> ScanAndPayAsync(HttpClient cloud, VirtualDevice device, CancellationToken cancellationToken)
    {
        string qr = device.Device.QrPayload ?? throw new InvalidOperationException("the device shows no QR code yet");
        HttpResponseMessage created = await cloud.PostAsJsonAsync("v1/orders", new CreateOrderRequest(qr), ContractJson.Options, cancellationToken);
        created.EnsureSuccessStatusCode();
        OrderView order = (await created.Content.ReadFromJsonAsync<OrderView>(ContractJson.Options, cancellationToken))!;
        OrderView paid = order;
        foreach (string channel in new[] { "wechat", "wechat" })
        {
            HttpResponseMessage notified = await cloud.PostAsJsonAsync("v1/payments/notify", new PaymentNotification(order.OrderId, channel, "tx-" + order.OrderId), ContractJson.Options, cancellationToken);
            notified.EnsureSuccessStatusCode();
            paid = (await notified.Content.ReadFromJsonAsync<OrderView>(ContractJson.Options, cancellationToken))!;
        }

        return paid;
    }
}
