using System.Collections.Concurrent;
using O2O.Firmware.Core;
using O2O.Firmware.Core.Config;
using O2O.Firmware.Core.Definitions;
using O2O.Simulator.Devices.Physics;

namespace O2O.Simulator.Devices;

/// <summary>
/// One simulated device of any model: the real firmware core (<see cref="DeviceController"/>) and the real
/// drivers (<see cref="SimulatedDeviceAssembly"/>), on emulated buses, over simulated mechanics
/// (<see cref="SimulatedHardware"/>), with a network link. Its main loop is the ESP32 app's: link upkeep,
/// inbound messages, driver ticks, the core's tick, then the display unless a coil is energised. The loop runs
/// on its own thread in real time (<see cref="StartAsync"/>), or pass by pass in virtual time (<see cref="RunOnce"/>).
/// Customers act on <see cref="Slots"/> and <see cref="Session"/>; faults go through <see cref="Faults"/>.
/// </summary>
public sealed class VirtualDevice : IAsyncDisposable
{
    public const string FirmwareVersion = "0.2.0-sim";

    /// <summary>The pause between main-loop passes, as on the ESP32 (Program.LoopPauseMs).</summary>
    public static readonly TimeSpan LoopPause = TimeSpan.FromMilliseconds(5);
    private readonly VirtualDeviceSetup _setup;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Action> _onLoop = new();
    private readonly ConcurrentQueue<string> _bootIds = new();
    private readonly Lock _pass = new();
    private int _holds;
    private long _wifiBackAtTicks = long.MinValue;
    private long _clockSkewTicks;
    private volatile Boot? _boot;
    private Task? _loop;

    public VirtualDevice(VirtualDeviceSetup setup)
    {
        _setup = setup;
        Hardware = new SimulatedHardware(setup.Board, setup.Definition, setup.Time, setup.Physics, setup.Items);
        Faults = new FaultInjector(this);
    }

    public string DeviceId => _setup.DeviceId;

    public DeviceDefinition Definition => _setup.Definition;

    public SimulationTime Time => _setup.Time;

    public SimulatedHardware Hardware { get; }

    public SlotMechanism[] Slots => Hardware.Physics.Slots;

    /// <summary>A timed device's relay load and emergency stop; null for slot-only models.</summary>
    public SessionLoad? Session => Hardware.Physics.Session;

    public FaultInjector Faults { get; }

    /// <summary>The device's flash: survives resets, so each boot's core picks up what the last one persisted.</summary>
    public MemoryStorage Storage { get; } = new();

    public SimulatedPlatform Platform { get; } = new();

    public IDeviceConnection Link => _setup.Link;

    /// <summary>The running firmware core (a new one after every reset).</summary>
    public DeviceController Device => Current.Controller;

    /// <summary>The running boot's drivers.</summary>
    public SimulatedDeviceAssembly Drivers => Current.Drivers;

    /// <summary>The running boot's clock.</summary>
    public DeviceClock Clock => Current.Clock;

    /// <summary>Every boot's id, the first included.</summary>
    public IReadOnlyList<string> BootIds => [.. _bootIds];

    /// <summary>Exceptions the main loop caught (it then releases every output and carries on, as the ESP32 app does).</summary>
    public ConcurrentQueue<Exception> LoopErrors { get; } = new();

