using System.Device.Gpio;
using O2O.Firmware.Core.Definitions;
using O2O.Firmware.Drivers;
using O2O.Simulator.Devices.Buses;
using O2O.Simulator.Devices.Peripherals;

namespace O2O.Simulator.Devices.Physics;

/// <summary>
/// The physical side of one device, built from the same board and device definitions as the firmware: the
/// board's pull resistors, each slot's latch, door, item switch and tag reader, and a timed device's relay and
/// emergency stop, each on the pin or I2C address the definitions give. It watches the output pins through the
/// GPIO emulator's backend and drives the input pins back.
/// </summary>
public sealed class DevicePhysics
{
    private readonly HardwareContext _context;
    private readonly Dictionary<int, LatchCoil> _coils = [];
    private readonly List<CoilDamage> _damage = [];

    public DevicePhysics(HardwareContext context, BoardDefinition board, DeviceDefinition definition, SimulatedGpioDriver gpio, SimulatedI2cBus i2c, PhysicsOptions options, IReadOnlyList<string?> items)
    {
        _context = context;
        lock (context.Gate)
        {
            FitBoardPulls(board, gpio);
            Slots = new SlotMechanism[definition.Slots.Length];
            for (int i = 0; i < Slots.Length; i++)
            {
                SlotDefinition slot = definition.Slots[i];
                string? item = i < items.Count ? items[i] : null;
                var coil = new LatchCoil(i, board.Pin(slot.Latch), definition.Timings, options.CoilLimitSlack, Record);
                _coils[coil.Pin] = coil;
                SwitchContact? door = slot.Door is null ? null : new SwitchContact(gpio, board.Pin(slot.Door), options.SwitchBounce, false);
                SwitchContact? itemSwitch = slot.Item is null ? null : new SwitchContact(gpio, board.Pin(slot.Item), options.SwitchBounce, item is not null);
                TagReaderModule? reader = null;
                if (definition.ItemPrefix.Length > 0)
                {
                    reader = new TagReaderModule();
                    i2c.Attach(DeviceAssembly.TagReaderBaseAddress + i, reader);
                }

                Slots[i] = new SlotMechanism(context, i, coil, door, itemSwitch, reader, options, item);
            }

            if (definition.Session is { } session)
            {
                var emergencyStop = new SwitchContact(gpio, board.Pin(session.EmergencyStop), options.SwitchBounce, false);
                Session = new SessionLoad(context, board.Pin(session.Relay), emergencyStop);
            }

            gpio.LevelChanged += OnLevel;
        }
    }

    public SlotMechanism[] Slots { get; }

    /// <summary>The relay's load and the emergency stop of a timed device; null for slot-only devices.</summary>
    public SessionLoad? Session { get; }

    /// <summary>Every time a coil was driven beyond its rating, oldest first.</summary>
    public IReadOnlyList<CoilDamage> Damage
    {
        get { lock (_context.Gate) { return [.. _damage]; } }
    }

    /// <summary>Moves the mechanics on to now: bolts that have been pulled long enough let go.</summary>
    public void Advance()
    {
        lock (_context.Gate)
        {
            TimeSpan now = _context.Now;
            foreach (SlotMechanism slot in Slots)
            {
                slot.Advance(now);
            }
        }
    }

    // The input lines carry 10 kΩ pull-ups (RC-filtered switch inputs); each MOSFET gate has a pull-down that holds
    // its output off while the pin is not driven (at reset, during a brownout).
    private static void FitBoardPulls(BoardDefinition board, SimulatedGpioDriver gpio)
    {
        foreach (string function in board.Functions())
        {
            if (board.IsInput(function))
            {
                gpio.SetBoardPull(board.Pin(function), PinValue.High);
            }
            else if (board.IsOutput(function))
            {
                gpio.SetBoardPull(board.Pin(function), PinValue.Low);
            }
        }
    }

    // Runs under the hardware lock, from the GPIO emulator, whenever any pin changes.
    private void OnLevel(PinChange change)
    {
        if (_coils.TryGetValue(change.Pin, out LatchCoil? coil))
        {
            coil.OnLevel(change.Level, change.At);
            Slots[coil.Slot].Advance(change.At);
        }
        else if (Session is not null && change.Pin == Session.RelayPin)
        {
            Session.OnRelay(change.Level, change.At);
        }
    }

    private void Record(CoilDamage damage) => _damage.Add(damage);
}
