using System.Diagnostics;
using O2O.CloudContract;

namespace O2O.Bench.Faults;

/// <summary>
/// The campaign, phase by phase, on one site: kill -9 at random moments under load, cloud outages lived in virtual
/// time, a full disk, clock jumps, a reconnect storm; then everything heals and the four counters are taken. Then,
/// on a second site whose devices connect to mosquitto (external-broker mode), mosquitto restarts under load
/// (<see cref="BrokerRestartPhase"/>). Every wait polls with a deadline; the agent process is killed on every exit path (CampaignSite.DisposeAsync).
/// </summary>
public sealed class FaultCampaign(CampaignOptions options, TextWriter log)
{
    private readonly Random _random = new(options.Seed);
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private CampaignSite _site = null!;
    private CustomerTraffic _traffic = null!;
    private SiteTally _tally = null!;
    private readonly CampaignResult _result = new();

    public async Task<CampaignResult> RunAsync()
    {
        if (!options.BrokerOnly)
        {
            await RunEmbeddedAsync();
        }

        // A site of its own after the embedded one (which is gone by then, so the two never share the cores).
        if (options.BrokerGracefulRestarts + options.BrokerKillRestarts > 0)
        {
            _result.BrokerRestarts = await new BrokerRestartPhase(options, Say).RunAsync();
        }

        _result.Seconds = Math.Round(_elapsed.Elapsed.TotalSeconds, 1);
        return _result;
    }

    private Task RunEmbeddedAsync() => CampaignSite.UseAsync(options, externalBroker: false, RunAsync, Say);

    private async Task RunAsync(CampaignSite site)
    {
        _site = site;
        _traffic = new CustomerTraffic(site, options, _random);
        _tally = new SiteTally(site, _traffic);
        try
        {
            await WaitAsync(() => site.LoadDevices.All(d => d.IsConnected), TimeSpan.FromSeconds(60), "every load device to connect");
            _traffic.Start();
            await KillUnderLoadAsync();
            foreach (int seconds in options.OutageVirtualSeconds)
            {
                await CloudOutageAsync(TimeSpan.FromSeconds(seconds));
            }

            await DiskFullAsync();
            await ClockJumpsAsync();
            await ReconnectStormAsync();
            await _traffic.StopAsync();
            await SettleAsync();
        }
        catch (Exception e)
        {
            _result.Error = $"{e.GetType().Name}: {e.Message}";
            _result.AgentTail = site.Agent.Errors.Take(60).Concat(site.Agent.Tail.TakeLast(20)).ToList();
            await _traffic.StopAsync();
        }

        Count();
        _result.Kills = site.Agent.Kills;
        _result.AgentStarts = site.Agent.Starts;
        _result.AgentUnexpectedExits = site.Agent.UnexpectedExits;
    }

    private void Say(string line) => log.WriteLine($"[{_elapsed.Elapsed.TotalSeconds,7:F1} s] {line}");

    private async Task KillUnderLoadAsync()
    {
        Say($"kill -9 x {options.Kills} at random moments (0-{options.MaxKillDelayMs} ms after the agent is back), under load and orders");
        for (int i = 0; i < options.Kills; i++)
        {
            await KillAndRestartAsync(RandomDelay());
            if ((i + 1) % 25 == 0)
            {
                Say($"  {i + 1} kills, {_traffic.Orders.Count} orders paid so far");
            }
        }
    }

    private TimeSpan RandomDelay()
    {
        lock (_random)
        {
            return TimeSpan.FromMilliseconds(_random.Next(options.MaxKillDelayMs + 1));
        }
    }

    /// <summary>Waits until devices are back on the agent (so the kill hits it while it works), waits the delay, kills, restarts.</summary>
    private async Task KillAndRestartAsync(TimeSpan delay)
    {
        await WaitAsync(() => _site.LoadDevices.Any(d => d.IsConnected), TimeSpan.FromSeconds(60), "a device to reconnect to the restarted agent");
        await Task.Delay(delay);
        _site.Agent.KillNine();
        _site.Agent.Start();
    }

    private async Task CloudOutageAsync(TimeSpan outage)
    {
        Say($"cloud outage of {outage.TotalSeconds:F0} virtual s in {options.OutageRealSeconds} real s, one kill -9 inside it");
        int ordersBefore = _traffic.Orders.Count;
        _site.SetCloudReachable(false);
        const int Steps = 10;
        for (int step = 0; step < Steps; step++)
        {
            // Time passes in steps, so grants recorded before the cut expire while the agent still holds them.
            await Task.Delay(TimeSpan.FromMilliseconds(options.OutageRealSeconds * 1000 / Steps));
            _site.Clock.Advance(outage / Steps);
            if (step == Steps / 2)
            {
                await KillAndRestartAsync(TimeSpan.Zero);
            }
        }

        _site.SetCloudReachable(true);
        int soldOffline = _traffic.Orders.Values.Count(o => o.Offline is not null);
        _result.Outages.Add(new OutageResult((int)outage.TotalSeconds, _traffic.Orders.Count - ordersBefore, soldOffline));
    }

