using O2O.Firmware.Core.Definitions;
using O2O.Firmware.Drivers.Display;
using O2O.Firmware.Drivers.Ssd1306;
using O2O.Simulator.Devices.Buses;
using O2O.Simulator.Devices.Peripherals;
using O2O.Simulator.Devices.Physics;

namespace O2O.Simulator.Devices;

/// <summary>
/// Everything physical about one virtual device: the controller board's buses (GPIO, I2C, PWM, SPI emulators),
/// the display module on them, and the mechanics. It outlives firmware boots: a brownout resets the chip and the
/// display, not the drawers or the items in them.
/// </summary>
public sealed class SimulatedHardware
{
    public SimulatedHardware(BoardDefinition board, DeviceDefinition definition, SimulationTime time, PhysicsOptions options, IReadOnlyList<string?> items)
    {
        Board = board;
        Context = new HardwareContext(time);
        Gpio = new SimulatedGpioDriver(Context);
        I2c = new SimulatedI2cBus(Context);
        Buzzer = new SimulatedPwmChannel(Context, board.Pin("BEEP"));
        SpiWiring? spi = null;
        if (definition.Display == DeviceScreen.St7789)
        {
            var tft = new St7789Panel();
            spi = new SpiWiring(board.Pin("TFT_CS"), board.Pin("TFT_DC"), tft);
            Display = tft;
        }
        else
        {
            var oled = new Ssd1306Panel();
            I2c.Attach(Ssd1306Display.DefaultAddress, oled);
            Display = oled;
        }

        Buses = new SimulatedBuses(Context, Gpio, I2c, Buzzer, spi);
        Physics = new DevicePhysics(Context, board, definition, Gpio, I2c, options, items);
    }

    /// <summary>The controller board: pin names (OUT1, IN5, BEEP, ...) to GPIO numbers.</summary>
    public BoardDefinition Board { get; }

    public HardwareContext Context { get; }

    public SimulatedGpioDriver Gpio { get; }

    public SimulatedI2cBus I2c { get; }

    public SimulatedPwmChannel Buzzer { get; }

    public IDisplayPanel Display { get; }

    /// <summary>The buses as the firmware's driver wiring opens them.</summary>
    public SimulatedBuses Buses { get; }

    public DevicePhysics Physics { get; }

    /// <summary>Interrupt-time work up to now: mechanics move on, bounce edges due by now reach the pins.</summary>
    public void Pump()
    {
        lock (Context.Gate)
        {
            Physics.Advance();
            Gpio.Pump();
        }
    }

    /// <summary>The supply sags: the chip resets (pins float, the PWM unit stops) and the display loses its memory.</summary>
    public void PowerLoss()
    {
        lock (Context.Gate)
        {
            Gpio.PowerLoss();
            Buzzer.PowerLoss();
            Display.PowerLoss();
        }
    }
}
