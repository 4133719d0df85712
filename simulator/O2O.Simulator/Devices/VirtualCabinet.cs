using O2O.Firmware.Core;
using O2O.Firmware.Core.Config;
using O2O.Firmware.Core.Definitions;

namespace O2O.Simulator.Devices;

/// <summary>
/// One simulated slot device (a power-bank cabinet by default): the real firmware core
/// (<see cref="DeviceController"/>) on its own loop thread, its slots' physics, and an MQTT link to the edge agent.
/// </summary>
public sealed class VirtualCabinet : IAsyncDisposable
{
    public const string FirmwareVersion = "0.2.0-sim";
    private readonly CancellationTokenSource _stop = new();
    private readonly MqttDeviceLink _link;
    private readonly IClock _clock;
    private readonly System.Collections.Concurrent.ConcurrentQueue<Action> _onLoop = new();
    private Task? _loop;

    public VirtualCabinet(DeviceDefinition definition, DeviceConfig config, string secret, string brokerHost, int brokerPort, string?[] items, TimeProvider time)
    {
        _clock = new SystemClock(time);
        Slots = items.Select(item => new SimulatedSlot(item)).ToArray();
        _link = new MqttDeviceLink(config.DeviceId, secret, brokerHost, brokerPort);
        var hardware = new DeviceHardware(Slots.Cast<ISlotHardware>().ToArray(), null, Beeper);
        Device = new DeviceController(definition, config, hardware, _clock, _link, Storage, Platform, new Random(), FirmwareVersion);
    }

    public DeviceController Device { get; }

    public SimulatedSlot[] Slots { get; }

    public RecordingBeeper Beeper { get; } = new();

    public MemoryStorage Storage { get; } = new();

    public SimulatedPlatform Platform { get; } = new();

    public string DeviceId => Device.DeviceId;

    /// <summary>A customer presents an offline token or types its code, as a keypad or BLE front end would pass it to the firmware.</summary>
    public Task<string?> PresentTokenAsync(string token, int slot) => OnLoopAsync(() => Device.PresentToken(token, slot));

    // The firmware is single-threaded, as on the chip: calls from outside run on the device's loop thread.
    private Task<T> OnLoopAsync<T>(Func<T> call)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _onLoop.Enqueue(() => done.SetResult(call()));
        return done.Task;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _link.ConnectAsync(Device.BootId, cancellationToken);
        _loop = Task.Factory.StartNew(RunLoop, TaskCreationOptions.LongRunning);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_loop is not null)
        {
            await _loop;
        }

        await _link.DisposeAsync();
        _stop.Dispose();
    }

    // The device's main loop, as on the ESP32: physics, inbound messages, then the firmware's tick.
    private void RunLoop()
    {
        Device.Start();
        while (!_stop.IsCancellationRequested)
        {
            long now = _clock.UptimeMilliseconds;
            foreach (SimulatedSlot slot in Slots)
            {
                slot.Advance(now);
            }

            while (_link.TryReceive(out string topic, out byte[] payload))
            {
                Device.OnMessage(topic, payload, payload.Length);
            }

            while (_onLoop.TryDequeue(out Action? call))
            {
                call();
            }

            Device.Tick();
            _stop.Token.WaitHandle.WaitOne(5);
        }
    }
}
