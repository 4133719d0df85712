using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using O2O.CloudSimulator;
using O2O.EdgeAgent;
using O2O.EdgeAgent.Gateway;
using O2O.LoopbackPorts;
using O2O.Simulator.Devices;

namespace O2O.Simulator.Stack;

/// <summary>
/// The whole system on one machine, every part real: the cloud simulator (HTTP + MQTT broker), the edge
/// agent (embedded MQTT broker, SQLite file), and virtual devices running the firmware core and drivers on
/// simulated hardware, all talking
/// over loopback TCP on ports the OS hands out.
/// </summary>
public sealed class LocalStack : IAsyncDisposable
{
    public const string SiteId = "site-1";

    private readonly List<VirtualDevice> _devices = [];
    private WebApplication? _cloud;
    private IHost? _agent;

    private LocalStack(string runDirectory)
    {
        RunDirectory = runDirectory;
        Time = new SimulationTime(Clock);
    }

    public string RunDirectory { get; }

    /// <summary>
    /// The one clock of the whole stack: real time, which a scenario can skip ahead. The cloud simulator,
    /// the agent and every device's hardware and firmware clock read it.
    /// </summary>
    public AdvancingClock Clock { get; } = new();

    public SimulationTime Time { get; }

    public string CloudBaseUrl { get; private set; } = "";

    public int DeviceBrokerPort { get; private set; }

    public int CloudBrokerPort { get; private set; }

    public string StorePath => Path.Combine(RunDirectory, "edge-agent.db");

    public IReadOnlyList<VirtualDevice> Devices => _devices;

    public IServiceProvider CloudServices => _cloud!.Services;

    public IServiceProvider AgentServices => _agent!.Services;

    public static async Task<LocalStack> StartAsync(string runDirectory, IReadOnlyList<StackDevice> devices, Action<ILoggingBuilder> logging, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(runDirectory);
        var stack = new LocalStack(runDirectory);
        try
        {
            await stack.StartPartsAsync(devices, logging, cancellationToken);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    private async Task StartPartsAsync(IReadOnlyList<StackDevice> devices, Action<ILoggingBuilder> logging, CancellationToken cancellationToken)
    {
        string siteSecret = NewSecret();
        var deviceSecrets = devices.ToDictionary(d => d.DeviceId, _ => NewSecret());
        var qrSecrets = devices.ToDictionary(d => d.DeviceId, _ => RandomNumberGenerator.GetBytes(32));

        var cloudOptions = new CloudSimulatorOptions { HttpPort = FreePort.Next(), MqttPort = FreePort.Next(), Time = Clock };
        cloudOptions.SiteSecrets[SiteId] = siteSecret;
        foreach (StackDevice device in devices)
        {
            cloudOptions.Devices[device.DeviceId] = new CloudDevice(SiteId, qrSecrets[device.DeviceId], SessionTermsOf(DefinitionCatalog.Device(device.Model)));
        }

        _cloud = CloudSimulatorApp.Create(cloudOptions, logging);
        await _cloud.StartAsync(cancellationToken);
        CloudBaseUrl = _cloud.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";
        CloudBrokerPort = cloudOptions.MqttPort;

        DeviceBrokerPort = FreePort.Next();
        _agent = BuildAgent(siteSecret, deviceSecrets, logging);
        await _agent.StartAsync(cancellationToken);

        foreach (StackDevice device in devices)
        {
            var definition = DefinitionCatalog.Device(device.Model);
            var link = new MqttDeviceLink(device.DeviceId, deviceSecrets[device.DeviceId], "127.0.0.1", DeviceBrokerPort);
            var setup = new VirtualDeviceSetup(DefinitionCatalog.Board(definition.Board), definition,
                VirtualDeviceSetup.Provision(device.DeviceId, qrSecrets[device.DeviceId]), device.Items, Time, link);
            var virtualDevice = new VirtualDevice(setup);
            virtualDevice.EnableConsole(RunDirectory);
            _devices.Add(virtualDevice);
            await virtualDevice.StartAsync(cancellationToken);
        }
    }

    private IHost BuildAgent(string siteSecret, Dictionary<string, string> deviceSecrets, Action<ILoggingBuilder> logging)
    {
        var settings = new Dictionary<string, string?>
        {
            ["O2O:SiteId"] = SiteId,
            ["O2O:SiteSecret"] = siteSecret,
            ["O2O:BrokerPort"] = DeviceBrokerPort.ToString(),
            ["O2O:StorePath"] = StorePath,
            ["O2O:CloudMqttPort"] = CloudBrokerPort.ToString(),
            ["O2O:CloudHttpBaseUrl"] = CloudBaseUrl,
        };
        int index = 0;
        foreach ((string deviceId, string secret) in deviceSecrets)
        {
            settings[$"O2O:Devices:{index}:Id"] = deviceId;
            settings[$"O2O:Devices:{index}:SecretHash"] = DeviceSecretHash.Create(secret);
            index++;
        }

        return EdgeAgentHost.Create(settings, RunDirectory, logging, Clock);
    }

    // The cloud prices and bounds a timed device's sessions from the same definition the firmware runs.
    private static SessionTerms? SessionTermsOf(O2O.Firmware.Core.Definitions.DeviceDefinition definition) =>
        definition.Session is { } session ? new SessionTerms(session.DefaultMinutes, definition.Limits.MaxSessionMinutes) : null;

    public VirtualDevice Device(string deviceId) => _devices.First(d => d.DeviceId == deviceId);

    public async ValueTask DisposeAsync()
    {
        foreach (VirtualDevice device in _devices)
        {
            await device.DisposeAsync();
        }

        if (_agent is not null)
        {
            await _agent.StopAsync();
            _agent.Dispose();
        }

        if (_cloud is not null)
        {
            await _cloud.StopAsync();
            await _cloud.DisposeAsync();
        }
    }

    private static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
}
