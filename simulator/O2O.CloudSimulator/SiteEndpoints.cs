using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using O2O.CloudContract;

namespace O2O.CloudSimulator;

/// <summary>
/// The calls a site agent makes (docs/openapi.yaml): key set, claim an order, report its one final outcome, telemetry
/// batches, offline token pool, revocations, reconciliation. Bearer = the site's secret; 503 while the site is cut off.
/// </summary>
public static class SiteEndpoints
{
    public static IEndpointRouteBuilder MapSiteApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/keys", (TokenSigner signer) => Results.Ok(signer.PublicKeys()));
        app.MapPost("/v1/orders/{orderId}/claim", Claim);
        app.MapPost("/v1/orders/{orderId}/outcome", ReportOutcome);
        app.MapPost("/v1/sites/{siteId}/batches", UploadBatchAsync);
        app.MapPost("/v1/sites/{siteId}/token-pool", IssueTokens);
        app.MapGet("/v1/sites/{siteId}/revocations", (string siteId, HttpContext http, OfflineTokenBook book, CloudSimulatorOptions options, SiteConnectivity connectivity) =>
            Gate(http, siteId, options, connectivity) ?? Results.Ok(book.Revocations(siteId)));
        app.MapPost("/v1/sites/{siteId}/reconciliation", (string siteId, ReconciliationRequest request, HttpContext http, OfflineTokenBook book, CloudOrders orders,
            CloudSimulatorOptions options, SiteConnectivity connectivity) =>
            Gate(http, siteId, options, connectivity) ?? (request.Redemptions is { Count: <= 1000 } redemptions
                ? Results.Ok(book.Reconcile(siteId, redemptions, orders))
                : Results.BadRequest(new { error = "redemptions: 1 to 1000 per call" })));
        return app;
    }

    private static IResult IssueTokens(string siteId, TokenPoolRequest request, HttpContext http, OfflineTokenBook book, CloudSimulatorOptions options, SiteConnectivity connectivity)
    {
        if (Gate(http, siteId, options, connectivity) is { } refused)
        {
            return refused;
        }

        if (request.DeviceId is null || !options.Devices.TryGetValue(request.DeviceId, out CloudDevice? device) || device.SiteId != siteId)
        {
            return Results.BadRequest(new { error = "unknown device for this site" });
        }

        if (request.Count < 1 || request.Count > options.MaxPoolRequest)
        {
            return Results.BadRequest(new { error = $"count: 1 to {options.MaxPoolRequest}" });
        }

        if (request.Held is { Count: > 10_000 })
        {
            return Results.BadRequest(new { error = "held: at most 10000 token ids" });
        }

        return Results.Ok(new TokenPoolResponse(book.Issue(siteId, request.DeviceId, request.Count, request.Held, options.OfflineTokenLifetime, options.PriceClass, options.PriceMinor)));
    }

    /// <summary>Null when the caller is the site and the site is reachable; else the answer to give instead.</summary>
    private static IResult? Gate(HttpContext http, string siteId, CloudSimulatorOptions options, SiteConnectivity connectivity) =>
        connectivity.IsCutOff(siteId) ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable)
        : IsSite(http, siteId, options) ? null
        : Results.Unauthorized();

    private static IResult Claim(string orderId, ClaimRequest request, HttpContext http, CloudOrders orders, CloudSimulatorOptions options, SiteConnectivity connectivity)
    {
        if (Gate(http, request.SiteId, options, connectivity) is { } refused)
        {
            return refused;
        }

        CloudOrders.Order? order = orders.Find(orderId);
        if (order is null)
        {
            return Results.NotFound(new { error = "unknown order" });
        }

        lock (order)
        {
            if (order.SiteId != request.SiteId)
            {
                return Results.Ok(new ClaimResponse(false, "wrong_site"));
            }

            switch (order.Status)
            {
                case OrderStatus.Paid:
                    order.Status = OrderStatus.Claimed;
                    order.ClaimedBy = request.SiteId;
                    return Results.Ok(new ClaimResponse(true, null));
                case OrderStatus.Claimed:
                    return Results.Ok(new ClaimResponse(true, null));
                case OrderStatus.AwaitingPayment:
                    return Results.Ok(new ClaimResponse(false, "not_paid"));
                case OrderStatus.SoldOffline:
                    // The customer holds an offline token for this order; a late grant must not open a second slot.
                    return Results.Ok(new ClaimResponse(false, "sold_offline"));
                default:
                    return Results.Ok(new ClaimResponse(false, "already_final"));
            }
        }
    }

    private static IResult ReportOutcome(string orderId, OutcomeReport report, HttpContext http, CloudOrders orders, CloudSimulatorOptions options, SiteConnectivity connectivity)
    {
        if (Gate(http, report.SiteId, options, connectivity) is { } refused)
        {
            return refused;
        }

        CloudOrders.Order? order = orders.Find(orderId);
        if (order is null)
        {
            return Results.NotFound(new { error = "unknown order" });
        }

        if (report.Outcome is not (OrderStatus.Dispensed or OrderStatus.Failed))
        {
            return Results.BadRequest(new { error = "outcome must be dispensed or failed" });
        }

        lock (order)
        {
            order.OutcomeReports++;
            if (order.Outcome is null)
            {
                order.Outcome = report.Outcome;
                order.Reason = report.Reason;
                // A failed dispense is refunded: the customer paid and got nothing.
                order.Status = report.Outcome == OrderStatus.Dispensed ? OrderStatus.Dispensed : OrderStatus.Refunded;
                return Results.Ok(order.View());
            }

            return order.Outcome == report.Outcome ? Results.Ok(order.View()) : Results.Conflict(order.View());
        }
    }

    // The HTTPS uplink: the same gzip batch the broker path carries, with the same dedupe by batch id.
    private static async Task<IResult> UploadBatchAsync(string siteId, HttpContext http, TelemetryIngest ingest, CloudSimulatorOptions options, SiteConnectivity connectivity)
    {
        if (Gate(http, siteId, options, connectivity) is { } refused)
        {
            return refused;
        }

        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(buffer, http.RequestAborted)) > 0)
        {
            if (body.Length + read > O2O.Protocol.ProtocolLimits.MaxBatchPayloadBytes)
            {
                return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
            }

            body.Write(buffer, 0, read);
        }

        string? refusal = ingest.Accept(siteId, body.ToArray());
        return refusal is null ? Results.Ok() : Results.BadRequest(new { error = refusal });
    }

    private static bool IsSite(HttpContext http, string siteId, CloudSimulatorOptions options)
    {
        string presented = http.Request.Headers.Authorization.ToString();
        return siteId is not null && options.CertificateNamesSite(http.Connection.ClientCertificate, siteId) && options.SiteSecrets.TryGetValue(siteId, out string? secret)
            && string.Equals(presented, "Bearer " + secret, StringComparison.Ordinal);
    }
}
