using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using O2O.CloudContract;
using O2O.CloudSimulator;
using O2O.EdgeAgent;
using O2O.EdgeAgent.Gateway;
using O2O.EdgeAgent.Tests;
using O2O.LoopbackPorts;
using O2O.Protocol;
using O2O.Simulator.Stack;

namespace O2O.Simulator.Tests.SiteFlows;

/// <summary>
/// The cloud simulator, one edge agent (in this process, or as its own process so it can be killed with SIGKILL)
/// on a real SQLite file, and scripted devices, all over loopback. Customers' phones are HTTP calls to the cloud.
/// </summary>
public sealed class SiteFlowHarness : IAsyncDisposable
{
    public const string SiteId = "site-f";
    /// <summary>A massage chair: a timed device whose orders buy minutes (the definition's default 10, at most 60).</summary>
    public const string ChairId = "chr-1";

    public static readonly string[] DeviceIds = ["cab-1", "cab-2", ChairId];

    public static readonly SessionTerms ChairTerms = new(DefaultMinutes: 10, MaxMinutes: 60);

    private readonly string _dir = Directory.CreateTempSubdirectory("o2o-flow-").FullName;
    private readonly string _siteSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly Dictionary<string, string> _deviceSecrets = DeviceIds.ToDictionary(d => d, _ => Convert.ToHexString(RandomNumberGenerator.GetBytes(12)));
    private readonly List<ScriptedDevice> _devices = [];
    private readonly Dictionary<string, string> _extraSettings;
    private WebApplication _cloud = null!;
    private IHost? _agent;
    private Process? _agentProcess;

    private readonly ILoggerProvider? _agentLog;

    private SiteFlowHarness(Dictionary<string, string> extraSettings, ILoggerProvider? agentLog)
    {
        _extraSettings = extraSettings;
        _agentLog = agentLog;
    }

    /// <summary>The site's cloud secret and every device's MQTT secret: what must never reach a log.</summary>
    public IEnumerable<string> Secrets => [_siteSecret, .. _deviceSecrets.Values];

    public CloudSimulatorOptions CloudOptions { get; } = new() { HttpPort = FreePort.Next(), MqttPort = FreePort.Next() };

    public int BrokerPort { get; } = FreePort.Next();

    public HttpClient Phone { get; private set; } = null!;

    public IServiceProvider Cloud => _cloud.Services;

    public IServiceProvider Agent => _agent!.Services;

    public IReadOnlyList<ScriptedDevice> Devices => _devices;

    public string StorePath => Path.Combine(_dir, "agent.db");

    /// <param name="agentInProcess">False runs the agent as its own process, armed to kill itself at <paramref name="crashAt"/> if given.</param>
    /// <param name="agentLog">Receives everything the in-process agent logs, at every level (otherwise it logs nowhere).</param>
    public static async Task<SiteFlowHarness> StartAsync(bool agentInProcess = true, Dictionary<string, string>? settings = null, string? crashAt = null,
        ILoggerProvider? agentLog = null)
    {
        var harness = new SiteFlowHarness(settings ?? [], agentLog);
        harness.CloudOptions.SiteSecrets[SiteId] = harness._siteSecret;
        foreach (string device in DeviceIds)
        {
            harness.CloudOptions.Devices[device] = new CloudDevice(SiteId, RandomNumberGenerator.GetBytes(32), device == ChairId ? ChairTerms : null);
        }

        harness._cloud = CloudSimulatorApp.Create(harness.CloudOptions, logging => logging.ClearProviders());
        await harness._cloud.StartAsync();
        harness.Phone = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{harness.CloudOptions.HttpPort}/") };
        if (agentInProcess)
        {
            await harness.StartAgentAsync();
        }
        else
        {
            harness.StartAgentProcess(crashAt);
        }

        foreach (string device in DeviceIds)
        {
            var scripted = new ScriptedDevice(device, harness._deviceSecrets[device], harness.BrokerPort);
            await scripted.StartAsync();
            harness._devices.Add(scripted);
        }

        return harness;
    }

    public ScriptedDevice Device(string deviceId) => _devices.Single(d => d.DeviceId == deviceId);

    public async Task StartAgentAsync()
    {
        _agent = EdgeAgentHost.Create(Settings().ToDictionary(s => s.Key, s => (string?)s.Value), _dir, logging =>
        {
            logging.ClearProviders();
            if (_agentLog is not null)
            {
                logging.AddProvider(_agentLog).SetMinimumLevel(LogLevel.Trace);
            }
        });
        await _agent.StartAsync();
    }

