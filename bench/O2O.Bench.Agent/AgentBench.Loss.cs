using O2O.Bench.Fleet;

/// <summary>
/// Phase 4, the loss runs (the same ones O2O.Bench.Peer puts mosquitto through): 1 event/s per device while the
/// cloud simulator is away for --outage-seconds, then while the agent is killed with SIGKILL and started again on
/// the same SQLite store, then both at once (the agent killed halfway through an outage, its backlog on disk only).
/// Every event the agent acknowledged must reach the cloud simulator.
/// </summary>
internal sealed partial class AgentBench
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(120);

    private async Task<LossResult[]> RunLossAsync()
    {
        Console.WriteLine($"phase 4: loss runs, {settings.LossSeconds} s each at 1 event/s per device");
        double disruptAt = settings.LossSeconds / 4.0;
        LossResult outage = await LossResult.RunAsync(_fleet!, _arrivals, "outage", $"cloud outage {settings.OutageSeconds} s", settings.LossSeconds, disruptAt, async () =>
        {
            StopCloud();
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, settings.OutageSeconds)));
            await StartCloudAsync();
        }, SettleTimeout);

        LossResult kill = await LossResult.RunAsync(_fleet!, _arrivals, "kill9", "kill -9 of the agent, restarted at once", settings.LossSeconds, disruptAt, () =>
        {
            KillAgent();
            _agent = StartAgent();
            Console.WriteLine($"  agent killed and restarted as pid {_agent.Id}");
            return Task.CompletedTask;
        }, SettleTimeout);

        // Both at once: the agent dies while its outbox holds the outage's backlog; the SQLite store must keep it.
        LossResult killInOutage = await LossResult.RunAsync(_fleet!, _arrivals, "kill9-outage", $"kill -9 of the agent halfway through a {settings.OutageSeconds} s cloud outage", settings.LossSeconds, disruptAt, async () =>
        {
            StopCloud();
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, settings.OutageSeconds) / 2.0));
            KillAgent();
            _agent = StartAgent();
            Console.WriteLine($"  agent killed and restarted as pid {_agent.Id}");
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, settings.OutageSeconds) / 2.0));
            await StartCloudAsync();
        }, SettleTimeout);
        return [outage, kill, killInOutage];
    }
}
