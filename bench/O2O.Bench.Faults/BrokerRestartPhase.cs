using System.Diagnostics;
using O2O.Mosquitto;

namespace O2O.Bench.Faults;

/// <summary>
/// Broker restarts in external-broker mode, on a site of its own: the agent (its own process, its own store)
/// subscribes at Debian's mosquitto, configured as docs/external-broker.md says (persistence on, devices with
/// their own accounts), and the devices publish there under the campaign's usual load and orders. mosquitto is
/// restarted at random moments, gracefully (SIGTERM, then started again on its persistence folder, as
/// <c>systemctl restart mosquitto</c> does) and with SIGKILL, sometimes with the agent SIGKILLed too while mosquitto
/// is down, sometimes with the site cut off from the cloud (so customers buy offline codes). Every wait polls with
/// a deadline; the agent and mosquitto are killed on every exit path (CampaignSite.DisposeAsync).
/// </summary>
public sealed class BrokerRestartPhase(CampaignOptions options, Action<string> say)
{
    private readonly Random _random = new(options.Seed + 1);
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly BrokerRestartResult _result = new();
    private readonly List<Restart> _restarts = [];
    private CampaignSite _site = null!;

    public async Task<BrokerRestartResult> RunAsync()
    {
        if (!MosquittoProcess.IsInstalled)
        {
            _result.Skipped = "mosquitto is not installed (apt-get install mosquitto)";
            say("broker restarts: skipped, " + _result.Skipped);
            return _result;
        }

        say($"broker restarts: a site of its own on mosquitto (external mode), {options.Devices} devices, "
            + $"{options.BrokerGracefulRestarts} graceful + {options.BrokerKillRestarts} kill -9 restarts at random moments under load");
        try
        {
            await CampaignSite.UseAsync(options, externalBroker: true, RunAsync, say);
        }
        catch (Exception e)
        {
            // RunAsync keeps its own errors in the result: this is the site failing to start.
            _result.Error = $"starting the site: {e.GetType().Name}: {e.Message}";
        }

        _result.Seconds = Math.Round(_elapsed.Elapsed.TotalSeconds, 1);
        return _result;
    }

    private async Task RunAsync(CampaignSite site)
    {
        _site = site;
        var traffic = new CustomerTraffic(site, options, _random);
        var tally = new SiteTally(site, traffic);
        try
        {
            await FaultCampaign.WaitAsync(() => site.Agent.Seen(CampaignSite.BrokerConnectedLine) > 0, TimeSpan.FromSeconds(60), "the agent to subscribe on mosquitto");
            await FaultCampaign.WaitAsync(() => site.LoadDevices.All(d => d.IsConnected), TimeSpan.FromSeconds(60), "every load device to connect to mosquitto");
            // A site's mosquitto has long since saved the agent's session (autosave every 30 min, or its last
            // restart); without one saved, a kill -9 would bring mosquitto back with no subscriber for the devices'
            // events until the agent resubscribes. One graceful restart before the load stands for that history.
            await RestartAsync(RestartKind.Checkpoint, killAgent: false);
            traffic.Start();
            await RestartUnderLoadAsync();
            await traffic.StopAsync();
            // At least long enough for the agent's 1-minute outcome deadline to end an order whose dispensed event
            // mosquitto lost in the last kill -9; the settle stops as soon as everything is in, so this costs nothing otherwise.
            int settleSeconds = Math.Max(options.SettleSeconds, 100);
            say($"  settle: at most {settleSeconds} s for every event, order and code to finish");
            _result.SettleSeconds = await tally.SettleAsync(settleSeconds, lossesExpected: true);
        }
        catch (Exception e)
        {
            _result.Error = $"{e.GetType().Name}: {e.Message}";
            await traffic.StopAsync();
        }

        Count(tally);
        if (!_result.Clean || _result.Examples.Count > 0)
        {
            _result.AgentTail = site.Agent.Errors.Take(60).Concat(site.Agent.Tail.TakeLast(20)).ToList();
            _result.BrokerTail = site.Broker!.Tail();
        }
    }

    private async Task RestartUnderLoadAsync()
    {
        // The two kinds interleaved in a random order, so neither only meets the early or the late state of the store.
        List<RestartKind> kinds = Enumerable.Repeat(RestartKind.Graceful, options.BrokerGracefulRestarts)
            .Concat(Enumerable.Repeat(RestartKind.Kill9, options.BrokerKillRestarts))
            .OrderBy(_ => _random.Next())
            .ToList();
        for (int i = 0; i < kinds.Count; i++)
        {
            int every = options.BrokerAgentKillEvery;
            bool killAgent = every > 0 && i % every == every - 1;
            // Every fifth restart meets a site cut off from the cloud: the cloud sells offline codes, and customers
            // type them at devices whose broker is restarting.
            bool cutCloud = i % 5 == 4;
            if (cutCloud)
            {
                _site.SetCloudReachable(false);
                _result.RestartsDuringCloudOutage++;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(_random.Next(options.MaxKillDelayMs + 1)));
            await RestartAsync(kinds[i], killAgent);
            if (cutCloud)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(_random.Next(options.MaxKillDelayMs + 1)));
                _site.SetCloudReachable(true);
            }

