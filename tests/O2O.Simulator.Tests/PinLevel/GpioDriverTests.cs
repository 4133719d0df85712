using System.Device.Gpio;
using Microsoft.Extensions.Time.Testing;
using O2O.Simulator.Devices;
using O2O.Simulator.Devices.Buses;

namespace O2O.Simulator.Tests.PinLevel;

/// <summary>The GPIO emulator through a real GpioController: ESP32 pin rules, pulls, edges and callbacks, waits, and the backend's view.</summary>
public sealed class GpioDriverTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(PinRig.Start);
    private readonly SimulatedGpioDriver _driver;
    private readonly GpioController _gpio;

    public GpioDriverTests()
    {
        _driver = new SimulatedGpioDriver(new HardwareContext(new SimulationTime(_time)));
        _gpio = new GpioController(_driver);
    }

    public void Dispose() => _gpio.Dispose();

    [Fact]
    public void Pins_follow_the_esp32_rules()
    {
        Assert.Equal(40, _gpio.PinCount);
        Assert.Throws<InvalidOperationException>(() => _gpio.OpenPin(6));
        Assert.ThrowsAny<ArgumentException>(() => _gpio.OpenPin(24));
        Assert.False(_gpio.IsPinModeSupported(34, PinMode.InputPullUp));
        Assert.False(_gpio.IsPinModeSupported(34, PinMode.Output));
        Assert.True(_gpio.IsPinModeSupported(34, PinMode.Input));
        Assert.True(_gpio.IsPinModeSupported(13, PinMode.Output));
        _gpio.OpenPin(34);
        Assert.Throws<InvalidOperationException>(() => _gpio.SetPinMode(34, PinMode.InputPullUp));
    }

    [Fact]
    public void An_input_reads_its_pull_until_the_outside_drives_it_and_a_board_pull_beats_the_chips()
    {
        _gpio.OpenPin(32, PinMode.InputPullUp);
        _gpio.OpenPin(33, PinMode.InputPullDown);
        _gpio.OpenPin(35, PinMode.Input);
        Assert.Equal((PinValue.High, PinValue.Low, PinValue.Low), (_gpio.Read(32), _gpio.Read(33), _gpio.Read(35)));

        _driver.SetBoardPull(35, PinValue.High);
        _driver.SetBoardPull(33, PinValue.High);
        Assert.Equal((PinValue.High, PinValue.High), (_gpio.Read(35), _gpio.Read(33)));

        _driver.DriveInput(32, PinValue.Low);
        Assert.Equal(PinValue.Low, _gpio.Read(32));
        _driver.DriveInput(32, null);
        Assert.Equal(PinValue.High, _gpio.Read(32));
    }

    [Fact]
    public void Edge_callbacks_fire_for_the_edges_they_asked_for_until_unregistered()
    {
        var rising = new List<int>();
        var both = new List<PinEventTypes>();
        _gpio.OpenPin(32, PinMode.InputPullUp);
        PinChangeEventHandler onRising = (_, e) => rising.Add(e.PinNumber);
        PinChangeEventHandler onBoth = (_, e) => both.Add(e.ChangeType);
        _gpio.RegisterCallbackForPinValueChangedEvent(32, PinEventTypes.Rising, onRising);
        _gpio.RegisterCallbackForPinValueChangedEvent(32, PinEventTypes.Rising | PinEventTypes.Falling, onBoth);

        _driver.DriveInput(32, PinValue.Low);
        _driver.DriveInput(32, PinValue.Low);
        _driver.DriveInput(32, null);
        _gpio.UnregisterCallbackForPinValueChangedEvent(32, onBoth);
        _driver.DriveInput(32, PinValue.Low);
        _driver.DriveInput(32, null);

        Assert.Equal([32, 32], rising);
        Assert.Equal([PinEventTypes.Falling, PinEventTypes.Rising], both);
        Assert.Equal(1, _driver.CallbackCount(32));
    }

    [Fact]
    public void Bounce_plays_out_as_a_burst_of_edges_in_simulation_time_then_settles()
    {
        var edges = new List<(PinEventTypes Type, TimeSpan At)>();
        var time = new SimulationTime(_time);
        _gpio.OpenPin(32, PinMode.InputPullUp);
        _gpio.RegisterCallbackForPinValueChangedEvent(32, PinEventTypes.Rising | PinEventTypes.Falling, (_, e) => edges.Add((e.ChangeType, time.Now)));

        _driver.DriveInput(32, PinValue.Low, new ContactBounce(3, TimeSpan.FromMilliseconds(6)));
        for (int ms = 0; ms < 10; ms++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
            _driver.Pump();
        }

        Assert.Equal(7, edges.Count);
        Assert.Equal(PinEventTypes.Falling, edges[0].Type);
        Assert.Equal(PinEventTypes.Falling, edges[^1].Type);
        Assert.Equal(TimeSpan.FromMilliseconds(6), edges[^1].At - edges[0].At);
        Assert.Equal(PinValue.Low, _gpio.Read(32));
        Assert.False(_driver.Settling(32));
    }

    [Fact]
    public void Outputs_are_seen_by_the_backend_with_timestamps_and_drop_to_their_board_pull_at_power_loss()
    {
        var changes = new List<PinChange>();
        _driver.SetBoardPull(13, PinValue.Low);
        _driver.LevelChanged += changes.Add;
        _gpio.OpenPin(13, PinMode.Output);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        _gpio.Write(13, PinValue.High);
        _time.Advance(TimeSpan.FromMilliseconds(400));
        _gpio.Write(13, PinValue.Low);
        _gpio.Write(13, PinValue.High);

        _driver.PowerLoss();

        Assert.Equal([PinValue.High, PinValue.Low, PinValue.High, PinValue.Low], changes.Select(c => c.Level));
        Assert.Equal(TimeSpan.FromMilliseconds(400), changes[1].At - changes[0].At);
        Assert.Equal(PinValue.Low, _driver.Level(13));
        Assert.False(_driver.IsOpen(13));
    }

    [Fact]
    public async Task WaitForEvent_returns_on_the_edge_it_waits_for_and_times_out_without_one()
    {
        _gpio.OpenPin(32, PinMode.InputPullUp);
        Task<WaitForEventResult> falling = Task.Run(() => _gpio.WaitForEvent(32, PinEventTypes.Falling, TimeSpan.FromSeconds(10)));
        // The waiter only counts edges after it started waiting: press and release until it has seen one.
        await O2O.EdgeAgent.Tests.Eventually.HoldsAsync(() =>
        {
            _driver.DriveInput(32, PinValue.Low);
            _driver.DriveInput(32, null);
            return falling.IsCompleted;
        }, TimeSpan.FromSeconds(5), "the waiter to see a falling edge");
        WaitForEventResult result = await falling;

        WaitForEventResult quiet = _gpio.WaitForEvent(32, PinEventTypes.Rising, TimeSpan.FromMilliseconds(30));

        Assert.Equal((PinEventTypes.Falling, false), (result.EventTypes, result.TimedOut));
        Assert.True(quiet.TimedOut);
    }
}
