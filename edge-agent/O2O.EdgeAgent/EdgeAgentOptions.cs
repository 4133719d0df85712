namespace O2O.EdgeAgent;

/// <summary>Everything the agent is configured with (appsettings.json, environment O2O__…, command line).</summary>
public sealed class EdgeAgentOptions
{
    public const string Section = "O2O";

    public string SiteId { get; set; } = "site-1";

    /// <summary>The site's secret for the cloud broker and API. Never logged.</summary>
    public string SiteSecret { get; set; } = "";

    /// <summary>"embedded" (the agent is the devices' broker) or "external" (devices use mosquitto; see docs/external-broker.md).</summary>
    public string BrokerMode { get; set; } = "embedded";

    public string ExternalBrokerHost { get; set; } = "127.0.0.1";

    public int ExternalBrokerPort { get; set; } = 1883;

    /// <summary>The agent's own account on the external broker (its ACL grants it every device topic).</summary>
    public string ExternalBrokerUser { get; set; } = "o2o-agent";

    /// <summary>Never logged.</summary>
    public string ExternalBrokerPassword { get; set; } = "";

    /// <summary>Port of the embedded device broker, bound to <see cref="BrokerAddress"/>.</summary>
    public int BrokerPort { get; set; } = 1883;

    public string BrokerAddress { get; set; } = "127.0.0.1";

    /// <summary>Port of the embedded broker's TLS endpoint (0: no TLS endpoint).</summary>
    public int BrokerTlsPort { get; set; }

    /// <summary>PKCS#12 file with the broker's certificate and key, for the TLS endpoint.</summary>
    public string BrokerCertificatePath { get; set; } = "";

    /// <summary>Never logged.</summary>
    public string BrokerCertificatePassword { get; set; } = "";

    /// <summary>False to offer devices only the TLS endpoint.</summary>
    public bool BrokerPlainTcp { get; set; } = true;

    /// <summary>TLS to the cloud broker.</summary>
    public bool CloudTls { get; set; }

    /// <summary>The CA that signs the cloud broker's certificate (PEM or DER); empty to use the system's trust store.</summary>
    public string CloudCaCertificatePath { get; set; } = "";

    /// <summary>PKCS#12 file with the site's client certificate, for mutual TLS; empty for server-only TLS.</summary>
    public string CloudClientCertificatePath { get; set; } = "";

    /// <summary>Never logged.</summary>
    public string CloudClientCertificatePassword { get; set; } = "";

    /// <summary>The SQLite file holding events, orders and the command outbox.</summary>
    public string StorePath { get; set; } = "edge-agent.db";

    public string CloudMqttHost { get; set; } = "127.0.0.1";

    public int CloudMqttPort { get; set; } = 1883;

    public string CloudHttpBaseUrl { get; set; } = "http://127.0.0.1:8080/";

    /// <summary>How telemetry batches travel: "mqtt" (the cloud broker, default) or "https" (POSTs to <see cref="CloudHttpBaseUrl"/>). Commands always come over MQTT.</summary>
    public string UplinkTransport { get; set; } = "mqtt";

    /// <summary>Devices allowed to connect: id and a PBKDF2 hash of its secret (see <see cref="Gateway.DeviceSecretHash"/>).</summary>
    public List<DeviceCredential> Devices { get; set; } = [];

    public int UploadIntervalMilliseconds { get; set; } = 200;

    /// <summary>Where the local admin API listens; loopback by default. Empty disables it.</summary>
    public string LocalApiUrl { get; set; } = "http://127.0.0.1:8099";

    /// <summary>Bearer token for the local API. Without one the API stays off (and says so): it can unlock slots.</summary>
    public string AdminToken { get; set; } = "";

    /// <summary>Disk cap of the event store; over it, telemetry is coalesced and evicted, transactional events never.</summary>
    public long StoreMaxBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>How long uploaded events are kept (to dedupe late redeliveries and for diagnostics).</summary>
    public int UploadedRetentionSeconds { get; set; } = 3600;

    public int MaxBatchEvents { get; set; } = 500;

    /// <summary>A batch smaller than MaxBatchEvents waits at most this long for company before it goes.</summary>
    public int MaxBatchAgeMilliseconds { get; set; } = 1000;

    /// <summary>How long to wait for a device's ack before re-sending a command (the device dedupes by id).</summary>
    public int CommandRetryMilliseconds { get; set; } = 5000;

    /// <summary>
    /// How long after it was recorded an acked order may wait for the device's dispensed or failure event before it is
    /// failed as <c>outcome_lost</c> and the cloud refunds it. Only an event lost for good gets there (an external
    /// broker killed before it saved, a device destroyed mid-sale), so it is far beyond the door's open alarm.
    /// </summary>
    public int OutcomeDeadlineMinutes { get; set; } = 30;

    /// <summary>Offline tokens the agent keeps ready per device while online.</summary>
    public int OfflinePoolSize { get; set; } = 20;

    /// <summary>Tokens expiring sooner than this no longer count as ready: they are replaced before customers could buy them.</summary>
    public int OfflineTokenMinRemainingSeconds { get; set; } = 3600;

    /// <summary>How often pools, keys and revocations are refreshed and redemptions reconciled while the cloud is reachable.</summary>
    public int OfflineSyncIntervalMilliseconds { get; set; } = 30_000;

    /// <summary>Most unreconciled offline redemptions per device (like an EMV floor limit on count).</summary>
    public int OfflineMaxRedemptionsPerDevice { get; set; } = 20;

    /// <summary>Most unreconciled offline value per device, in fen.</summary>
    public long OfflineMaxAmountPerDevice { get; set; } = 10_000;
}

public sealed class DeviceCredential
{
    public string Id { get; set; } = "";

    public string SecretHash { get; set; } = "";
}
