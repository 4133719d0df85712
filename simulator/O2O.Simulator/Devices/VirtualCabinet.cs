using O2O.Firmware.Core;

namespace O2O.Simulator.Devices;

/// <summary>
/// One simulated power-bank cabinet: the real firmware core (<see cref="CabinetDevice"/>) on its own
/// loop thread, its slots' physics, and an MQTT link to the edge agent.
/// </summary>
public sealed class VirtualCabinet : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly MqttDeviceLink _link;
    private readonly IClock _clock;
    private Task? _loop;

    public VirtualCabinet(DeviceSettings settings, string secret, string brokerHost, int brokerPort, string?[] items, TimeProvider time)
    {
        _clock = new SystemClock(time);
        Slots = items.Select(item => new SimulatedSlot(item)).ToArray();
        _link = new MqttDeviceLink(settings.DeviceId, secret, brokerHost, brokerPort);
        Device = new CabinetDevice(settings, _clock, _link, Slots.Cast<ISlotHardware>().ToArray(), new Random());
    }

    public CabinetDevice Device { get; }

    public SimulatedSlot[] Slots { get; }

    public string DeviceId => Device.DeviceId;

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

            Device.Tick();
            _stop.Token.WaitHandle.WaitOne(5);
        }
    }
}
