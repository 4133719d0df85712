using System.Device.Gpio;
using System.Device.Spi;
using O2O.Firmware.Core;
using O2O.Firmware.Core.Definitions;
using O2O.Firmware.Drivers.Ssd1306;
using O2O.Firmware.Drivers.St7789;

namespace O2O.Firmware.Drivers.Display
{
    /// <summary>
    /// The device's display, whichever panel its model has (the definition's "display"): opens and initialises
    /// the panel on the board's buses, and sends a frame only when <see cref="ScreenSelector"/> says the screen
    /// changed. Shared by the ESP32 app and the simulator, so both show the same screens through the same drivers.
    /// </summary>
    public sealed class DeviceScreen
    {
        public const string St7789 = "st7789";

        /// <summary>The TFT's SPI write clock (a full 240x240 frame is about 23 ms of bus time at this rate).</summary>
        public const int TftClockHz = 40000000;
        private readonly Ssd1306Display? _oled;
        private readonly St7789Display? _tft;
        private readonly MonochromeFrameBuffer _frame;
        private readonly ScreenSelector _selector;

        public DeviceScreen(BoardDefinition board, DeviceDefinition definition, GpioController gpio, IPeripheralBuses buses, IDelay delay, DeviceController device)
        {
            if (definition.Display == St7789)
            {
                // Reset is tied to EN on o2o-ctrl-1; D/C is a plain output.
                var tft = new St7789Display(buses.OpenSpi(board.Pin("TFT_CS"), TftClockHz, SpiMode.Mode3), gpio.OpenPin(board.Pin("TFT_DC"), PinMode.Output), null, delay);
                tft.Initialize();
                _tft = tft;
                _frame = new MonochromeFrameBuffer(St7789Display.Width, St7789Display.Height);
            }
            else
            {
                var oled = new Ssd1306Display(buses.OpenI2c(Ssd1306Display.DefaultAddress), delay);
                oled.Initialize();
                _oled = oled;
                _frame = new MonochromeFrameBuffer(Ssd1306Display.Width, Ssd1306Display.Height);
            }

            _selector = new ScreenSelector(device, _frame);
        }

        /// <summary>What was last drawn (and, after <see cref="Update"/> returned true, sent).</summary>
        public MonochromeFrameBuffer Frame { get { return _frame; } }

        /// <summary>Draws the right screen; true when it changed and the frame went to the panel.</summary>
        public bool Update()
        {
            if (!_selector.Update())
            {
                return false;
            }

            if (_oled != null) { _oled.Show(_frame); }
            if (_tft != null) { _tft.Show(_frame); }
            return true;
        }
    }
}
