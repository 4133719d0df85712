using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using O2O.CloudSimulator;
using O2O.EdgeAgent.Gateway;
using O2O.EdgeAgent.Tests;
using O2O.Protocol;
using O2O.Simulator.Devices;
using O2O.Simulator.Stack;

namespace O2O.Simulator.Tests;

/// <summary>
/// Network and power faults on a pin-level device in the whole local stack, over real MQTT: what the edge agent
/// and the cloud see when a cabinet's Wi-Fi drops or its supply browns out.
/// </summary>
public sealed class LiveFaultTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly string _runDirectory = Directory.CreateTempSubdirectory("o2o-live-").FullName;
    private LocalStack _stack = null!;

    private VirtualDevice Cabinet => _stack.Devices[0];

    private DeviceStatus AgentView => _stack.AgentServices.GetRequiredService<DeviceRegistry>().Get(Cabinet.DeviceId);

    public async Task InitializeAsync()
    {
        _stack = await LocalStack.StartAsync(_runDirectory, SimulatorRun.DefaultDevices, logging => logging.ClearProviders(), CancellationToken.None);
        await Eventually.HoldsAsync(() => AgentView.Online && AgentView.BootId == Cabinet.Device.BootId, Timeout, "the agent to see the cabinet's boot");
    }

    public async Task DisposeAsync()
    {
        await _stack.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_runDirectory, recursive: true);
    }

    [Fact]
    public async Task During_a_wifi_drop_the_agent_sees_the_cabinet_go_and_gets_what_happened_meanwhile_once_it_is_back()
    {
        Cabinet.Faults.DropWifi(TimeSpan.FromSeconds(2));
        await Eventually.HoldsAsync(() => !Cabinet.Link.IsConnected && !AgentView.Online, Timeout, "the link to drop and the agent to notice");
        Cabinet.Slots[1].ForceOpen();
        await Eventually.HoldsAsync(() => Cabinet.Device.Events.PendingCount > 0, Timeout, "the tamper event to wait on the device");

        await Eventually.HoldsAsync(() => AgentView.Online, Timeout, "the cabinet to reconnect");
        await Eventually.HoldsAsync(() => Cloud().Any(e => e.Type == EventTypes.Tamper && e.DeviceId == Cabinet.DeviceId), Timeout, "the tamper event to reach the cloud");

        Assert.Equal(0, AgentView.MissedEvents);
        Assert.Equal(0, Cabinet.Device.Events.PendingCount);
        Assert.Equal(2, ((MqttDeviceLink)Cabinet.Link).Connections);
        Assert.Empty(Cabinet.LoopErrors);
    }

    [Fact]
    public async Task After_a_brownout_the_agent_sees_the_new_boot_and_the_cloud_gets_its_reset_reason()
    {
        string firstBoot = Cabinet.Device.BootId;

        Cabinet.Faults.Brownout();

        await Eventually.HoldsAsync(() => Cabinet.BootIds.Count == 2 && AgentView.BootId == Cabinet.BootIds[1] && AgentView.Online, Timeout, "the agent to see the new boot");
        await Eventually.HoldsAsync(() => Cloud().Any(e => e.Type == EventTypes.Boot && e.BootId == Cabinet.BootIds[1]), Timeout, "the boot event to reach the cloud");
        DeviceEvent boot = Cloud().First(e => e.Type == EventTypes.Boot && e.BootId == Cabinet.BootIds[1]);
        Assert.NotEqual(firstBoot, boot.BootId);
        Assert.Equal("brownout", boot.Code);
        Assert.NotNull(Cabinet.Device.QrPayload);
        Assert.Empty(Cabinet.LoopErrors);
    }

    private IReadOnlyCollection<DeviceEvent> Cloud() => _stack.CloudServices.GetRequiredService<TelemetryIngest>().Events;
}
