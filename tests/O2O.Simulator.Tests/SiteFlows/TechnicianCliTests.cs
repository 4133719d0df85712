using O2O.EdgeAgent.Tests;
using O2O.LoopbackPorts;
using O2O.Protocol;
using Cli = O2O.EdgeAgent.Cli;

namespace O2O.Simulator.Tests.SiteFlows;

/// <summary>
/// A technician on site with a pass from the cloud uses o2o-agent: the pass goes in from a file, the agent checks
/// it and sends the maintenance opening, and the journal shows it. Real cloud simulator, agent and local API.
/// </summary>
public sealed class TechnicianCliTests : IAsyncLifetime
{
    private const string AdminToken = "admin-token-for-the-technician-cli";
    private readonly string _apiUrl = $"http://127.0.0.1:{FreePort.Next()}";
    private readonly string _passFile = Path.GetTempFileName();
    private SiteFlowHarness _site = null!;

    public async Task InitializeAsync() => _site = await SiteFlowHarness.StartAsync(settings: new()
    {
        ["O2O:LocalApiUrl"] = _apiUrl,
        ["O2O:AdminToken"] = AdminToken,
    });

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        File.Delete(_passFile);
    }

    [Fact]
    public async Task Open_with_a_pass_file_opens_the_slot_for_maintenance_and_journal_shows_it()
    {
        await File.WriteAllTextAsync(_passFile, await _site.MintTechnicianPassAsync("cab-2", "tech-7") + "\n");

        (int code, string output, string error) = await RunAsync("open", "3", "--pass-file", _passFile);

        Assert.True(code == Cli.ExitCodes.Ok, error);
        Assert.Matches(@"^slot 3 opening sent \((maint-[0-9a-f]+)\), journal entry 1\s*$", output);
        string commandId = System.Text.RegularExpressions.Regex.Match(output, @"maint-[0-9a-f]+").Value;
        await Eventually.HoldsAsync(() => _site.Device("cab-2").Executed.Any(c => c.Id == commandId), TimeSpan.FromSeconds(10), "the maintenance opening");
        DeviceCommand opening = _site.Device("cab-2").Executed.Single(c => c.Id == commandId);
        Assert.Equal((DeviceCommand.MaintenanceMode, "tech-7", 3), (opening.Mode, opening.Text, opening.Slot));

        (int journalCode, string journal, _) = await RunAsync("journal");
        Assert.Equal(Cli.ExitCodes.Ok, journalCode);
        Assert.Matches($@"tech-7\s+cab-2\s+3\s+api\s+{commandId}", journal);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await Cli.Program.RunAsync([.. args, "--url", _apiUrl, "--token", AdminToken], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
