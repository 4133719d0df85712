using System;
using System.Device.Gpio;
using System.Device.Spi;
using O2O.Firmware.Drivers.Display;

namespace O2O.Firmware.Drivers.St7789
{
    /// <summary>
    /// ST7789 240x240 colour TFT on SPI (Sitronix ST7789V datasheet v1.0), in 16-bit RGB565. The D/C pin
    /// tells command bytes (low) from parameters and pixels (high). A monochrome frame is expanded to two
    /// colours one row at a time, so the ESP32 never holds a 115 KB colour frame.
    /// Disposal: the caller owns the <see cref="SpiDevice"/> and the pins.
    /// </summary>
    public sealed class St7789Display
    {
        public const int Width = 240;
        public const int Height = 240;
        private readonly SpiDevice _spi;
        private readonly GpioPin _dataCommand;
        private readonly GpioPin? _reset;
        private readonly IDelay _delay;
        private readonly byte[] _row = new byte[Width * 2];
        private readonly byte[] _one = new byte[1];

        /// <param name="reset">The panel's reset line, or null where the board ties it to the ESP32's EN.</param>
        public St7789Display(SpiDevice spi, GpioPin dataCommand, GpioPin? reset, IDelay delay)
        {
            _spi = spi;
            _dataCommand = dataCommand;
            _reset = reset;
            _delay = delay;
        }

        /// <summary>Foreground colour (RGB565) for set pixels.</summary>
        public ushort Foreground { get; set; } = 0xFFFF;

        /// <summary>Background colour (RGB565) for clear pixels.</summary>
        public ushort Background { get; set; } = 0x0000;

        public void Initialize()
        {
            if (_reset != null)
            {
                // Reset pulse of at least 10 µs, then up to 120 ms before the controller accepts commands (§7.4.5, reset timing).
                _reset.Write(PinValue.Low);
                _delay.Milliseconds(1);
                _reset.Write(PinValue.High);
                _delay.Milliseconds(120);
            }

            Command(0x01);                 // SWRESET
            _delay.Milliseconds(120);      // 120 ms before Sleep Out may follow a software reset (§9.1.2)
            Command(0x11);                 // SLPOUT
            _delay.Milliseconds(120);      // supply and clocks settle for 120 ms after Sleep Out (§9.1.12)
            Command(0x3A, 0x55);           // COLMOD: 16 bits per pixel, RGB565
            Command(0x36, 0x00);           // MADCTL: top to bottom, left to right, RGB order
            Command(0x21);                 // INVON: IPS panels show true colours with inversion on
            Command(0x13);                 // NORON: normal display mode
            Command(0x29);                 // DISPON
        }

        public void Show(MonochromeFrameBuffer frame)
        {
            if (frame.Width != Width || frame.Height != Height)
            {
                throw new ArgumentException("the ST7789 shows a 240x240 frame");
            }

            Command(0x2A, 0, 0, 0, Width - 1);  // CASET: columns 0..239
            Command(0x2B, 0, 0, 0, Height - 1); // RASET: rows 0..239
            Command(0x2C);                      // RAMWR: pixels follow, row by row
            _dataCommand.Write(PinValue.High);
            for (int y = 0; y < Height; y++)
            {
                for (int x = 0; x < Width; x++)
                {
                    ushort colour = frame.GetPixel(x, y) ? Foreground : Background;
                    _row[2 * x] = (byte)(colour >> 8);
                    _row[(2 * x) + 1] = (byte)colour;
                }

                _spi.Write(_row);
            }
        }

        /// <summary>Display off and sleep in (§9.1.10): the backlight is the board's to switch.</summary>
        public void PowerOff()
        {
            Command(0x28);
            Command(0x10);
        }

        private void Command(byte command)
        {
            _dataCommand.Write(PinValue.Low);
            _one[0] = command;
            _spi.Write(_one);
        }

        private void Command(byte command, int a, int b, int c, int d)
        {
            Command(command);
            _dataCommand.Write(PinValue.High);
            _spi.Write(new byte[] { (byte)a, (byte)b, (byte)c, (byte)d });
        }

        private void Command(byte command, byte parameter)
        {
            Command(command);
            _dataCommand.Write(PinValue.High);
            _one[0] = parameter;
            _spi.Write(_one);
        }
    }
}
