using O2O.Simulator.Devices.Buses;

namespace O2O.Simulator.Devices.Peripherals;

/// <summary>
/// A 128x64 SSD1306 OLED module at its I2C address, emulated from the datasheet (Solomon Systech SSD1306
/// rev 1.1): control bytes (§8.1.5.2), the command set of Table 9-1 with its parameters, all three memory
/// addressing modes (§10.1.3), and the mapping of GDDRAM to the glass through segment remap, COM scan
/// direction, start line and offset. The module's glass is mounted so that column 127 drives SEG0 and rows
/// scan from COM63 (hence the driver's A1h/C8h), so an upright image needs exactly those settings. At power-up
/// the memory holds noise, so a picture can only come from the bytes the driver sends.
/// Commands are decoded in SSD1306Panel.Commands.cs.
/// </summary>
public sealed partial class Ssd1306Panel : II2cTarget, IDisplayPanel
{
    public const int Columns = 128;
    public const int Pages = 8;
    public const int Rows = Pages * 8;
    private readonly byte[] _ram = new byte[Columns * Pages];
    private readonly Random _noise = new(1306);

    public Ssd1306Panel()
    {
        PowerLoss();
    }

    public string Controller => "ssd1306";

    public int Width => Columns;

    public int Height => Rows;

    public bool DisplayOn { get; private set; }

    public bool ChargePumpOn { get; private set; }

    /// <summary>0 horizontal, 1 vertical, 2 page addressing (the reset value).</summary>
    public int AddressingMode { get; private set; }

    public int Contrast { get; private set; }

    /// <summary>Without the charge pump a 3.3 V module has no panel voltage: the glass stays dark even when "on".</summary>
    public bool Showing => DisplayOn && ChargePumpOn;

    public long PixelBytes { get; private set; }

    public int UnknownCommands { get; private set; }

    /// <summary>Transfers whose control byte broke the format (reserved bits set).</summary>
    public int MalformedTransfers { get; private set; }

    public bool Write(ReadOnlySpan<byte> data)
    {
        int i = 0;
        while (i < data.Length)
        {
            byte control = data[i++];
            if ((control & 0x3F) != 0)
            {
                MalformedTransfers++;
                return true;
            }

            bool isData = (control & 0x40) != 0;
            // Co = 1: one byte follows, then another control byte; Co = 0: everything after is of one kind.
            bool single = (control & 0x80) != 0;
            do
            {
                if (i >= data.Length)
                {
                    break;
                }

                if (isData)
                {
                    Store(data[i++]);
                }
                else
                {
                    CommandByte(data[i++]);
                }
            }
            while (!single);
        }

        return true;
    }

    // The module is wired write-only (no status read back over this bus in the driver); reads return the bus idle level.
    public bool Read(Span<byte> buffer)
    {
        buffer.Fill(0xFF);
        return true;
    }

    public PanelImage Capture()
    {
        var rgb = new int[Columns * Rows];
        for (int y = 0; y < Rows; y++)
        {
            for (int x = 0; x < Columns; x++)
            {
                rgb[(y * Columns) + x] = Lit(x, y) ? 0xFFFFFF : 0x000000;
            }
        }

        return new PanelImage(Columns, Rows, rgb);
    }

    public void PowerLoss()
    {
        _noise.NextBytes(_ram);
        ResetRegisters();
    }

    // Glass pixel (x, y) sits on SEG(127 - x) and COM(63 - y); remap and scan direction decide which RAM cell drives it.
    private bool Lit(int x, int y)
    {
        if (!Showing)
        {
            return false;
        }

        int segment = Columns - 1 - x;
        int column = _segmentRemap ? Columns - 1 - segment : segment;
        int com = Rows - 1 - y;
        int row = _comReversed ? _multiplex - com : com;
        if (row < 0 || row > _multiplex)
        {
            return false;
        }

        int ramRow = (row + _startLine + _displayOffset) % Rows;
        bool set = (_ram[((ramRow / 8) * Columns) + column] & (1 << (ramRow % 8))) != 0;
        return _entireOn || (set != _inverse);
    }

    // GDDRAM writes and pointer movement per addressing mode (§10.1.3).
    private void Store(byte data)
    {
        PixelBytes++;
        _ram[(_page * Columns) + _column] = data;
        switch (AddressingMode)
        {
            case 0:
                if (++_column > _columnEnd)
                {
                    _column = _columnStart;
                    _page = _page >= _pageEnd ? _pageStart : _page + 1;
                }

                break;
            case 1:
                if (++_page > _pageEnd)
                {
                    _page = _pageStart;
                    _column = _column >= _columnEnd ? _columnStart : _column + 1;
                }

                break;
            default:
                // Page mode: the column wraps at the end of the row, the page stays.
                if (++_column >= Columns)
                {
                    _column = _pageModeColumn;
                }

                break;
        }
    }
}
