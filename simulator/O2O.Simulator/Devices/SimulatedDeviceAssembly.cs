using System.Device.Gpio;
using O2O.Firmware.Core;
using O2O.Firmware.Core.Definitions;
using O2O.Firmware.Drivers;
using O2O.Firmware.Drivers.Display;

namespace O2O.Simulator.Devices;

/// <summary>
/// One boot's drivers, wired as the ESP32 app wires them: a real <see cref="GpioController"/> on the GPIO
/// emulator, the shared <see cref="DeviceAssembly"/> (latches, relay, debounced inputs, tag readers, beeper) on
/// the simulated buses, then the display through <see cref="DeviceScreen"/>. Pins and addresses come from the
/// same board and device definitions; nothing here knows a pin number.
/// </summary>
public sealed class SimulatedDeviceAssembly
{
    private readonly SimulatedHardware _hardware;
    private readonly BoardDefinition _board;
    private readonly DeviceDefinition _definition;

    public SimulatedDeviceAssembly(SimulatedHardware hardware, BoardDefinition board, DeviceDefinition definition, IClock clock)
    {
        _hardware = hardware;
        _board = board;
        _definition = definition;
        Gpio = new GpioController(hardware.Gpio);
        // As on the chip: every latch and relay output is opened, and so driven off, before anything else.
        Drivers = new DeviceAssembly(board, definition, Gpio, hardware.Buses, clock);
    }

    public GpioController Gpio { get; }

    public DeviceAssembly Drivers { get; }

    /// <summary>The display, once the firmware core exists (its state decides the screen).</summary>
    public DeviceScreen? Screen { get; private set; }

    public DeviceScreen OpenScreen(DeviceController device, IDelay delay)
    {
        Screen = new DeviceScreen(_board, _definition, Gpio, _hardware.Buses, delay, device);
        return Screen;
    }
}
