using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using O2O.CloudContract;
using O2O.CloudSimulator;
using O2O.EdgeAgent.Gateway;
using O2O.LoopbackPorts;
using O2O.Mosquitto;
using O2O.Protocol;

namespace O2O.Bench.Faults;

/// <summary>
/// One site under test: the cloud simulator in this process (on the virtual clock), the agent as its own process
/// with its SQLite file on a size-limited tmpfs, the load devices and the storm devices, and customers' phones
/// (HTTP calls to the cloud). Everything on 127.0.0.1. With an external broker the devices connect to a mosquitto
/// configured as docs/external-broker.md says (their own accounts, persistence on) and the agent subscribes there;
/// that site has no storm devices and no tmpfs (the broker-restart phase fills no disk).
/// </summary>
public sealed class CampaignSite : IAsyncDisposable
{
    public const string SiteId = "site-faults";
    private readonly string _configDir = Directory.CreateTempSubdirectory("o2o-faults-config-").FullName;
    private readonly string _siteSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly CloudSimulatorOptions _cloudOptions;
    private readonly WebApplication _cloud;
    private readonly string _agentBrokerPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    private CampaignSite(CampaignOptions options, bool externalBroker)
    {
        Disk = new SizeLimitedFolder(externalBroker ? 0 : options.TmpfsMegabytes);
        Clock = new VirtualClock(Path.Combine(_configDir, "clock-offset-ms"));
        Clock.WriteAgentOffset();
        _cloudOptions = new CloudSimulatorOptions { HttpPort = FreePort.Next(), MqttPort = FreePort.Next(), Time = Clock };
        _cloudOptions.SiteSecrets[SiteId] = _siteSecret;
        _cloud = CloudSimulatorApp.Create(_cloudOptions, logging => logging.ClearProviders());
        Phone = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_cloudOptions.HttpPort}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public VirtualClock Clock { get; }

    public SizeLimitedFolder Disk { get; }

    public AgentRunner Agent { get; private set; } = null!;

    public HttpClient Phone { get; }

    public int BrokerPort { get; } = FreePort.Next();

    /// <summary>The devices' mosquitto in external-broker mode; null when the agent is the broker.</summary>
    public MosquittoProcess? Broker { get; private set; }

    /// <summary>Marks the agent's log line for "connected and subscribed to the external broker".</summary>
    public const string BrokerConnectedLine = "Connected to the external device broker";

    public List<CampaignDevice> LoadDevices { get; } = [];

    public List<CampaignDevice> StormDevices { get; } = [];

    public IEnumerable<CampaignDevice> AllDevices => LoadDevices.Concat(StormDevices);

    public CloudOrders CloudOrders => _cloud.Services.GetRequiredService<CloudOrders>();

    public TelemetryIngest Ingest => _cloud.Services.GetRequiredService<TelemetryIngest>();

