using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using O2O.CloudContract;

namespace O2O.CloudSimulator;

/// <summary>The calls a site agent makes: key set, claim an order, report its one final outcome. Bearer = the site's secret.</summary>
public static class SiteEndpoints
{
    public static IEndpointRouteBuilder MapSiteApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/keys", (GrantSigner signer) => Results.Ok(signer.PublicKeys()));
        app.MapPost("/v1/orders/{orderId}/claim", Claim);
        app.MapPost("/v1/orders/{orderId}/outcome", ReportOutcome);
        app.MapPost("/v1/sites/{siteId}/batches", UploadBatchAsync);
        return app;
    }

    private static IResult Claim(string orderId, ClaimRequest request, HttpContext http, CloudOrders orders, CloudSimulatorOptions options)
    {
        if (!IsSite(http, request.SiteId, options))
        {
            return Results.Unauthorized();
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
                default:
                    return Results.Ok(new ClaimResponse(false, "already_final"));
            }
        }
    }

    private static IResult ReportOutcome(string orderId, OutcomeReport report, HttpContext http, CloudOrders orders, CloudSimulatorOptions options)
    {
        if (!IsSite(http, report.SiteId, options))
        {
            return Results.Unauthorized();
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
    private static async Task<IResult> UploadBatchAsync(string siteId, HttpContext http, TelemetryIngest ingest, CloudSimulatorOptions options)
    {
        if (!IsSite(http, siteId, options))
        {
            return Results.Unauthorized();
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
