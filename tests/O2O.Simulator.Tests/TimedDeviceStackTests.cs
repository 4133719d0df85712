using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using O2O.CloudContract;
using O2O.CloudSimulator;
using O2O.EdgeAgent.Storage;
using O2O.EdgeAgent.Tests;
using O2O.Firmware.Core.Sessions;
using O2O.Protocol;
using O2O.Simulator.Devices;
using O2O.Simulator.Stack;
using O2O.Simulator.Web;

namespace O2O.Simulator.Tests;

/// <summary>
/// A massage chair running the real firmware on simulated pins, in the whole local stack: a paid session switches
/// the chair's relay on for the minutes bought; with the emergency stop pressed nothing runs and the customer is refunded.
/// </summary>
public sealed class TimedDeviceStackTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly string _runDirectory = Directory.CreateTempSubdirectory("o2o-timed-").FullName;
    private LocalStack _stack = null!;
    private HttpClient _phone = null!;

    private VirtualDevice Chair => _stack.Devices[0];

    public async Task InitializeAsync()
    {
        _stack = await LocalStack.StartAsync(_runDirectory, [new StackDevice("chr-001", "massage-chair", [])], logging => logging.ClearProviders(), CancellationToken.None);
        _phone = new HttpClient { BaseAddress = new Uri(_stack.CloudBaseUrl) };
        await Eventually.HoldsAsync(() => Chair.Device.QrPayload is not null, Timeout, "the chair to show a QR code");
    }

    public async Task DisposeAsync()
    {
        _phone.Dispose();
        await _stack.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_runDirectory, recursive: true);
    }

    private IReadOnlyCollection<DeviceEvent> CloudEvents() => _stack.CloudServices.GetRequiredService<TelemetryIngest>().Events;

    private CloudOrders.Order CloudOrder(string orderId) => _stack.CloudServices.GetRequiredService<CloudOrders>().Find(orderId)!;

    [Fact]
    public async Task A_paid_session_powers_the_chair_for_the_minutes_bought_and_the_order_is_dispensed()
    {
        OrderView order = await CustomerActions.ScanAndPayAsync(_phone, Chair, CancellationToken.None);
        Assert.Equal(10, order.Minutes);

        await Eventually.HoldsAsync(() => CloudOrder(order.OrderId).Status == OrderStatus.Dispensed, Timeout, "the session order to be dispensed");
        SessionController session = Chair.Device.Session!;
        Assert.Equal(SessionState.Running, session.State);
        Assert.Equal(order.OrderId, session.OrderId);
        Assert.InRange(session.SecondsLeft(Chair.Device.Clock.UptimeMilliseconds), 540, 600);
        await Eventually.HoldsAsync(() => Chair.Session!.Powered, Timeout, "the relay to switch the chair on");
        Assert.Equal(1, CloudOrder(order.OrderId).OutcomeReports);
        Assert.Equal(10, _stack.AgentServices.GetRequiredService<AgentStore>().FindOrder(order.OrderId)!.Minutes);
    }

    [Fact]
    public async Task With_the_emergency_stop_pressed_the_paid_session_is_refused_and_refunded_and_the_chair_stays_off()
    {
        OrderView order = await CustomerActions.ScanAsync(_phone, Chair.Device.QrPayload!, CancellationToken.None);
        Chair.Faults.EmergencyStop(true);
        await Eventually.HoldsAsync(() => Chair.Device.Session!.State == SessionState.Stopped, Timeout, "the firmware to see the emergency stop");
        Assert.Contains("emergency stop pressed", Chair.Faults.Active());
        await Eventually.HoldsAsync(() => CloudEvents().Any(e => e.Type == EventTypes.Tamper && e.Code == "emergency_stop"), Timeout,
            "the tamper event (emergency_stop) to reach the cloud");

        await CustomerActions.PayAsync(_phone, order.OrderId, 2, CancellationToken.None);

        await Eventually.HoldsAsync(() => CloudOrder(order.OrderId).Status == OrderStatus.Refunded, Timeout, "the refused session to be refunded");
        Assert.Equal("rejected:emergency_stop", CloudOrder(order.OrderId).Reason);
        Assert.False(Chair.Session!.Powered);
        Assert.Empty(Chair.Session.Runs);

        Chair.Faults.EmergencyStop(false);
        await Eventually.HoldsAsync(() => Chair.Device.Session!.State == SessionState.Idle, Timeout, "the chair to be usable again once released");
    }
}
