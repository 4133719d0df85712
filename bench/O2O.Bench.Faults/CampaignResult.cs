using System.Text;
using System.Text.Json;

namespace O2O.Bench.Faults;

/// <summary>What a campaign did and the four counters that must be 0; printed as a table and written as JSON.</summary>
public sealed class CampaignResult
{
    public int TransactionalEventsLost { get; set; }

    public int DuplicateUnlocks { get; set; }

    public int PaidOrdersWithoutOutcome { get; set; }

    public int OfflineTokensSpentTwice { get; set; }

    public bool Clean => Error is null && TransactionalEventsLost == 0 && DuplicateUnlocks == 0 && PaidOrdersWithoutOutcome == 0 && OfflineTokensSpentTwice == 0
        && BrokerRestarts is not { Clean: false };

    /// <summary>The broker-restart phase on its own external-broker site; null when not run (0 restarts asked).</summary>
    public BrokerRestartResult? BrokerRestarts { get; set; }

    public int Kills { get; set; }

    public int AgentStarts { get; set; }

    public int AgentUnexpectedExits { get; set; }

    public List<OutageResult> Outages { get; } = [];

    public DiskFullResult? DiskFull { get; set; }

    public int ClockJumps { get; set; }

    public StormResult? Storm { get; set; }

    public long TransactionalAcked { get; set; }

    public long EventsAtCloud { get; set; }

    public int OrdersPaid { get; set; }

    public int OrdersSoldOffline { get; set; }

    public int Unlocks { get; set; }

    public int OfflineReplaysTried { get; set; }

    public double SettleSeconds { get; set; }

    public double Seconds { get; set; }

    public string? Error { get; set; }

    public List<string> Examples { get; set; } = [];

    public List<string>? AgentTail { get; set; }

    public string Table()
    {
        var text = new StringBuilder();
        text.AppendLine("| counter (target 0) | value |").AppendLine("|---|---|");
        text.AppendLine($"| transactional events lost (PUBACKed, never at the cloud) | {TransactionalEventsLost} |");
        text.AppendLine($"| duplicate unlocks (orders with 2+ executed unlock ids) | {DuplicateUnlocks} |");
        text.AppendLine($"| paid orders without a final outcome | {PaidOrdersWithoutOutcome} |");
        text.AppendLine($"| offline tokens spent twice | {OfflineTokensSpentTwice} |");
        text.AppendLine().AppendLine("| what was done | figure |").AppendLine("|---|---|");
        text.AppendLine($"| kill -9 of the agent (starts; exits by itself) | {Kills} ({AgentStarts}; {AgentUnexpectedExits}) |");
        foreach (OutageResult outage in Outages)
        {
            text.AppendLine($"| cloud outage of {outage.VirtualSeconds} virtual s: orders paid during it (sold offline so far) | {outage.OrdersDuring} ({outage.SoldOfflineSoFar}) |");
        }

        if (DiskFull is { } disk)
        {
            text.AppendLine(disk.Skipped is not null
                ? $"| disk full | skipped: {disk.Skipped} |"
                : $"| disk full: ballast MiB; publishes refused; transactional acks while full; still queued at devices; agent alive; recovery s | {disk.BallastBytes / 1048576.0:F1}; {disk.PublishesRefused}; {disk.TransactionalAckedWhileFull}; {disk.QueuedAtDevicesWhileFull}; {disk.AgentAlive}; {disk.RecoverySeconds} |");
        }

        text.AppendLine($"| clock jumps (agent +10 min, -10 min, devices +/-1 day) | {ClockJumps} |");
        if (Storm is { } storm)
        {
            text.AppendLine($"| reconnect storm: devices; all reconnected after s; their events acked after s | {storm.Devices}; {storm.ReconnectSeconds}; {storm.AckedSeconds} |");
        }

        text.AppendLine($"| transactional events acked / events at the cloud | {TransactionalAcked} / {EventsAtCloud} |");
        text.AppendLine($"| orders paid (sold offline); unlocks executed; offline replays tried | {OrdersPaid} ({OrdersSoldOffline}); {Unlocks}; {OfflineReplaysTried} |");
        text.AppendLine($"| settle time; whole campaign | {SettleSeconds} s; {Seconds} s |");
        if (Error is not null)
        {
            text.AppendLine($"| ERROR | {Error} |");
        }

        foreach (string example in Examples)
        {
            text.AppendLine($"| example | {example} |");
        }

        BrokerRestarts?.AppendTable(text);

        return text.ToString();
    }

    public void WriteJson(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }));
    }
}

public sealed record OutageResult(int VirtualSeconds, int OrdersDuring, int SoldOfflineSoFar);

public sealed record DiskFullResult(string? Skipped, long BallastBytes, long PublishesRefused, long TransactionalAckedWhileFull, int QueuedAtDevicesWhileFull, bool AgentAlive, double RecoverySeconds);

public sealed record StormResult(int Devices, double ReconnectSeconds, double AckedSeconds);
