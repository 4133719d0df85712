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

    private static bool IsSite(HttpContext http, string siteId, CloudSimulatorOptions options)
    {
        string presented = http.Request.Headers.Authorization.ToString();
        return siteId is not null && options.SiteSecrets.TryGetValue(siteId, out string? secret)
            && string.Equals(presented, "Bearer " + secret, StringComparison.Ordinal);
    }
}