    public static async Task<CampaignSite> StartAsync(CampaignOptions options, bool externalBroker)
    {
        var site = new CampaignSite(options, externalBroker);
        try
        {
            await site.StartAsync(options, externalBroker ? 0 : options.StormDevices, externalBroker);
            return site;
        }
        catch (Exception)
        {
            // Whatever had started (cloud, mosquitto, agent, devices) goes; the caller never got the site to dispose.
            await site.DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync(CampaignOptions options, int stormDevices, bool externalBroker)
    {
        var secrets = new List<(string Id, string Secret)>();
        for (int i = 0; i < options.Devices + stormDevices; i++)
        {
            string id = i < options.Devices ? $"cab-{i:D4}" : $"storm-{i - options.Devices:D4}";
            secrets.Add((id, Convert.ToHexString(RandomNumberGenerator.GetBytes(12))));
            _cloudOptions.Devices[id] = new CloudDevice(SiteId, RandomNumberGenerator.GetBytes(32));
        }

        await _cloud.StartAsync();
        WriteAgentConfig(secrets);
        if (externalBroker)
        {
            Broker = SiteBroker.Create("site", Path.Combine(_configDir, "mosquitto"), BrokerPort, _agentBrokerPassword,
                secrets.Select(d => KeyValuePair.Create(d.Id, d.Secret)));
            await Broker.StartAsync();
        }

        Agent = new AgentRunner(_configDir, AgentArguments(externalBroker), Clock.AgentOffsetFile);
        Agent.Watch(BrokerConnectedLine);
        if (Environment.GetEnvironmentVariable("O2O_FAULTS_KEEP_STORE") is { Length: > 0 } keep)
        {
            Directory.CreateDirectory(keep);
            Agent.LogFile = Path.Combine(keep, "agent.log");
            File.Delete(Agent.LogFile);
        }

        Agent.Start();
        foreach ((string id, string secret) in secrets)
        {
            var device = new CampaignDevice(id, secret, BrokerPort, () => Clock.NowMs);
            (id.StartsWith("cab-", StringComparison.Ordinal) ? LoadDevices : StormDevices).Add(device);
        }

        foreach (CampaignDevice device in LoadDevices)
        {
            device.Start();
        }
    }

    /// <summary>Starts a site, runs <paramref name="run"/> on it, and disposes it whatever happens (processes killed, tmpfs unmounted).</summary>
    public static async Task UseAsync(CampaignOptions options, bool externalBroker, Func<CampaignSite, Task> run, Action<string> say)
    {
        CampaignSite site = await StartAsync(options, externalBroker);
        try
        {
            await run(site);
        }
        finally
        {
            try
            {
                await site.DisposeAsync();
            }
            catch (Exception e)
            {
                // The result is taken; a teardown hiccup must not hide it.
                say($"teardown: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    public CampaignDevice Device(string id) => LoadDevices.First(d => d.DeviceId == id);

    public void SetCloudReachable(bool reachable) => _cloud.Services.GetRequiredService<SiteConnectivity>().Set(SiteId, reachable);

    /// <summary>A customer scans a fresh code for a slot (valid 5 minutes by the cloud's clock) and gets an order.</summary>
    public async Task<OrderView> ScanAsync(string deviceId, int slot)
    {
        string qr = QrPayload.Build("https://pay.example/q", deviceId, slot, Convert.ToHexString(RandomNumberGenerator.GetBytes(6)),
            Clock.GetUtcNow().ToUnixTimeSeconds() + 300, _cloudOptions.Devices[deviceId].QrSecret);
        return await ReadAsync(await Phone.PostAsJsonAsync("v1/orders", new CreateOrderRequest(qr), ContractJson.Options));
    }

    /// <summary>The payment provider notifies the payment (WeChat Pay and Alipay repeat themselves).</summary>
    public async Task<OrderView> PayAsync(string orderId, int notification)
    {
        var note = new PaymentNotification(orderId, notification % 2 == 0 ? "wechat" : "alipay", "tx-" + orderId);
        return await ReadAsync(await Phone.PostAsJsonAsync("v1/payments/notify", note, ContractJson.Options));
    }

    private static async Task<OrderView> ReadAsync(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<OrderView>(ContractJson.Options))!;
    }

    /// <summary>What the agent's store says of an offline token and its order, for failure reports (read beside the running agent).</summary>
    public string AgentTokenState(string tokenId) =>
        Query("SELECT CASE WHEN spent_ms IS NULL THEN 'cached, unspent' ELSE 'spent' END FROM offline_tokens WHERE token_id = $id", tokenId, "not in the agent's cache")
        + ", order " + AgentOrderState(tokenId);

    public string AgentOrderState(string orderId) =>
        Query("SELECT state || '/' || IFNULL(outcome, '-') || '/' || IFNULL(reason, '-') || '/reported ' || outcome_reported FROM orders WHERE order_id = $id", orderId, "unknown to the agent");

    private string Query(string sql, string id, string none)
    {
        try
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={StorePath};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$id", id);
            return command.ExecuteScalar() is string value ? value : none;
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            return "store unreadable: " + e.Message;
        }
    }

    private string StorePath => Path.Combine(Disk.Path, "agent.db");

    private List<string> AgentArguments(bool externalBroker)
    {
        var settings = new Dictionary<string, string>
        {
            ["O2O:SiteId"] = SiteId,
            ["O2O:SiteSecret"] = _siteSecret,
            ["O2O:BrokerAddress"] = "127.0.0.1",
            ["O2O:BrokerPort"] = BrokerPort.ToString(CultureInfo.InvariantCulture),
            ["O2O:StorePath"] = StorePath,
            ["O2O:CloudMqttHost"] = "127.0.0.1",
            ["O2O:CloudMqttPort"] = _cloudOptions.MqttPort.ToString(CultureInfo.InvariantCulture),
            ["O2O:CloudHttpBaseUrl"] = $"http://127.0.0.1:{_cloudOptions.HttpPort}/",
            ["O2O:LocalApiUrl"] = "",
            ["O2O:CommandRetryMilliseconds"] = "500",
            ["O2O:OfflineSyncIntervalMilliseconds"] = "500",
            ["O2O:OfflinePoolSize"] = "5",
            // Order devices sell many offline orders in one outage; the floor limit is not what is under test.
            ["O2O:OfflineMaxRedemptionsPerDevice"] = "1000",
            ["O2O:OfflineMaxAmountPerDevice"] = "10000000",
        };
        if (externalBroker)
        {
            settings["O2O:BrokerMode"] = "external";
            settings["O2O:ExternalBrokerHost"] = "127.0.0.1";
            settings["O2O:ExternalBrokerPort"] = BrokerPort.ToString(CultureInfo.InvariantCulture);
            settings["O2O:ExternalBrokerUser"] = SiteBroker.AgentUser;
            settings["O2O:ExternalBrokerPassword"] = _agentBrokerPassword;
            // A mosquitto kill -9 can lose a dispensed event for good; the outcome deadline must end those orders
            // inside the settle (production waits 30 min, far beyond any open door).
            settings["O2O:OutcomeDeadlineMinutes"] = "1";
            // The campaign waits on this Information line to know the agent is subscribed again after a restart.
            settings["Logging:LogLevel:O2O.EdgeAgent.Gateway.ExternalBrokerLink"] = "Information";
        }

        return settings.Select(s => $"--{s.Key}={s.Value}").ToList();
    }

    // Device hashes go into the agent's appsettings.json (its content root): a thousand on the command line is too long.
    private void WriteAgentConfig(List<(string Id, string Secret)> secrets)
    {
        var devices = secrets.AsParallel().AsOrdered().Select(d => new { d.Id, SecretHash = DeviceSecretHash.Create(d.Secret, 1000) }).ToList();
        File.WriteAllText(Path.Combine(_configDir, "appsettings.json"), JsonSerializer.Serialize(new { O2O = new { Devices = devices } }));
    }

    public async ValueTask DisposeAsync()
    {
        Agent?.Dispose();
        try
        {
            Broker?.Dispose();
            await Task.WhenAll(AllDevices.Select(d => d.DisposeAsync().AsTask()));
            Phone.Dispose();
            await _cloud.StopAsync();
            await _cloud.DisposeAsync();
            // O2O_FAULTS_KEEP_STORE=dir keeps the agent's SQLite files for a post-mortem.
            if (Environment.GetEnvironmentVariable("O2O_FAULTS_KEEP_STORE") is { Length: > 0 } keep)
            {
                Directory.CreateDirectory(keep);
                foreach (string file in Directory.GetFiles(Disk.Path, "agent.db*"))
                {
                    File.Copy(file, Path.Combine(keep, Path.GetFileName(file)), overwrite: true);
                }
            }
        }
        finally
        {
            // Whatever failed above, the tmpfs mount must not outlive the campaign.
            Disk.Dispose();
            Directory.Delete(_configDir, recursive: true);
        }
    }
}
