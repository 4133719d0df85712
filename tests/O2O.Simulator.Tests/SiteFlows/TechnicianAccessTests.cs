using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using O2O.CloudContract;
using O2O.CloudContract.Tokens;
using O2O.CloudSimulator;
using O2O.EdgeAgent.Orders;
using O2O.EdgeAgent.Storage;
using O2O.EdgeAgent.Technicians;
using O2O.EdgeAgent.Tests;
using O2O.Protocol;

namespace O2O.Simulator.Tests.SiteFlows;

/// <summary>Maintenance openings with a cloud-signed technician pass: scoped to one device, time-limited, revocable, journaled.</summary>
public sealed class TechnicianAccessTests : IAsyncLifetime
{
    private SiteFlowHarness _site = null!;

    public async Task InitializeAsync() => _site = await SiteFlowHarness.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private TechnicianAccess Access => _site.Agent.GetRequiredService<TechnicianAccess>();

    private AgentStore Store => _site.Agent.GetRequiredService<AgentStore>();

    [Fact]
    public async Task A_pass_opens_a_slot_of_its_device_for_maintenance_and_the_opening_is_journaled()
    {
        string pass = await _site.MintTechnicianPassAsync("cab-1", "tech-7");

        TechnicianUnlockResult result = await Access.UnlockAsync(pass, 2, CancellationToken.None);

        Assert.Null(result.Refusal);
        await Eventually.HoldsAsync(() => _site.Device("cab-1").Executed.Any(c => c.Id == result.CommandId), TimeSpan.FromSeconds(10), "the maintenance opening");
        DeviceCommand command = _site.Device("cab-1").Executed.Single(c => c.Id == result.CommandId);
        Assert.Equal((DeviceCommand.MaintenanceMode, "tech-7", 2, (string?)null), (command.Mode, command.Text, command.Slot, command.OrderId));
        TechnicianOpening journaled = Store.TechnicianJournal(10).Single();
        Assert.Equal(("tech-7", "cab-1", 2, "api", result.CommandId), (journaled.TechnicianId, journaled.DeviceId, journaled.Slot, journaled.Source, journaled.CommandId));
    }

    [Fact]
    public async Task Passes_for_another_device_or_slot_expired_revoked_or_of_another_kind_are_refused()
    {
        TokenSigner signer = _site.Cloud.GetRequiredService<TokenSigner>();
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string expired = signer.Sign(new TechnicianPass("tp-old", SiteFlowHarness.SiteId, "cab-1", -1, "tech-7", now - 7200, now - 3600).ToClaims());
        string tooLong = signer.Sign(new TechnicianPass("tp-long", SiteFlowHarness.SiteId, "cab-1", -1, "tech-7", now, now + 3 * 86400).ToClaims());
        string grant = signer.Sign(new UnlockGrant("ord-1", SiteFlowHarness.SiteId, "cab-1", 0, now, now + 60).ToClaims());

        Assert.Equal(TokenRefusals.WrongSlot, (await Access.UnlockAsync(await _site.MintTechnicianPassAsync("cab-1", "tech-7", slot: 1), 2, CancellationToken.None)).Refusal);
        Assert.Equal(TokenRefusals.Expired, (await Access.UnlockAsync(expired, 0, CancellationToken.None)).Refusal);
        Assert.Equal(TokenRefusals.Malformed, (await Access.UnlockAsync(tooLong, 0, CancellationToken.None)).Refusal);
        Assert.Equal(TokenRefusals.WrongKind, (await Access.UnlockAsync(grant, 0, CancellationToken.None)).Refusal);
        Assert.Equal(TokenRefusals.WrongSlot, (await Access.UnlockAsync(await _site.MintTechnicianPassAsync("cab-2", "tech-7"), 64, CancellationToken.None)).Refusal);

        string revoked = await _site.MintTechnicianPassAsync("cab-2", "tech-9");
        await _site.Phone.PostAsync("sim/technicians/tech-9/revoke", null);
        await Eventually.HoldsAsync(() => Store.IsRevoked("technician", "tech-9"), TimeSpan.FromSeconds(10), "the revocation list to arrive");
        Assert.Equal(TokenRefusals.Revoked, (await Access.UnlockAsync(revoked, 0, CancellationToken.None)).Refusal);

        RefusalCounters refusals = _site.Agent.GetRequiredService<RefusalCounters>();
        Assert.Equal(2, refusals.Get(RefusalCounters.Technician, TokenRefusals.WrongSlot));
        Assert.Empty(Store.TechnicianJournal(10));
        Assert.Empty(_site.Device("cab-1").Executed);
        Assert.Empty(_site.Device("cab-2").Executed);
    }

    [Fact]
    public async Task An_opening_made_at_the_device_console_is_journaled_from_the_device_report_once()
    {
        var opened = new DeviceEvent { BootId = "b9", Sequence = 4, Type = EventTypes.TechnicianUnlock, Slot = 1, Code = "tech-3", Timestamp = 1 };
        O2O.EdgeAgent.Gateway.DeviceMessageRouter router = _site.Agent.GetRequiredService<O2O.EdgeAgent.Gateway.DeviceMessageRouter>();
        var writer = new O2O.Protocol.Json.JsonWriter(256);
        opened.WriteTo(writer);

        await router.HandleAsync("cab-2", DeviceChannel.Events, writer.ToArray(), CancellationToken.None);
        await router.HandleAsync("cab-2", DeviceChannel.Events, writer.ToArray(), CancellationToken.None);

        TechnicianOpening journaled = Store.TechnicianJournal(10).Single();
        Assert.Equal(("tech-3", "cab-2", 1, "device"), (journaled.TechnicianId, journaled.DeviceId, journaled.Slot, journaled.Source));
    }
}
