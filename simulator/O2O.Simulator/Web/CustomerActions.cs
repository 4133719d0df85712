using System.Net.Http.Json;
using O2O.CloudContract;
using O2O.Simulator.Devices;
using O2O.Simulator.Scenarios;

namespace O2O.Simulator.Web;

/// <summary>What a customer's phone and the payment provider do, for the page's buttons and the scenario steps.</summary>
public static class CustomerActions
{
    /// <summary>The phone sends the scanned code; the cloud creates the order (or returns the one this code made).</summary>
    public static async Task<OrderView> ScanAsync(HttpClient cloud, string qr, CancellationToken cancellationToken) =>
        await ScenarioSteps.ReadAsync<OrderView>(await cloud.PostAsJsonAsync("v1/orders", new CreateOrderRequest(qr), ContractJson.Options, cancellationToken), "order creation", cancellationToken);

    /// <summary>The payment provider notifies the payment <paramref name="times"/> times, as WeChat Pay and Alipay repeat themselves.</summary>
    public static async Task<OrderView> PayAsync(HttpClient cloud, string orderId, int times, CancellationToken cancellationToken)
    {
        OrderView? paid = null;
        for (int i = 0; i < times; i++)
        {
            var notification = new PaymentNotification(orderId, i % 2 == 0 ? "wechat" : "alipay", "tx-" + orderId);
            paid = await ScenarioSteps.ReadAsync<OrderView>(await cloud.PostAsJsonAsync("v1/payments/notify", notification, ContractJson.Options, cancellationToken), "payment", cancellationToken);
        }

        return paid ?? throw new ArgumentOutOfRangeException(nameof(times), "pay at least once");
    }

    public static async Task<OrderView> ScanAndPayAsync(HttpClient cloud, VirtualDevice device, CancellationToken cancellationToken)
    {
        string qr = device.Device.QrPayload ?? throw new InvalidOperationException("the device shows no QR code yet");
        OrderView order = await ScanAsync(cloud, qr, cancellationToken);
        return await PayAsync(cloud, order.OrderId, 2, cancellationToken);
    }
}
