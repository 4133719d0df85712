using System.Device.I2c;
using System.Device.Pwm;
using System.Device.Spi;

namespace O2O.Firmware.Drivers
{
    /// <summary>
    /// The board's shared buses, as the driver wiring needs them. The ESP32 app routes the pins to the
    /// peripherals and creates nanoFramework devices; the simulator hands out bus emulators. Keeping the
    /// creation behind this seam lets the same wiring code (<see cref="DeviceAssembly"/>) run on both.
    /// </summary>
    public interface IPeripheralBuses
    {
        /// <summary>A device on the board's I2C bus (I2C_SDA/I2C_SCL), at its 7-bit address.</summary>
        I2cDevice OpenI2c(int address);

        /// <summary>A PWM channel on the pin, or null when none can be had (the device then runs silent).</summary>
        PwmChannel? OpenPwm(int pin, int frequency, double dutyCycle);

        /// <summary>A device on the board's SPI bus (SPI_SCK/SPI_MOSI), selected by its chip-select pin.</summary>
        SpiDevice OpenSpi(int chipSelectPin, int clockFrequency, SpiMode mode);
    }
}
