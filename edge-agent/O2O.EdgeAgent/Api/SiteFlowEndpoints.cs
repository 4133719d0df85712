using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using O2O.EdgeAgent.Offline;
using O2O.EdgeAgent.Storage;
using O2O.EdgeAgent.Technicians;

namespace O2O.EdgeAgent.Api;

/// <summary>Local API for maintenance openings, offline redemptions and their reconciliation (behind the admin token like the rest).</summary>
public static class SiteFlowEndpoints
{
    public sealed record MaintenanceRequest(string? Pass, int? Slot);

    public sealed record RedeemRequest(string? Token, int? Slot);

    public static WebApplication MapSiteFlows(this WebApplication app, IServiceProvider agent)
    {
        app.MapPost("/maintenance/unlock", async (MaintenanceRequest request, CancellationToken cancellationToken) =>
        {
            if (string.IsNullOrEmpty(request.Pass) || request.Slot is null)
            {
                return Results.BadRequest(new { error = "pass and slot are required" });
            }

            TechnicianUnlockResult result = await agent.GetRequiredService<TechnicianAccess>().UnlockAsync(request.Pass, request.Slot.Value, cancellationToken);
            return result.Refusal is null
                ? Results.Accepted(value: new { journalId = result.JournalId, commandId = result.CommandId })
                : Results.Json(new { error = result.Refusal }, statusCode: StatusCodes.Status403Forbidden);
        });
        app.MapGet("/maintenance/journal", (int? limit) => agent.GetRequiredService<AgentStore>().TechnicianJournal(Math.Clamp(limit ?? 50, 1, 1000)));
        app.MapPost("/devices/{deviceId}/redeem", async (string deviceId, RedeemRequest request, CancellationToken cancellationToken) =>
        {
            if (!agent.GetRequiredService<IOptions<EdgeAgentOptions>>().Value.Devices.Any(d => d.Id == deviceId))
            {
                return Results.NotFound(new { error = "unknown device" });
            }

            if (string.IsNullOrEmpty(request.Token))
            {
                return Results.BadRequest(new { error = "token (or its 12-digit code) is required" });
            }

            RedemptionResult result = await agent.GetRequiredService<OfflineRedemption>().RedeemAsync(deviceId, request.Token, request.Slot ?? -1, cancellationToken);
            return result.Refusal is null
                ? Results.Accepted(value: new { orderId = result.OrderId, slot = result.Slot })
                : Results.Json(new { error = result.Refusal }, statusCode: StatusCodes.Status403Forbidden);
        });
        app.MapGet("/offline/conflicts", () => agent.GetRequiredService<AgentStore>().Conflicts()
            .Select(c => new { tokenId = c.TokenId, kind = c.Kind, detail = c.Detail, receivedMs = c.ReceivedMs }));
        app.MapGet("/offline/pools", () =>
        {
            AgentStore store = agent.GetRequiredService<AgentStore>();
            EdgeAgentOptions settings = agent.GetRequiredService<IOptions<EdgeAgentOptions>>().Value;
            long now = agent.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeSeconds();
            return settings.Devices.Select(d => (Device: d.Id, Exposure: store.UnreconciledExposure(d.Id))).Select(d => new
            {
                deviceId = d.Device,
                ready = store.CountUsableTokens(d.Device, now),
                unreconciled = d.Exposure.Count,
                unreconciledAmount = d.Exposure.AmountMinor,
            });
        });
        return app;
    }
}
