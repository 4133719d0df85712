using System.Globalization;

namespace O2O.Bench.Faults;

/// <summary>How big a campaign is. <see cref="Smoke"/> is the CI size; the defaults are the full campaign.</summary>
public sealed record CampaignOptions
{
    /// <summary>Kill -9 of the agent at random moments under load.</summary>
    public int Kills { get; init; } = 200;

    /// <summary>Longest random wait (ms) after the agent is back before it is killed again.</summary>
    public int MaxKillDelayMs { get; init; } = 3000;

    /// <summary>Devices publishing all along (the order-taking ones are the first <see cref="OrderDevices"/>).</summary>
    public int Devices { get; init; } = 100;

    public int OrderDevices { get; init; } = 10;

    /// <summary>Each device publishes one event per interval (heartbeats, and every fifth a transactional event).</summary>
    public int EventIntervalMs { get; init; } = 1000;

    /// <summary>A customer scans and pays one order per interval.</summary>
    public int OrderIntervalMs { get; init; } = 250;

    /// <summary>Cloud outages, each in virtual seconds (lived in <see cref="OutageRealSeconds"/> real seconds).</summary>
    public IReadOnlyList<int> OutageVirtualSeconds { get; init; } = [5, 60, 600, 3600];

    public int OutageRealSeconds { get; init; } = 6;

    /// <summary>Devices that connect at once after a kill -9 (the reconnect storm).</summary>
    public int StormDevices { get; init; } = 1000;

    public int DiskFullSeconds { get; init; } = 5;

    /// <summary>Transactional events published at once on the full disk (spread over the load devices).</summary>
    public int DiskFullBurstEvents { get; init; } = 30_000;

    public int TmpfsMegabytes { get; init; } = 64;

    /// <summary>How long the end waits for everything to settle before counting.</summary>
    public int SettleSeconds { get; init; } = 180;

    /// <summary>Broker-restart phase (external mode): mosquitto stopped with SIGTERM and started again, as systemctl restart does.</summary>
    public int BrokerGracefulRestarts { get; init; } = 20;

    /// <summary>Broker-restart phase: mosquitto SIGKILLed and started again on its persistence folder.</summary>
    public int BrokerKillRestarts { get; init; } = 20;

    /// <summary>Every this many mosquitto restarts, the agent is SIGKILLed too while mosquitto is down (0: never).</summary>
    public int BrokerAgentKillEvery { get; init; } = 4;

    /// <summary>Only the broker-restart phase (its own site), not the embedded phases.</summary>
    public bool BrokerOnly { get; init; }

    public int Seed { get; init; } = 20261124;

    public string OutPath { get; init; } = Path.Combine("bench", "results", "faults.json");

    public static CampaignOptions Smoke => new()
    {
        Kills = 10, MaxKillDelayMs = 1200, Devices = 30, OrderDevices = 5, EventIntervalMs = 1000, OrderIntervalMs = 400,
        OutageVirtualSeconds = [3600], OutageRealSeconds = 3, StormDevices = 100, DiskFullSeconds = 3, DiskFullBurstEvents = 6000, TmpfsMegabytes = 32,
        SettleSeconds = 45, BrokerGracefulRestarts = 3, BrokerKillRestarts = 3, BrokerAgentKillEvery = 3, OutPath = Path.Combine("bench", "results", "faults-smoke.json"),
    };

    public static CampaignOptions? Parse(string[] args, TextWriter errors)
    {
        CampaignOptions options = args.Contains("--smoke") ? Smoke : new CampaignOptions();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--smoke")
            {
                continue;
            }

            if (args[i] == "--broker-only")
            {
                options = options with { BrokerOnly = true };
                continue;
            }

            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                errors.WriteLine($"unexpected argument '{args[i]}'");
                return null;
            }

            string value = args[++i];
            int Int() => int.Parse(value, CultureInfo.InvariantCulture);
            options = args[i - 1][2..] switch
            {
                "kills" => options with { Kills = Int() },
                "max-kill-delay-ms" => options with { MaxKillDelayMs = Int() },
                "devices" => options with { Devices = Int() },
                "order-devices" => options with { OrderDevices = Int() },
                "event-interval-ms" => options with { EventIntervalMs = Int() },
                "order-interval-ms" => options with { OrderIntervalMs = Int() },
                "outages" => options with { OutageVirtualSeconds = value.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() },
                "outage-real-seconds" => options with { OutageRealSeconds = Int() },
                "storm-devices" => options with { StormDevices = Int() },
                "disk-full-seconds" => options with { DiskFullSeconds = Int() },
                "disk-full-burst" => options with { DiskFullBurstEvents = Int() },
                "settle-seconds" => options with { SettleSeconds = Int() },
                "broker-graceful" => options with { BrokerGracefulRestarts = Int() },
                "broker-kills" => options with { BrokerKillRestarts = Int() },
                "broker-agent-kill-every" => options with { BrokerAgentKillEvery = Int() },
                "seed" => options with { Seed = Int() },
                "out" => options with { OutPath = value },
                _ => null!,
            };
            if (options is null)
            {
                errors.WriteLine($"unknown option {args[i - 1]}");
                return null;
            }
        }

        if (options.OrderDevices > options.Devices || options.Devices < 1 || options.Kills < 0
            || options.BrokerGracefulRestarts < 0 || options.BrokerKillRestarts < 0 || options.BrokerAgentKillEvery < 0)
        {
            errors.WriteLine("need 1 <= --order-devices <= --devices, and --kills, --broker-graceful, --broker-kills, --broker-agent-kill-every >= 0");
            return null;
        }

        return options;
    }

    public const string Usage = "usage: O2O.Bench.Faults [--smoke] [--kills 200] [--max-kill-delay-ms 3000] [--devices 100] [--order-devices 10] "
        + "[--event-interval-ms 1000] [--order-interval-ms 250] [--outages 5,60,600,3600] [--outage-real-seconds 6] [--storm-devices 1000] "
        + "[--disk-full-seconds 5] [--disk-full-burst 30000] [--settle-seconds 180] [--broker-graceful 20] [--broker-kills 20] "
        + "[--broker-agent-kill-every 4] [--broker-only] [--seed N] [--out bench/results/faults.json]";
}
