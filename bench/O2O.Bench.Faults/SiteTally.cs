using System.Diagnostics;

namespace O2O.Bench.Faults;

/// <summary>
/// The end of a site's run, shared by the embedded campaign and the broker-restart phase: letting everything in
/// flight finish (payment providers repeat notifications, customers retype codes), then the four counters.
/// </summary>
public sealed class SiteTally(CampaignSite site, CustomerTraffic traffic)
{
    /// <summary>
    /// Clocks right, cloud up, no new load. Payment providers keep repeating notifications for orders without an
    /// outcome (so a grant lost while the agent was down, or refused under a skewed clock, is sent again), customers
    /// type codes that did not open again, and one replay per opened offline code is tried. Ends when nothing is
    /// left in flight or at the deadline; returns the seconds it took.
    /// </summary>
    /// <param name="settleSeconds">The deadline.</param>
    /// <param name="lossesExpected">
    /// When some acknowledged events may never arrive (a mosquitto kill -9 loses what it had not saved), the settle
    /// ends once the devices' queues are empty, every paid order has its outcome (a lost dispensed event's order
    /// through the agent's outcome deadline) and nothing has reached the cloud for 30 s (two rounds of retyped codes,
    /// ten of repeated payment notifications), instead of holding on to its deadline.
    /// </param>
    public async Task<double> SettleAsync(int settleSeconds, bool lossesExpected = false)
    {
        site.Clock.SkewAgent(TimeSpan.Zero);
        site.SetCloudReachable(true);
        var deadline = Stopwatch.StartNew();
        var nudge = Stopwatch.StartNew();
        var quiet = Stopwatch.StartNew();
        int arrived = site.Ingest.Events.Count;
        int nudges = 0;
        while (deadline.Elapsed < TimeSpan.FromSeconds(settleSeconds))
        {
            if (site.Ingest.Events.Count != arrived)
            {
                arrived = site.Ingest.Events.Count;
                quiet.Restart();
            }

            // Lost events may be given up on; a paid order without an outcome never is (the agent's deadline ends it).
            bool givenUp = lossesExpected && quiet.Elapsed > TimeSpan.FromSeconds(30);
            if (site.AllDevices.All(d => d.Unsent == 0) && Unsettled().Count == 0 && (givenUp || Lost().Count == 0))
            {
                break;
            }

            if (nudge.Elapsed > TimeSpan.FromSeconds(3))
            {
                nudge.Restart();
                await NudgeAsync(presentCodesAgain: ++nudges % 5 == 1);
            }

            // Checking walks every event the cloud received: once a second is enough.
            await Task.Delay(1000);
        }

        return Math.Round(deadline.Elapsed.TotalSeconds, 1);
    }

    // Codes are typed again only every fifth nudge (15 s): the agent allows 5 wrong codes a minute per device, and a
    // customer hammering the keypad would lock out the next customer's good code.
    private async Task NudgeAsync(bool presentCodesAgain)
    {
        foreach (PaidOrder order in Unsettled())
        {
            if (order.Offline is { } offline)
            {
                if (presentCodesAgain && !Executed(offline.TokenId))
                {
                    site.Device(order.DeviceId).PresentToken(offline.Code, order.Slot);
                }
            }
            else
            {
                await site.PayAsync(order.OrderId, 0);
            }
        }

        foreach (PaidOrder order in traffic.Orders.Values.Where(o => o.Offline is not null && !o.Replayed && Executed(o.Offline.TokenId)))
        {
            order.Replayed = true;
            site.Device(order.DeviceId).PresentToken(order.Offline!.Code, order.Slot);
        }
    }

    private bool Executed(string orderId) => site.LoadDevices.Any(d => d.UnlocksByOrder.ContainsKey(orderId));

    private List<PaidOrder> Unsettled() => traffic.Orders.Values
        .Where(o => site.CloudOrders.Find(o.OrderId) is { PaymentNotifications: > 0, Outcome: null })
        .ToList();

    /// <summary>Keys (device/boot/seq) of transactional events a device got a PUBACK for that the cloud never received.</summary>
    public List<string> Lost()
    {
        var arrived = site.Ingest.Events.Select(e => $"{e.DeviceId}/{e.BootId}/{e.Sequence}").ToHashSet(StringComparer.Ordinal);
        return site.AllDevices.SelectMany(d => d.AckedTransactional).Where(key => !arrived.Contains(key)).ToList();
    }

    public SiteCounts Count()
    {
        var unlocks = site.AllDevices.SelectMany(d => d.UnlocksByOrder)
            .GroupBy(pair => pair.Key, pair => pair.Value.Count)
            .ToDictionary(g => g.Key, g => g.Sum(), StringComparer.Ordinal);
        var tokenIds = traffic.Orders.Values.Where(o => o.Offline is not null).Select(o => o.Offline!.TokenId).ToHashSet(StringComparer.Ordinal);
        List<string> lost = Lost();
        List<PaidOrder> unsettled = Unsettled();
        return new SiteCounts
        {
            Lost = lost,
            Unsettled = unsettled,
            Totals = new SiteTotals(
                site.AllDevices.Sum(d => d.AckedTransactional.Count),
                site.Ingest.Events.Count,
                traffic.Orders.Values.Count(o => site.CloudOrders.Find(o.OrderId) is { PaymentNotifications: > 0 }),
                tokenIds.Count,
                unlocks.Values.Sum(),
                traffic.Orders.Values.Count(o => o.Replayed)),
            DuplicateUnlocks = unlocks.Count(u => u.Value > 1 && !tokenIds.Contains(u.Key)),
            PaidOrdersWithoutOutcome = unsettled.Count,
            OfflineTokensSpentTwice = unlocks.Count(u => u.Value > 1 && tokenIds.Contains(u.Key)),
            Examples = lost.Take(5).Select(k => "lost " + k)
                .Concat(unsettled.Take(10).Select(o => $"no outcome {o.OrderId} ({site.CloudOrders.Find(o.OrderId)?.Status}"
                    + (o.Offline is { } sale ? $", token {sale.TokenId}: {site.AgentTokenState(sale.TokenId)}; executed {Executed(sale.TokenId)})" : $"; agent: {site.AgentOrderState(o.OrderId)})")))
                .Concat(unlocks.Where(u => u.Value > 1).Take(5).Select(u => $"{u.Value} unlocks for {u.Key}"))
                .ToList(),
        };
    }
}

/// <summary>What <see cref="SiteTally.Count"/> found on one site.</summary>
public sealed record SiteCounts
{
    public required List<string> Lost { get; init; }

    public required SiteTotals Totals { get; init; }

    /// <summary>Paid orders with no outcome at the cloud (PaidOrdersWithoutOutcome is their count).</summary>
    public required List<PaidOrder> Unsettled { get; init; }

    public int DuplicateUnlocks { get; init; }

    public int PaidOrdersWithoutOutcome { get; init; }

    public int OfflineTokensSpentTwice { get; init; }

    public required List<string> Examples { get; init; }
}

/// <summary>What a site's run amounted to: acknowledged transactional events, events at the cloud, orders, unlocks.</summary>
public sealed record SiteTotals(long TransactionalAcked, long EventsAtCloud, int OrdersPaid, int OrdersSoldOffline, int Unlocks, int OfflineReplaysTried);
