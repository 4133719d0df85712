using System.Device.I2c;

namespace O2O.Firmware.Drivers.Tests.Support;

/// <summary>
/// The bus side of an SSD1306: an I2cDevice that interprets what the driver writes, command stream or
/// display data, into the controller's 128x8-page GDDRAM. The picture comes only from the bytes on the bus.
/// </summary>
internal sealed class Ssd1306Emulator : I2cDevice
{
    private readonly byte[] _ram = new byte[128 * 8];
    private int _columnStart;
    private int _columnEnd = 127;
    private int _pageStart;
    private int _pageEnd = 7;
    private int _column;
    private int _page;

    public bool DisplayOn { get; private set; }

    public bool ChargePumpOn { get; private set; }

    public int Writes { get; private set; }

    public override I2cConnectionSettings ConnectionSettings { get; } = new(1, 0x3C);

    public bool Pixel(int x, int y) => (_ram[((y / 8) * 128) + x] & (1 << (y % 8))) != 0;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Writes++;
        if (buffer.Length == 0)
        {
            throw new InvalidOperationException("empty I2C write");
        }

        if (buffer[0] == 0x40)
        {
            foreach (byte data in buffer[1..])
            {
                Store(data);
            }

            return;
        }

        if (buffer[0] != 0x00)
        {
            throw new InvalidOperationException($"unexpected control byte 0x{buffer[0]:X2}");
        }

        Commands(buffer[1..].ToArray());
    }

    public override void Read(Span<byte> buffer) => throw new NotSupportedException("the driver never reads");

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer) => throw new NotSupportedException();

    private void Commands(byte[] bytes)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            switch (bytes[i])
            {
                case 0xAE: DisplayOn = false; break;
                case 0xAF: DisplayOn = true; break;
                case 0x8D: ChargePumpOn = bytes[++i] == 0x14; break;
                case 0x20: Require(bytes[++i] == 0x00, "only horizontal addressing is emulated"); break;
                case 0x21: _columnStart = bytes[++i]; _columnEnd = bytes[++i]; _column = _columnStart; break;
                case 0x22: _pageStart = bytes[++i]; _pageEnd = bytes[++i]; _page = _pageStart; break;
                case 0xD5 or 0xA8 or 0xD3 or 0xDA or 0x81 or 0xD9 or 0xDB: i++; break;
                case 0x40 or 0xA1 or 0xC8 or 0xA4 or 0xA6: break;
                default: throw new InvalidOperationException($"command 0x{bytes[i]:X2} is not emulated");
            }
        }
    }

    // Horizontal addressing (datasheet §10.1.3): column advances, then wraps to the next page of the window.
    private void Store(byte data)
    {
        _ram[(_page * 128) + _column] = data;
        if (++_column > _columnEnd)
        {
            _column = _columnStart;
            if (++_page > _pageEnd)
            {
                _page = _pageStart;
            }
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