            if ((i + 1) % 10 == 0)
            {
                say($"  {i + 1} mosquitto restarts");
            }
        }
    }

    /// <summary>
    /// Stops mosquitto (SIGTERM or SIGKILL), optionally kills and restarts the agent while it is down, starts it
    /// again on the same persistence folder, and waits until the agent has subscribed again and a device is back.
    /// </summary>
    private async Task RestartAsync(RestartKind kind, bool killAgent)
    {
        MosquittoProcess broker = _site.Broker!;
        int connects = _site.Agent.Seen(CampaignSite.BrokerConnectedLine);
        if (kind == RestartKind.Kill9)
        {
            broker.Kill9();
        }
        else if (!broker.Stop())
        {
            // It did not exit on SIGTERM within 20 s and was SIGKILLed: count it as what it was.
            kind = RestartKind.Kill9;
        }

        // Taken once the old process is gone: every publish that started before this went to it (or failed).
        _restarts.Add(new Restart(kind, Stopwatch.GetTimestamp(), killAgent));
        _result.GracefulRestarts += kind == RestartKind.Graceful ? 1 : 0;
        _result.Kill9Restarts += kind == RestartKind.Kill9 ? 1 : 0;
        if (killAgent)
        {
            _site.Agent.KillNine();
            _site.Agent.Start();
            _result.AgentKillsWhileBrokerDown++;
        }

        await broker.StartAsync();
        await FaultCampaign.WaitAsync(() => AgentAlive() && _site.Agent.Seen(CampaignSite.BrokerConnectedLine) > connects, TimeSpan.FromSeconds(60), "the agent to subscribe on mosquitto again");
        await FaultCampaign.WaitAsync(() => _site.LoadDevices.Any(d => d.IsConnected), TimeSpan.FromSeconds(60), "a device to reconnect to mosquitto");
    }

    // An agent that exits by itself is a crash: say so at once rather than wait out the deadline for a subscriber.
    private bool AgentAlive() => _site.Agent.IsRunning
        ? true
        : throw new InvalidOperationException("the agent exited by itself while mosquitto restarted (see its last lines)");

    /// <summary>
    /// The four counters, with each lost transactional event put down to the mosquitto run that acknowledged it:
    /// the run is ended by the first restart after the publish started.
    /// </summary>
    private void Count(SiteTally tally)
    {
        SiteCounts counts = tally.Count();
        var started = _site.AllDevices.SelectMany(d => d.AckedPublishStarts).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        int RunOf(string key) => _restarts.FindIndex(r => r.Boundary > started[key]);
        var lostByRun = counts.Lost.GroupBy(RunOf).ToDictionary(g => g.Key, g => g.Count());
        var ackedByRun = started.Keys.GroupBy(RunOf).ToDictionary(g => g.Key, g => g.Count());
        for (int run = 0; run < _restarts.Count; run++)
        {
            int lost = lostByRun.GetValueOrDefault(run);
            if (_restarts[run].Kind == RestartKind.Kill9)
            {
                _result.TransactionalEventsLostInKill9 += lost;
                _result.Kill9Losses.Add(new Kill9Loss(ackedByRun.GetValueOrDefault(run), lost, _restarts[run].AgentKilled));
            }
            else
            {
                _result.TransactionalEventsLostInGraceful += lost;
            }
        }

        _result.TransactionalEventsLostAfterRestarts = lostByRun.GetValueOrDefault(-1);
        // A dispensed event lost in a mosquitto kill -9 leaves its acked order to the agent's outcome deadline, which
        // fails it as outcome_lost (the cloud refunds): still one outcome, counted apart.
        _result.PaidOrdersFailedAsOutcomeLost = _site.CloudOrders.All.Count(o => o.Reason == O2O.EdgeAgent.Orders.OrderOutcomes.OutcomeLost);
        _result.DuplicateUnlocks = counts.DuplicateUnlocks;
        _result.PaidOrdersWithoutOutcome = counts.Unsettled.Count;
        _result.OfflineTokensSpentTwice = counts.OfflineTokensSpentTwice;
        _result.Totals = counts.Totals;
        _result.AgentKills = _site.Agent.Kills;
        _result.AgentUnexpectedExits = _site.Agent.UnexpectedExits;
        string Where(int run) => run < 0 ? "after the last restart" : $"in run {run} ended by {_restarts[run].Kind}";
        _result.Examples = counts.Lost.OrderBy(key => _restarts.ElementAtOrDefault(RunOf(key))?.Kind == RestartKind.Kill9).Take(8)
            .Select(key => $"lost {key} ({Where(RunOf(key))})")
            .Concat(counts.Examples.Where(e => !e.StartsWith("lost ", StringComparison.Ordinal)))
            .ToList();
    }

    private enum RestartKind
    {
        /// <summary>The uncounted graceful restart before the load, so mosquitto has the agent's session saved.</summary>
        Checkpoint,
        Graceful,
        Kill9,
    }

    private sealed record Restart(RestartKind Kind, long Boundary, bool AgentKilled);
}