    /// <summary>Starts the agent as a child process; with <paramref name="crashAt"/> it kills itself (SIGKILL) at that crash point.</summary>
    public Process StartAgentProcess(string? crashAt)
    {
        _agentProcess = O2O.Simulator.Tests.AgentProcess.Start(Settings(), crashAt, AgentLog.Enqueue);
        return _agentProcess;
    }

    public async Task StopAgentProcessAsync()
    {
        if (_agentProcess is { HasExited: false })
        {
            _agentProcess.Kill(entireProcessTree: true);
        }

        if (_agentProcess is not null)
        {
            await _agentProcess.WaitForExitAsync();
            _agentProcess.Dispose();
            _agentProcess = null;
        }
    }

    public Process? AgentProcess => _agentProcess;

    /// <summary>What the agent processes printed (warnings and errors), for failure messages.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> AgentLog { get; } = new();

    /// <summary>Reads the agent's store file directly (WAL allows a reader beside the agent process).</summary>
    public long QueryStore(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={StorePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private Dictionary<string, string> Settings()
    {
        var settings = new Dictionary<string, string>
        {
            ["O2O:SiteId"] = SiteId,
            ["O2O:SiteSecret"] = _siteSecret,
            ["O2O:BrokerPort"] = BrokerPort.ToString(),
            ["O2O:StorePath"] = StorePath,
            ["O2O:CloudMqttPort"] = CloudOptions.MqttPort.ToString(),
            ["O2O:CloudHttpBaseUrl"] = $"http://127.0.0.1:{CloudOptions.HttpPort}/",
            ["O2O:LocalApiUrl"] = "",
            ["O2O:CommandRetryMilliseconds"] = "300",
            ["O2O:OfflineSyncIntervalMilliseconds"] = "200",
            ["O2O:OfflinePoolSize"] = "10",
        };
        O2O.Simulator.Tests.AgentProcess.AddDevices(settings, _deviceSecrets);
        foreach ((string key, string value) in _extraSettings)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>A customer scans a fresh code of the device for <paramref name="slot"/> and gets an order (on a timed device, of <paramref name="minutes"/> or the default).</summary>
    public async Task<OrderView> ScanAsync(string deviceId, int slot, int? minutes = null) =>
        await ReadAsync(await CreateOrderAsync(deviceId, slot, minutes));

    /// <summary>The raw answer to an order request, for tests of what the cloud refuses.</summary>
    public async Task<HttpResponseMessage> CreateOrderAsync(string deviceId, int slot, int? minutes)
    {
        string qr = QrPayload.Build("https://pay.example/q", deviceId, slot, Convert.ToHexString(RandomNumberGenerator.GetBytes(6)),
            DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 300, CloudOptions.Devices[deviceId].QrSecret);
        return await Phone.PostAsJsonAsync("v1/orders", new CreateOrderRequest(qr, minutes), ContractJson.Options);
    }

    /// <summary>A technician's pass for a maintenance visit, minted by the cloud (its operations portal) for 30 minutes.</summary>
    public async Task<string> MintTechnicianPassAsync(string deviceId, string technicianId, int slot = O2O.CloudContract.Tokens.TokenClaims.AnySlot)
    {
        HttpResponseMessage response = await Phone.PostAsJsonAsync("sim/technician-passes",
            new ControlEndpoints.TechnicianPassRequest(SiteId, deviceId, technicianId, slot, 30), ContractJson.Options);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString()!;
    }

    /// <summary>The payment provider notifies the payment, <paramref name="times"/> times as WeChat Pay and Alipay do.</summary>
    public async Task<OrderView> PayAsync(string orderId, int times = 1)
    {
        OrderView view = null!;
        for (int i = 0; i < times; i++)
        {
            view = await ReadAsync(await Phone.PostAsJsonAsync("v1/payments/notify", new PaymentNotification(orderId, i % 2 == 0 ? "wechat" : "alipay", "tx-" + orderId), ContractJson.Options));
        }

        return view;
    }

    public CloudOrders.Order CloudOrder(string orderId) => Cloud.GetRequiredService<CloudOrders>().Find(orderId)!;

    public Task SetSiteOnlineAsync(bool online) => Phone.PostAsync($"sim/sites/{SiteId}/{(online ? "online" : "offline")}", null);

    private static async Task<OrderView> ReadAsync(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<OrderView>(ContractJson.Options))!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (ScriptedDevice device in _devices)
        {
            await device.DisposeAsync();
        }

        await StopAgentProcessAsync();
        if (_agent is not null)
        {
            await _agent.StopAsync();
            _agent.Dispose();
        }

        Phone.Dispose();
        await _cloud.StopAsync();
        await _cloud.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
