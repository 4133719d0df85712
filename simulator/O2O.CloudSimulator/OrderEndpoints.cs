using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using O2O.CloudContract;
using O2O.CloudContract.Tokens;
using O2O.Protocol;

namespace O2O.CloudSimulator;

/// <summary>The customer- and payment-facing side: create an order from a scanned code, take payment notifications.</summary>
public static class OrderEndpoints
{
    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/orders", CreateOrder);
        app.MapGet("/v1/orders/{orderId}", (string orderId, CloudOrders orders) =>
            orders.Find(orderId) is { } order ? Results.Ok(order.View()) : Results.NotFound(new { error = "unknown order" }));
        app.MapPost("/v1/payments/notify", NotifyPaymentAsync);
        return app;
    }

    private static IResult CreateOrder(CreateOrderRequest request, CloudSimulatorOptions options, CloudOrders orders, TimeProvider time)
    {
        string? deviceId = QrPayload.PeekDeviceId(request.Qr ?? "");
        if (deviceId is null || !options.Devices.TryGetValue(deviceId, out CloudDevice? device))
        {
            return Results.BadRequest(new { error = "unknown device" });
        }

        string? refusal = QrPayload.Verify(request.Qr!, device.QrSecret, time.GetUtcNow().ToUnixTimeSeconds(), out _, out int slot, out string? nonce);
        if (refusal is not null)
        {
            return Results.BadRequest(new { error = refusal });
        }

        if (SessionLength(request.Minutes, device.Session, out string? badMinutes) is not { } minutes)
        {
            return Results.BadRequest(new { error = badMinutes });
        }

        long amount = minutes > 0 ? minutes * options.SessionPricePerMinuteMinor : options.PriceMinor;
        CloudOrders.Order order = orders.CreateOrGet(nonce!, deviceId, device.SiteId, slot, minutes, amount);
        return Results.Ok(order.View());
    }

    // A timed device sells minutes (the model's default unless the customer chose, never past its maximum); any
    // other device sells a slot's item, and a request naming minutes for one is a client bug worth a clear 400.
    private static int? SessionLength(int? requested, SessionTerms? session, out string? error)
    {
        error = null;
        if (session is null && requested is null)
        {
            return 0;
        }

        if (session is null)
        {
            error = "minutes: this device sells no sessions";
            return null;
        }

        int minutes = requested ?? session.DefaultMinutes;
        if (minutes < 1 || minutes > session.MaxMinutes || minutes > TokenClaims.MaxMinutes)
        {
            error = $"minutes: must be 1 to {Math.Min(session.MaxMinutes, TokenClaims.MaxMinutes)} on this device";
            return null;
        }

        return minutes;
    }

    private static async Task<IResult> NotifyPaymentAsync(PaymentNotification notification, CloudOrders orders, TokenSigner signer,
        CloudBroker broker, OfflineTokenBook offlineTokens, CloudSimulatorOptions options, TimeProvider time)
    {
        CloudOrders.Order? order = orders.Find(notification.OrderId ?? "");
        if (order is null)
        {
            return Results.NotFound(new { error = "unknown order" });
        }

        lock (order)
        {
            order.PaymentNotifications++;
            bool firstPayment = order.Status == OrderStatus.AwaitingPayment;
            if (firstPayment)
            {
                order.Status = OrderStatus.Paid;
            }
            else if (order.Status is not (OrderStatus.Paid or OrderStatus.Claimed))
            {
                // Final already, or served offline: a late duplicate notification changes nothing.
                return Results.Ok(order.View());
            }

            // The site cannot be reached, but the customer's phone can: sell a token from the device's offline pool.
            // Only when the payment first arrives: once a grant is on its way, the order stays on the grant path
            // (a site that blinked away and back must not find its grant answered with "sold offline").
            // Offline tokens open slots; they carry no session length, so a session order waits for its grant instead.
            if (firstPayment && order.Minutes == 0 && !broker.IsSiteOnline(order.SiteId)
                && offlineTokens.Sell(order.DeviceId, order.OrderId, options.SellOfflineTokensTwice) is { } sold)
            {
                order.Status = OrderStatus.SoldOffline;
                order.Offline = new OfflineSale(sold.Token.TokenId, sold.Code, sold.Text);
                return Results.Ok(order.View());
            }
        }

        // Every notification re-sends the grant: providers repeat themselves, and the agent must cope.
        long now = time.GetUtcNow().ToUnixTimeSeconds();
        var grant = new UnlockGrant(order.OrderId, order.SiteId, order.DeviceId, order.Slot, now, now + (long)options.GrantLifetime.TotalSeconds, order.Minutes);
        string token = signer.Sign(grant.ToClaims());
        await broker.SendToSiteAsync(order.SiteId, CloudBroker.GrantCommand("grant-" + order.OrderId + "-" + order.PaymentNotifications, token));
        return Results.Ok(order.View());
    }
}
