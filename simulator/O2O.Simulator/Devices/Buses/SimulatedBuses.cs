using System.Device.I2c;
using System.Device.Pwm;
using System.Device.Spi;
using O2O.Firmware.Drivers;

namespace O2O.Simulator.Devices.Buses;

/// <summary>
/// The board's buses as the firmware's driver wiring opens them (<see cref="IPeripheralBuses"/>): I2C devices on
/// the shared bus, the PWM channel on the buzzer pin, the SPI device behind the TFT's chip select. Pins with
/// nothing wired to them get working but unconnected channels, as the chip would give.
/// </summary>
public sealed class SimulatedBuses(HardwareContext context, SimulatedGpioDriver gpio, SimulatedI2cBus i2c, SimulatedPwmChannel buzzer, SpiWiring? spi) : IPeripheralBuses
{
    public I2cDevice OpenI2c(int address) => i2c.Open(address);

    public PwmChannel? OpenPwm(int pin, int frequency, double dutyCycle)
    {
        SimulatedPwmChannel channel = pin == buzzer.Pin ? buzzer : new SimulatedPwmChannel(context, pin);
        channel.Frequency = frequency;
        channel.DutyCycle = dutyCycle;
        return channel;
    }

    public SpiDevice OpenSpi(int chipSelectPin, int clockFrequency, SpiMode mode)
    {
        var settings = new SpiConnectionSettings(1, chipSelectPin) { ClockFrequency = clockFrequency, Mode = mode };
        bool wired = spi is not null && spi.ChipSelectPin == chipSelectPin;
        return new SimulatedSpiDevice(context, settings, wired ? spi!.Target : null, gpio, wired ? spi!.DataCommandPin : chipSelectPin);
    }
}

/// <summary>An SPI peripheral on the board: its chip-select and data/command pins.</summary>
public sealed record SpiWiring(int ChipSelectPin, int DataCommandPin, ISpiTarget Target);