    /// <summary>Offset of the device's wall clock from true time (a fault: see <see cref="FaultInjector.SkewClock"/>).</summary>
    public TimeSpan ClockSkew
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _clockSkewTicks));
        internal set => Interlocked.Exchange(ref _clockSkewTicks, value.Ticks);
    }

    /// <summary>False while an injected Wi-Fi outage lasts.</summary>
    public bool WifiUp => Time.Now.Ticks >= Interlocked.Read(ref _wifiBackAtTicks);

    private Boot Current => _boot ?? throw new InvalidOperationException($"{DeviceId} is not powered on");

    /// <summary>Power on without a loop thread: the caller runs the loop with <see cref="RunOnce"/> (virtual time).</summary>
    public void PowerOn()
    {
        if (_boot is not null)
        {
            throw new InvalidOperationException($"{DeviceId} is already on");
        }

        BootFirmware("power_on");
    }

    /// <summary>Powers on, connects, and runs the main loop on its own thread in real time.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        PowerOn();
        await Link.ConnectAsync(Device.BootId, cancellationToken);
        _loop = Task.Factory.StartNew(RunLoop, TaskCreationOptions.LongRunning);
    }

    /// <summary>A customer presents an offline token or types its code, as a keypad or BLE front end would pass it to the firmware.</summary>
    /// <summary>The serial console (TCP port and pseudo-terminal), once <see cref="EnableConsole"/> was called.</summary>
    public Consoles.DeviceConsole? Console { get; private set; }

    /// <summary>Wires the console UART to a TCP port and a pty under <paramref name="runDirectory"/>. Call before power-on.</summary>
    public void EnableConsole(string runDirectory)
    {
        Console ??= new Consoles.DeviceConsole(DeviceId, runDirectory);
    }

    public Task<string?> PresentTokenAsync(string token, int slot)
    {
        var done = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        OnLoop(() => done.SetResult(Device.PresentToken(token, slot)));
        return done.Task;
    }

    /// <summary>Interrupt-time work up to now, without a loop pass: mechanics, bounce edges, edge callbacks.</summary>
    public void Pump() => Hardware.Pump();

    /// <summary>
    /// Stops the device's own loop thread from running passes until the handle is disposed: the holder runs
    /// them with <see cref="RunOnce"/>, in lock-step with a clock it moves (a scenario skipping time ahead).
    /// </summary>
    public IDisposable HoldLoop()
    {
        Interlocked.Increment(ref _holds);
        return new LoopHold(this);
    }

    /// <summary>One pass of the ESP32 main loop (Program.RunOnce), preceded by the hardware's work up to now.</summary>
    public void RunOnce()
    {
        // Passes never overlap, whichever thread runs them: the firmware is single-threaded.
        lock (_pass)
        {
            RunPass();
        }
    }

    private void RunPass()
    {
        Hardware.Pump();
        while (_onLoop.TryDequeue(out Action? action))
        {
            action();
        }

        Console?.Pump();
        Boot boot = Current;
        try
        {
            bool wifi = WifiUp;
            Platform.WifiRssi = wifi ? SimulatedPlatform.ConnectedRssi : 0;
            Link.Maintain(boot.Controller.BootId, wifi);
            while (Link.TryReceive(out string topic, out byte[] payload))
            {
                boot.Controller.OnMessage(topic, payload, payload.Length);
            }

            boot.Drivers.Drivers.Tick();
            boot.Controller.Tick();
            // A repaint takes long on the TFT; never while a coil is energised, whose cut-off is timed by this loop.
            if (!boot.Drivers.Drivers.AnyOutputEnergised)
            {
                boot.Drivers.Screen!.Update();
            }
        }
        catch (Exception e)
        {
            // As on the chip: a bug must not leave a coil energised or end the loop.
            boot.Drivers.Drivers.ReleaseAll();
            LoopErrors.Enqueue(e);
        }

        if (Platform.TakeRebootRequest())
        {
            Reset("software");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_loop is not null)
        {
            await _loop;
        }

        await Link.DisposeAsync();
        if (Console is not null)
        {
            await Console.DisposeAsync();
        }

        _stop.Dispose();
    }

    /// <summary>Runs an action on the device's loop thread, before the next pass (the firmware is single-threaded).</summary>
    public void OnLoop(Action action) => _onLoop.Enqueue(action);

    /// <summary>The chip resets: outputs drop, the display and the link are lost, the firmware boots again on the same flash.</summary>
    internal void Reset(string reason)
    {
        Hardware.PowerLoss();
        Link.Drop(powerLost: true);
        BootFirmware(reason);
    }

    internal void RegainWifi() => Interlocked.Exchange(ref _wifiBackAtTicks, long.MinValue);

    internal void LoseWifi(TimeSpan duration)
    {
        Interlocked.Exchange(ref _wifiBackAtTicks, (Time.Now + duration).Ticks);
        Link.Drop(powerLost: false);
    }

    // Program.Main's order: clock, configuration from flash, drivers (outputs off first), core, display, a driver pass, then Start.
    private void BootFirmware(string resetReason)
    {
        Platform.ResetReason = resetReason;
        var clock = new DeviceClock(Time, Time.Now, () => ClockSkew);
        var config = new DeviceConfig(Storage);
        config.Load();
        foreach ((string key, string value) in _setup.Provisioning)
        {
            config.SetDefault(key, value);
        }

        var drivers = new SimulatedDeviceAssembly(Hardware, _setup.Board, _setup.Definition, clock);
        var controller = new DeviceController(_setup.Definition, config, drivers.Drivers.Hardware, clock, Link, Storage, Platform, _setup.Random, FirmwareVersion);
        drivers.OpenScreen(controller, clock);
        _boot = new Boot(controller, drivers, clock);
        _bootIds.Enqueue(controller.BootId);
        // As on the chip: one driver pass (the tag readers' first poll) before the core settles interrupted sales.
        drivers.Drivers.Tick();
        // The boot event and first state wait in the event buffer until the link is up.
        controller.Start();
        Console?.Attach(controller);
    }

    private void RunLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            if (Volatile.Read(ref _holds) == 0)
            {
                RunOnce();
            }

            _stop.Token.WaitHandle.WaitOne(LoopPause);
        }
    }

    private sealed class LoopHold(VirtualDevice device) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Interlocked.Decrement(ref device._holds);
            }
        }
    }

    private sealed record Boot(DeviceController Controller, SimulatedDeviceAssembly Drivers, DeviceClock Clock);
}