    private async Task DiskFullAsync()
    {
        if (!_site.Disk.CanFill)
        {
            _result.DiskFull = new DiskFullResult(Skipped: _site.Disk.MountError, 0, 0, 0, 0, false, 0);
            Say("disk full: skipped, " + _site.Disk.MountError);
            return;
        }

        Say($"disk full: ballast fills the tmpfs, a burst of {options.DiskFullBurstEvents} transactional events, {options.DiskFullSeconds} s held, then space comes back");
        long refusedBefore = _site.LoadDevices.Sum(d => d.Refused);
        long ackedBefore = _site.LoadDevices.Sum(d => d.AckedTransactional.Count);
        long ballast = _site.Disk.Fill();
        // The WAL reuses its own file, so a trickle of events fits in a "full" disk; a burst must grow the files.
        int perDevice = Math.Max(1, options.DiskFullBurstEvents / _site.LoadDevices.Count);
        foreach (CampaignDevice device in _site.LoadDevices)
        {
            for (int i = 0; i < perDevice; i++)
            {
                device.PublishItemReturned(i % 8);
            }
        }

        var full = Stopwatch.StartNew();
        while (full.Elapsed < TimeSpan.FromSeconds(options.DiskFullSeconds * 3)
            && (_site.LoadDevices.Sum(d => d.Refused) == refusedBefore || full.Elapsed < TimeSpan.FromSeconds(options.DiskFullSeconds)))
        {
            await Task.Delay(100);
        }

        long refused = _site.LoadDevices.Sum(d => d.Refused) - refusedBefore;
        long ackedWhileFull = _site.LoadDevices.Sum(d => d.AckedTransactional.Count) - ackedBefore;
        int queuedWhileFull = _site.LoadDevices.Sum(d => d.Unsent);
        bool aliveWhileFull = _site.Agent.IsRunning;
        _site.Disk.Free();
        var recovery = Stopwatch.StartNew();
        if (!aliveWhileFull)
        {
            _site.Agent.Start();
        }

        await WaitAsync(() => QueuesBelow(50), TimeSpan.FromSeconds(120), "devices' queued events to be accepted once space is back");
        _result.DiskFull = new DiskFullResult(null, ballast, refused, ackedWhileFull, queuedWhileFull, aliveWhileFull, Math.Round(recovery.Elapsed.TotalSeconds, 1));
    }

    // The load keeps adding events, so "drained" means every device is down to what one load tick adds.
    private bool QueuesBelow(int total) => _site.LoadDevices.Sum(d => d.Unsent) < Math.Max(total, _site.LoadDevices.Count / 2);

    private async Task ClockJumpsAsync()
    {
        TimeSpan hold = TimeSpan.FromSeconds(Math.Max(2, options.OutageRealSeconds / 2));
        Say("clock jumps: agent +10 min, agent -10 min, half the devices +/-1 day, one kill -9 while skewed");
        _site.Clock.SkewAgent(TimeSpan.FromMinutes(10));
        await Task.Delay(hold);
        _site.Clock.SkewAgent(TimeSpan.FromMinutes(-10));
        await KillAndRestartAsync(RandomDelay());
        await Task.Delay(hold);
        for (int i = 0; i < _site.LoadDevices.Count; i += 2)
        {
            _site.LoadDevices[i].ClockSkewMs = (i % 4 == 0 ? 1 : -1) * (long)TimeSpan.FromDays(1).TotalMilliseconds;
        }

        _site.Clock.SkewAgent(TimeSpan.Zero);
        await Task.Delay(hold);
        foreach (CampaignDevice device in _site.LoadDevices)
        {
            device.ClockSkewMs = 0;
        }

        _result.ClockJumps = 3;
    }

    private async Task ReconnectStormAsync()
    {
        int fleet = _site.LoadDevices.Count + _site.StormDevices.Count;
        Say($"reconnect storm: {fleet} devices connected, kill -9, all reconnect at once");
        foreach (CampaignDevice device in _site.StormDevices)
        {
            device.Start();
        }

        await WaitAsync(() => _site.AllDevices.All(d => d.IsConnected), TimeSpan.FromSeconds(120), "the storm devices to connect");
        _site.Agent.KillNine();
        await WaitAsync(() => _site.AllDevices.All(d => !d.IsConnected), TimeSpan.FromSeconds(30), "every device to notice the agent died");
        var reconnect = Stopwatch.StartNew();
        _site.Agent.Start();
        foreach (CampaignDevice device in _site.StormDevices)
        {
            // Every reconnecting device has something to say: a transactional event right away.
            device.PublishItemReturned(0);
        }

        await WaitAsync(() => _site.AllDevices.All(d => d.IsConnected), TimeSpan.FromSeconds(120), "every device to reconnect");
        double connected = reconnect.Elapsed.TotalSeconds;
        await WaitAsync(() => _site.StormDevices.All(d => d.Unsent == 0), TimeSpan.FromSeconds(120), "the storm's events to be acknowledged");
        _result.Storm = new StormResult(fleet, Math.Round(connected, 1), Math.Round(reconnect.Elapsed.TotalSeconds, 1));
    }

    private async Task SettleAsync()
    {
        Say($"settle: at most {options.SettleSeconds} s for every event, order and code to finish");
        _result.SettleSeconds = await _tally.SettleAsync(options.SettleSeconds);
    }

    private void Count()
    {
        SiteCounts counts = _tally.Count();
        (_result.TransactionalAcked, _result.EventsAtCloud, _result.OrdersPaid, _result.OrdersSoldOffline, _result.Unlocks, _result.OfflineReplaysTried) = counts.Totals;
        _result.TransactionalEventsLost = counts.Lost.Count;
        _result.DuplicateUnlocks = counts.DuplicateUnlocks;
        _result.PaidOrdersWithoutOutcome = counts.PaidOrdersWithoutOutcome;
        _result.OfflineTokensSpentTwice = counts.OfflineTokensSpentTwice;
        _result.Examples = counts.Examples;
        if (_result.Examples.Count > 0)
        {
            _result.AgentTail ??= _site.Agent.Errors.Take(60).Concat(_site.Agent.Tail.TakeLast(20)).ToList();
        }
    }

    internal static async Task WaitAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:F0} s waiting for {what}");
            }

            await Task.Delay(50);
        }
    }
}
