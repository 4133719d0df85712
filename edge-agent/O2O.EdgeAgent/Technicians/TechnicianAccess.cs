using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using O2O.CloudContract.Tokens;
using O2O.EdgeAgent.Cloud;
using O2O.EdgeAgent.Gateway;
using O2O.EdgeAgent.Orders;
using O2O.EdgeAgent.Storage;
using O2O.Protocol;

namespace O2O.EdgeAgent.Technicians;

/// <summary>The answer to a maintenance opening: the journal entry and command, or why not.</summary>
public sealed record TechnicianUnlockResult(long JournalId, string? CommandId, string? Refusal);

/// <summary>
/// Maintenance openings. Through the agent's local API a technician presents a cloud-signed pass (time-limited,
/// one device, one slot or all); the agent checks it, journals the opening together with the device command,
/// then sends it. Every opening the device then reports (technician_unlock events, including those made at its
/// console with the device's own technician login) is journaled too.
/// </summary>
public sealed class TechnicianAccess(AgentStore store, SigningKeyring keys, IDeviceCommandSender devices, DeviceTraffic traffic,
    RefusalCounters refusals, TimeProvider time, IOptions<EdgeAgentOptions> options, ILogger<TechnicianAccess> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        traffic.EventStored += OnEventStoredAsync;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        traffic.EventStored -= OnEventStoredAsync;
        return Task.CompletedTask;
    }

    public async Task<TechnicianUnlockResult> UnlockAsync(string passText, int slot, CancellationToken cancellationToken)
    {
        if (CoseToken.PeekKeyId(passText) is { } keyId)
        {
            await keys.EnsureAsync(keyId, cancellationToken);
        }

        TokenClaims? claims = CoseToken.Verify(passText, keys.Find, TechnicianPass.Kind, out string? refusal);
        TechnicianPass? pass = claims is null ? null : TechnicianPass.FromClaims(claims);
        refusal ??= pass is null ? TokenRefusals.Malformed
            : TokenRefusals.CheckCommon(claims!, options.Value.SiteId, time.GetUtcNow().ToUnixTimeSeconds())
            ?? (!options.Value.Devices.Any(d => d.Id == pass.DeviceId) ? TokenRefusals.UnknownDevice : null)
            ?? (slot is < 0 or >= ProtocolLimits.MaxSlots || (pass.Slot != TokenClaims.AnySlot && pass.Slot != slot) ? TokenRefusals.WrongSlot : null)
            ?? (store.IsRevoked("token", pass.PassId) || store.IsRevoked("technician", pass.TechnicianId) ? TokenRefusals.Revoked : null);
        if (refusal is not null)
        {
            refusals.Count(RefusalCounters.Technician, refusal);
            logger.LogWarning("Technician pass refused ({Reason}) for {Technician}", refusal, pass?.TechnicianId ?? "<unverified>");
            return new TechnicianUnlockResult(0, null, refusal);
        }

        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        string commandId = "maint-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        byte[] payload = UnlockCommand.ForMaintenance(commandId, slot, pass!.TechnicianId, now);
        long journalId = store.JournalTechnicianUnlock(pass.TechnicianId, pass.DeviceId, slot, pass.PassId, commandId, payload, now);
        await devices.SendAsync(pass.DeviceId, payload, cancellationToken);
        store.MarkCommandSent(commandId, now);
        logger.LogInformation("Technician {Technician} opens {Device} slot {Slot} (journal {Journal})", pass.TechnicianId, pass.DeviceId, slot, journalId);
        return new TechnicianUnlockResult(journalId, commandId, null);
    }

    // Every opening the device made is journaled from its own report, whether asked at its console (its own
    // technician login) or by the agent; redelivered events are journaled once.
    private Task OnEventStoredAsync(string deviceId, DeviceEvent evt)
    {
        if (evt.Type == EventTypes.TechnicianUnlock && evt.Code is { } technicianId)
        {
            store.JournalDeviceOpening(technicianId, deviceId, evt.Slot, evt.BootId, evt.Sequence, time.GetUtcNow().ToUnixTimeMilliseconds());
        }

        return Task.CompletedTask;
    }
}
