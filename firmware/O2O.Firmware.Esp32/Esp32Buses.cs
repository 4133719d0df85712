using System.Device.I2c;
using System.Device.Pwm;
using System.Device.Spi;
using nanoFramework.Hardware.Esp32;
using O2O.Firmware.Core.Definitions;
using O2O.Firmware.Drivers;

namespace O2O.Firmware.Esp32
{
    /// <summary>
    /// The ESP32's buses for the shared driver wiring: each bus's pins are routed (SetPinFunction) the first
    /// time a device on it is opened, so the latch outputs, opened before any bus, are still the first thing set.
    /// </summary>
    internal sealed class Esp32Buses : IPeripheralBuses
    {
        private readonly BoardDefinition _board;
        private bool _i2cRouted;
        private bool _spiRouted;

        public Esp32Buses(BoardDefinition board)
        {
            _board = board;
        }

        public I2cDevice OpenI2c(int address)
        {
            if (!_i2cRouted)
            {
                Configuration.SetPinFunction(_board.Pin("I2C_SDA"), DeviceFunction.I2C1_DATA);
                Configuration.SetPinFunction(_board.Pin("I2C_SCL"), DeviceFunction.I2C1_CLOCK);
                _i2cRouted = true;
            }

            return I2cDevice.Create(new I2cConnectionSettings(1, address, I2cBusSpeed.FastMode));
        }

        public PwmChannel? OpenPwm(int pin, int frequency, double dutyCycle)
        {
            Configuration.SetPinFunction(pin, DeviceFunction.PWM1);
            return PwmChannel.CreateFromPin(pin, frequency, dutyCycle);
        }

        public SpiDevice OpenSpi(int chipSelectPin, int clockFrequency, SpiMode mode)
        {
            if (!_spiRouted)
            {
                Configuration.SetPinFunction(_board.Pin("SPI_SCK"), DeviceFunction.SPI1_CLOCK);
                Configuration.SetPinFunction(_board.Pin("SPI_MOSI"), DeviceFunction.SPI1_MOSI);
                _spiRouted = true;
            }

            var settings = new SpiConnectionSettings(1, chipSelectPin);
            settings.ClockFrequency = clockFrequency;
            settings.Mode = mode;
            return SpiDevice.Create(settings);
        }
    }
}
