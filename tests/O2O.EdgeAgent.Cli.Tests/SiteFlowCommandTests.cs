using System.Text;

namespace O2O.EdgeAgent.Cli.Tests;

/// <summary>
/// o2o-agent's pools, conflicts, journal and open, in-process against a real agent. What the agent stores (a
/// reconciliation's conflicts, a technician's opening) is written through its own store, as its flows do.
/// </summary>
public sealed class SiteFlowCommandTests : IAsyncLifetime
{
    private readonly string _passFile = Path.GetTempFileName();
    private AgentFixture _agent = null!;

    public async Task InitializeAsync() => _agent = await AgentFixture.StartAsync();

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        File.Delete(_passFile);
    }

    [Fact]
    public async Task Pools_lists_every_configured_device_with_its_ready_tokens_and_unreconciled_sales()
    {
        (int code, string output, _) = await RunAsync("pools");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Matches(@"^DEVICE\s+READY\s+UNRECONCILED\s+AMOUNT\n", output.ReplaceLineEndings("\n"));
        // No cloud runs here, so no pool was ever filled.
        Assert.Matches(@"cab-001\s+0\s+0\s+0\n", output.ReplaceLineEndings("\n"));
        Assert.Matches(@"cab-002\s+0\s+0\s+0\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Conflicts_says_there_are_none_then_lists_what_a_reconciliation_reported()
    {
        (_, string before, _) = await RunAsync("conflicts");
        long at = new DateTimeOffset(2026, 11, 24, 9, 30, 5, TimeSpan.Zero).ToUnixTimeMilliseconds();
        _agent.Store.RecordReconciliation([], [("tok-000042", "sold_twice", "sold to two customers")], at);

        (int code, string after, _) = await RunAsync("conflicts");

        Assert.Equal("no conflicts" + Environment.NewLine, before);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Matches(@"2026-11-24 09:30:05\s+tok-000042\s+sold_twice\s+sold to two customers", after);
    }

    [Fact]
    public async Task Journal_lists_maintenance_openings_newest_first()
    {
        (_, string before, _) = await RunAsync("journal");
        long at = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        _agent.Store.JournalTechnicianUnlock("tech-7", AgentFixture.DeviceA, 2, "tp-1", "maint-1", Encoding.UTF8.GetBytes("{}"), at);
        _agent.Store.JournalTechnicianUnlock("tech-9", AgentFixture.DeviceB, 0, "tp-2", "maint-2", Encoding.UTF8.GetBytes("{}"), at + 60_000);

        (int code, string after, _) = await RunAsync("journal", "--limit", "1");

        Assert.Equal("no maintenance openings" + Environment.NewLine, before);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Matches(@"2026-11-24 10:01:00\s+tech-9\s+cab-002\s+0\s+api\s+maint-2", after);
        Assert.DoesNotContain("tech-7", after);
    }

    [Fact]
    public async Task Open_sends_the_pass_from_a_file_and_prints_the_agents_refusal()
    {
        await File.WriteAllTextAsync(_passFile, "not-a-pass\n");

        (int code, string output, string error) = await RunAsync("open", "2", "--pass-file", _passFile);

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Equal("", output);
        Assert.Equal("error: the agent refused (403): malformed" + Environment.NewLine, error);
        Assert.Empty(_agent.Store.TechnicianJournal(10));
    }

    [Theory]
    [InlineData(new[] { "open", "2" }, "--pass-file")]
    [InlineData(new[] { "open", "-1", "--pass-file", "/nonexistent" }, "slot must be 0 or more")]
    [InlineData(new[] { "open", "2", "--pass-file", "/nonexistent/pass" }, "cannot read the pass file")]
    [InlineData(new[] { "journal", "--limit", "0" }, "--limit must be 1-1000")]
    public async Task Bad_arguments_give_one_line_and_the_usage_exit_code(string[] args, string message)
    {
        (int code, string output, string error) = await RunAsync(args);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("", output);
        Assert.Contains(message, error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task An_empty_pass_file_is_refused_before_the_agent_is_asked()
    {
        await File.WriteAllTextAsync(_passFile, "  \n");

        (int code, _, string error) = await RunAsync("open", "1", "--pass-file", _passFile);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("the pass file is empty", error);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await Program.RunAsync([.. args, "--url", _agent.ApiUrl, "--token", AgentFixture.AdminToken], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
