using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using O2O.CloudContract.Tokens;

namespace O2O.CloudSimulator;

/// <summary>
/// The simulator's own control surface under /sim (not part of the cloud contract): take a site offline,
/// rotate or retire signing keys, revoke tokens and technicians, mint technician passes, flip fault switches.
/// Scenarios, tests and the web page drive the cloud through these.
/// </summary>
public static class ControlEndpoints
{
    public sealed record TechnicianPassRequest(string SiteId, string DeviceId, string TechnicianId, int Slot = TokenClaims.AnySlot, int Minutes = 60);

    public static IEndpointRouteBuilder MapSimulatorControl(this IEndpointRouteBuilder app)
    {
        app.MapPost("/sim/sites/{siteId}/offline", (string siteId, SiteConnectivity connectivity) => Switch(connectivity, siteId, false));
        app.MapPost("/sim/sites/{siteId}/online", (string siteId, SiteConnectivity connectivity) => Switch(connectivity, siteId, true));
        app.MapPost("/sim/keys/rotate", (TokenSigner signer) => Results.Ok(new { kid = signer.Rotate() }));
        app.MapPost("/sim/keys/{keyId}/retire", (string keyId, TokenSigner signer) =>
            signer.Retire(keyId) ? Results.Ok() : Results.BadRequest(new { error = "unknown key, or the one signing now" }));
        app.MapPost("/sim/tokens/{tokenId}/revoke", (string tokenId, OfflineTokenBook book) =>
        {
            book.RevokeToken(tokenId);
            return Results.Ok();
        });
        app.MapPost("/sim/technicians/{technicianId}/revoke", (string technicianId, OfflineTokenBook book) =>
        {
            book.RevokeTechnician(technicianId);
            return Results.Ok();
        });
        app.MapPost("/sim/technician-passes", MintTechnicianPass);
        app.MapPost("/sim/faults/sell-offline-tokens-twice/{on:bool}", (bool on, CloudSimulatorOptions options) =>
        {
            options.SellOfflineTokensTwice = on;
            return Results.Ok();
        });
        return app;
    }

    private static IResult Switch(SiteConnectivity connectivity, string siteId, bool online)
    {
        connectivity.Set(siteId, online);
        return Results.Ok(new { siteId, online });
    }

    // In the real cloud an operations portal mints these for a scheduled visit; here a test or the web page asks.
    private static IResult MintTechnicianPass(TechnicianPassRequest request, TokenSigner signer, CloudSimulatorOptions options, TimeProvider time)
    {
        if (request.DeviceId is null || !options.Devices.TryGetValue(request.DeviceId, out CloudDevice? device) || device.SiteId != request.SiteId)
        {
            return Results.BadRequest(new { error = "unknown device for this site" });
        }

        if (request.Minutes is < 1 or > 24 * 60 || request.TechnicianId is null || !TokenRefusals.IsValidId(request.TechnicianId) || request.TechnicianId.Length > 32)
        {
            return Results.BadRequest(new { error = "minutes 1-1440 and a technician id of 1-32 [A-Za-z0-9_-]" });
        }

        long now = time.GetUtcNow().ToUnixTimeSeconds();
        var pass = new TechnicianPass("tp-" + Guid.NewGuid().ToString("N")[..12], request.SiteId, request.DeviceId, request.Slot, request.TechnicianId, now, now + request.Minutes * 60L);
        return Results.Ok(new { passId = pass.PassId, token = signer.Sign(pass.ToClaims()) });
    }
}
