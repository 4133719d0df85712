using System.Text;

namespace O2O.Bench.Faults;

/// <summary>
/// The broker-restart phase: the same four counters on the external-broker site, with transactional events lost
/// split by the restart they belong to. In external mode a device's PUBACK comes from mosquitto, which writes its
/// persistence file only at autosave and shutdown: what a SIGKILL loses there is a measured property of mosquitto,
/// reported, not a failure. A loss anywhere else (a graceful restart, the agent's own kills, the settle) is.
/// </summary>
public sealed class BrokerRestartResult
{
    /// <summary>Why the phase did not run (mosquitto not installed), or null.</summary>
    public string? Skipped { get; set; }

    public int GracefulRestarts { get; set; }

    public int Kill9Restarts { get; set; }

    /// <summary>Restarts during which the agent was SIGKILLed too, while mosquitto was down.</summary>
    public int AgentKillsWhileBrokerDown { get; set; }

    /// <summary>Restarts that began with the site cut off from the cloud (so the cloud sold offline codes).</summary>
    public int RestartsDuringCloudOutage { get; set; }

    /// <summary>Acknowledged by a mosquitto run that ended in a SIGKILL, never at the cloud: mosquitto's, reported.</summary>
    public int TransactionalEventsLostInKill9 { get; set; }

    /// <summary>Acknowledged by a mosquitto run that ended in a graceful restart, never at the cloud (must be 0).</summary>
    public int TransactionalEventsLostInGraceful { get; set; }

    /// <summary>Acknowledged after the last restart, never at the cloud (must be 0).</summary>
    public int TransactionalEventsLostAfterRestarts { get; set; }

    public int DuplicateUnlocks { get; set; }

    /// <summary>Paid orders without an outcome after settling (must be 0).</summary>
    public int PaidOrdersWithoutOutcome { get; set; }

    /// <summary>
    /// Paid orders the agent failed as <c>outcome_lost</c> (refunded by the cloud): a mosquitto kill -9 lost their
    /// <c>dispensed</c> event, and the agent's outcome deadline (1 min here) ended them. Reported, not a failure:
    /// each still has exactly one outcome, and the customer is never the one who loses.
    /// </summary>
    public int PaidOrdersFailedAsOutcomeLost { get; set; }

    public int OfflineTokensSpentTwice { get; set; }

    public bool Clean => Skipped is not null
        || (Error is null && TransactionalEventsLostInGraceful == 0 && TransactionalEventsLostAfterRestarts == 0
            && DuplicateUnlocks == 0 && PaidOrdersWithoutOutcome == 0 && OfflineTokensSpentTwice == 0);

    /// <summary>Each mosquitto SIGKILL: transactional events its run acknowledged, and how many of those were lost.</summary>
    public List<Kill9Loss> Kill9Losses { get; } = [];

    public int AgentKills { get; set; }

    public int AgentUnexpectedExits { get; set; }

    /// <summary>Acknowledged transactional events, events at the cloud, orders, unlocks (null if the site never ran).</summary>
    public SiteTotals? Totals { get; set; }

    public double SettleSeconds { get; set; }

    public double Seconds { get; set; }

    public string? Error { get; set; }

    public List<string> Examples { get; set; } = [];

    public List<string>? AgentTail { get; set; }

    public string? BrokerTail { get; set; }

    public void AppendTable(StringBuilder text)
    {
        text.AppendLine().AppendLine("| broker restarts (external mode, mosquitto) | value |").AppendLine("|---|---|");
        if (Skipped is not null)
        {
            text.AppendLine($"| skipped | {Skipped} |");
            return;
        }

        text.AppendLine($"| restarts: graceful (SIGTERM); kill -9; agent also killed while mosquitto down; during a cloud outage | {GracefulRestarts}; {Kill9Restarts}; {AgentKillsWhileBrokerDown}; {RestartsDuringCloudOutage} |");
        text.AppendLine($"| transactional events lost in graceful restarts (target 0) | {TransactionalEventsLostInGraceful} |");
        text.AppendLine($"| transactional events lost after the last restart (target 0) | {TransactionalEventsLostAfterRestarts} |");
        text.AppendLine($"| transactional events lost in mosquitto kill -9 (mosquitto's own, reported) | {TransactionalEventsLostInKill9} of {Kill9Losses.Sum(k => k.Acked)} acked in those runs |");
        text.AppendLine($"| paid orders failed as outcome_lost at the agent's deadline, their dispensed event lost by mosquitto (refunded; reported) | {PaidOrdersFailedAsOutcomeLost} |");
        text.AppendLine($"| per kill -9: lost/acked in that run | {string.Join(", ", Kill9Losses.Select(k => $"{k.Lost}/{k.Acked}"))} |");
        text.AppendLine($"| duplicate unlocks; paid orders without outcome; offline tokens spent twice (target 0) | {DuplicateUnlocks}; {PaidOrdersWithoutOutcome}; {OfflineTokensSpentTwice} |");
        text.AppendLine($"| agent kills (exits by itself) | {AgentKills} ({AgentUnexpectedExits}) |");
        if (Totals is { } t)
        {
            text.AppendLine($"| transactional events acked / events at the cloud | {t.TransactionalAcked} / {t.EventsAtCloud} |");
            text.AppendLine($"| orders paid (sold offline); unlocks executed; offline replays tried | {t.OrdersPaid} ({t.OrdersSoldOffline}); {t.Unlocks}; {t.OfflineReplaysTried} |");
        }

        text.AppendLine($"| settle time; phase | {SettleSeconds} s; {Seconds} s |");
        if (Error is not null)
        {
            text.AppendLine($"| ERROR | {Error} |");
        }

        foreach (string example in Examples)
        {
            text.AppendLine($"| example | {example} |");
        }
    }
}

/// <summary>One mosquitto SIGKILL: transactional events acknowledged by the run it ended, and lost of those.</summary>
public sealed record Kill9Loss(int Acked, int Lost, bool AgentKilledToo);
