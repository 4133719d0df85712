using System;
using System.Device.I2c;
using O2O.Firmware.Drivers.Display;

namespace O2O.Firmware.Drivers.Ssd1306
{
    /// <summary>
    /// SSD1306 128x64 monochrome OLED on I2C (Solomon Systech SSD1306 datasheet rev 1.1). Every transfer
    /// starts with a control byte (§8.1.5.2): 0x00 for a command stream, 0x40 for display data. The whole
    /// frame is sent in horizontal addressing mode, so GDDRAM fills page by page exactly as the framebuffer is laid out.
    /// Disposal: the caller owns the <see cref="I2cDevice"/>.
    /// </summary>
    public sealed class Ssd1306Display
    {
        public const int Width = 128;
        public const int Height = 64;
        public const int DefaultAddress = 0x3C;
        private const byte CommandStream = 0x00;
        private const byte DataStream = 0x40;
        /// <summary>Data bytes per I2C write: small enough for any ESP32 I2C buffer, big enough to keep a frame under 70 transfers.</summary>
        private const int ChunkBytes = 16;
        private readonly I2cDevice _device;
        private readonly IDelay _delay;
        private readonly byte[] _chunk = new byte[ChunkBytes + 1];

        public Ssd1306Display(I2cDevice device, IDelay delay)
        {
            _device = device;
            _delay = delay;
        }

        /// <summary>Wakes the panel with the charge pump on, horizontal addressing and the usual module wiring.</summary>
        public void Initialize()
        {
            Command(new byte[]
            {
                0xAE,       // display off while configuring (Table 9-1, "Set Display ON/OFF")
                0xD5, 0x80, // display clock: divide 1, oscillator at its reset value
                0xA8, 0x3F, // multiplex ratio 64
                0xD3, 0x00, // no display offset
                0x40,       // display start line 0
                0x8D, 0x14, // charge pump on: modules run the panel from 3.3 V (charge pump application note)
                0x20, 0x00, // horizontal addressing mode (§10.1.3)
                0xA1,       // segment remap: column 127 is SEG0, as modules mount the glass
                0xC8,       // COM scan from COM63 down, likewise
                0xDA, 0x12, // COM pins: alternative configuration for 128x64
                0x81, 0xCF, // contrast
                0xD9, 0xF1, // pre-charge periods for the internal charge pump
                0xDB, 0x40, // VCOMH deselect level
                0xA4,       // display follows RAM
                0xA6,       // normal, not inverted
            });
            Clear();
            Command(new byte[] { 0xAF });
            // Segments and commons turn on 100 ms after Display ON (§8.9, power-on sequence).
            _delay.Milliseconds(100);
        }

        public void Show(MonochromeFrameBuffer frame)
        {
            if (frame.Width != Width || frame.Height != Height)
            {
                throw new ArgumentException("the SSD1306 shows a 128x64 frame");
            }

            // Column and page windows cover the whole screen, so the write pointer wraps back to the top.
            Command(new byte[] { 0x21, 0x00, 0x7F, 0x22, 0x00, 0x07 });
            byte[] pixels = frame.Bytes;
            _chunk[0] = DataStream;
            for (int offset = 0; offset < pixels.Length; offset += ChunkBytes)
            {
                Array.Copy(pixels, offset, _chunk, 1, ChunkBytes);
                _device.Write(_chunk);
            }
        }

        public void Clear()
        {
            Show(new MonochromeFrameBuffer(Width, Height));
        }

        /// <summary>Display off: the panel draws almost nothing (sleep mode, §10.1.12).</summary>
        public void PowerOff()
        {
            Command(new byte[] { 0xAE });
        }

        private void Command(byte[] commands)
        {
            var buffer = new byte[commands.Length + 1];
            buffer[0] = CommandStream;
            Array.Copy(commands, 0, buffer, 1, commands.Length);
            _device.Write(buffer);
        }
    }
}
