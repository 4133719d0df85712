using Microsoft.Extensions.Time.Testing;
using O2O.Firmware.Core.Definitions;
using O2O.Protocol;
using O2O.Protocol.Json;
using O2O.Simulator.Devices;
using O2O.Simulator.Devices.Physics;

namespace O2O.Simulator.Tests.PinLevel;

/// <summary>
/// A virtual device in virtual time, for pin-level tests: the real firmware core and drivers on the bus
/// emulators, a loopback link instead of MQTT, and a fake clock the rig advances 1 ms at a time (the hardware's
/// edges and mechanics move every millisecond, the main loop runs every 5 ms, as on the chip). Nothing sleeps.
/// </summary>
internal sealed class PinRig
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);
    private readonly FakeTimeProvider _time = new(Start);
    private TimeSpan _sinceLoopPass;
    private int _commands;

    public PinRig(string model, params string?[] items)
        : this(model, new PhysicsOptions(), items)
    {
    }

    public PinRig(string model, PhysicsOptions physics, params string?[] items)
    {
        DeviceId = "dev-" + model;
        Definition = DefinitionCatalog.Device(model);
        Time = new SimulationTime(_time);
        Link = new LoopbackLink(DeviceId);
        var setup = new VirtualDeviceSetup(DefinitionCatalog.Board(Definition.Board), Definition,
            VirtualDeviceSetup.Provision(DeviceId, Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()), items, Time, Link)
        {
            Physics = physics,
            Random = new Random(7),
        };
        Device = new VirtualDevice(setup);
    }

    public string DeviceId { get; }

    public DeviceDefinition Definition { get; }

    public SimulationTime Time { get; }

    public LoopbackLink Link { get; }

    public VirtualDevice Device { get; }

    /// <summary>Powers the device on and runs it until its link is up and its first state is out.</summary>
    public PinRig Boot()
    {
        Device.PowerOn();
        Run(TimeSpan.FromMilliseconds(50));
        return this;
    }

    /// <summary>Advances virtual time, moving the hardware every millisecond and running a loop pass every 5 ms.</summary>
    public void Run(TimeSpan duration)
    {
        TimeSpan end = Time.Now + duration;
        while (Time.Now < end)
        {
            Tick();
        }
    }

    /// <summary>Runs until the condition holds; fails after <paramref name="limit"/> of virtual time.</summary>
    public TimeSpan RunUntil(Func<bool> condition, TimeSpan limit, string what)
    {
        TimeSpan start = Time.Now;
        while (!condition())
        {
            Assert.True(Time.Now - start < limit, $"{what}: not within {limit.TotalMilliseconds} ms of virtual time");
            Tick();
        }

        return Time.Now - start;
    }

    public string Unlock(int slot, string mode = DeviceCommand.RentMode, string? orderId = null) => Send(new DeviceCommand
    {
        Type = CommandTypes.Unlock,
        Slot = slot,
        Mode = mode,
        OrderId = orderId ?? "ord-" + (_commands + 1),
        IssuedAt = Time.UtcNow.ToUnixTimeMilliseconds(),
    });

    public string Send(DeviceCommand command)
    {
        command.Id = "cmd-" + ++_commands;
        Link.SendCommand(command);
        return command.Id;
    }

    public List<DeviceEvent> Events() => Decode(Topics.Events(DeviceId), (payload, reader) =>
        DeviceEvent.Decode(payload, 0, payload.Length, reader, out _));

    public List<DeviceEvent> Events(string type) => Events().Where(e => e.Type == type).ToList();

    public List<CommandAck> Acks() => Decode(Topics.Acks(DeviceId), (payload, reader) =>
        CommandAck.Decode(payload, 0, payload.Length, reader, out _));

    public CommandAck? Ack(string commandId) => Acks().LastOrDefault(a => a.CommandId == commandId);

    public DeviceState? LastState() => Decode(Topics.State(DeviceId), (payload, reader) =>
        DeviceState.Decode(payload, 0, payload.Length, reader, out _)).LastOrDefault();

    /// <summary>Every loop pass so far completed without the main loop catching an exception.</summary>
    public void AssertNoLoopErrors() => Assert.True(Device.LoopErrors.IsEmpty, string.Join("\n", Device.LoopErrors));

    private List<T> Decode<T>(string topic, Func<byte[], JsonReader, T?> decode) where T : class
    {
        var reader = new JsonReader();
        return Link.Published.Where(m => m.Topic == topic).Select(m => decode(m.Payload, reader)).OfType<T>().ToList();
    }

    private void Tick()
    {
        _time.Advance(Step);
        _sinceLoopPass += Step;
        if (_sinceLoopPass >= VirtualDevice.LoopPause)
        {
            _sinceLoopPass = TimeSpan.Zero;
            Device.RunOnce();
        }
        else
        {
            Device.Pump();
        }
    }
}
