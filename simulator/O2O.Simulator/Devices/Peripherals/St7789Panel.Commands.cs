namespace O2O.Simulator.Devices.Peripherals;

/// <summary>The ST7789's command decoder: a command (D/C low), then its parameters or, after RAMWR, pixel data (D/C high).</summary>
public sealed partial class St7789Panel
{
    private const byte MadctlRowOrder = 0x80;     // MY
    private const byte MadctlColumnOrder = 0x40;  // MX
    private const byte MadctlExchange = 0x20;     // MV
    private const byte MadctlBgr = 0x08;
    private readonly byte[] _parameters = new byte[4];
    private readonly byte[] _pixel = new byte[3];
    private byte _command;
    private int _parametersHeld;
    private int _pixelBytesHeld;
    private bool _writingMemory;
    private byte _madctl;
    private byte _colmod;
    private int _columnStart;
    private int _columnEnd;
    private int _rowStart;
    private int _rowEnd;
    private int _column;
    private int _row;

    /// <summary>COLMOD's colour format: 5 = 16-bit, 6 = 18-bit per pixel (the reset value).</summary>
    public int ColourFormat => _colmod & 0x07;

    public byte MemoryAccess => _madctl;

    private int BytesPerPixel => ColourFormat == 6 ? 3 : 2;

    private void ResetRegisters()
    {
        Sleeping = true;
        DisplayOn = false;
        InversionOn = false;
        _madctl = 0;
        _colmod = 0x66;
        _columnStart = 0;
        _columnEnd = MemoryColumns - 1;
        _rowStart = 0;
        _rowEnd = MemoryRows - 1;
        _writingMemory = false;
        _parametersHeld = 0;
    }

    private void Command(byte command)
    {
        _command = command;
        _parametersHeld = 0;
        _writingMemory = false;
        switch (command)
        {
            case 0x00:
                break;
            case 0x01:
                // SWRESET: registers to their defaults; the frame memory keeps its contents.
                ResetRegisters();
                break;
            case 0x10 or 0x11:
                Sleeping = command == 0x10;
                break;
            case 0x12 or 0x13:
                // Partial / normal mode: the whole glass is used here either way.
                break;
            case 0x20 or 0x21:
                InversionOn = command == 0x21;
                break;
            case 0x28 or 0x29:
                DisplayOn = command == 0x29;
                break;
            case 0x2C:
                _writingMemory = true;
                _pixelBytesHeld = 0;
                _column = _columnStart;
                _row = _rowStart;
                break;
            case 0x2A or 0x2B or 0x36 or 0x3A:
                // Parameters follow.
                break;
            default:
                UnknownCommands++;
                break;
        }
    }

    private void Data(byte value)
    {
        if (_writingMemory)
        {
            PixelBytes++;
            _pixel[_pixelBytesHeld++] = value;
            if (_pixelBytesHeld == BytesPerPixel)
            {
                _pixelBytesHeld = 0;
                StorePixel();
            }

            return;
        }

        if (_parametersHeld >= _parameters.Length)
        {
            return;
        }

        _parameters[_parametersHeld++] = value;
        switch (_command)
        {
            case 0x2A when _parametersHeld == 4:
                _columnStart = (_parameters[0] << 8) | _parameters[1];
                _columnEnd = (_parameters[2] << 8) | _parameters[3];
                break;
            case 0x2B when _parametersHeld == 4:
                _rowStart = (_parameters[0] << 8) | _parameters[1];
                _rowEnd = (_parameters[2] << 8) | _parameters[3];
                break;
            case 0x36:
                _madctl = value;
                break;
            case 0x3A:
                _colmod = value;
                break;
        }
    }

    // Pixels fill the window column by column, then row by row, wrapping to its start; MADCTL maps the window to memory.
    private void StorePixel()
    {
        ushort colour = ColourFormat == 6
            ? (ushort)(((_pixel[0] >> 3) << 11) | ((_pixel[1] >> 2) << 5) | (_pixel[2] >> 3))
            : (ushort)((_pixel[0] << 8) | _pixel[1]);
        if ((_madctl & MadctlBgr) != 0)
        {
            colour = (ushort)((colour & 0x07E0) | ((colour & 0x1F) << 11) | (colour >> 11));
        }

        int x = _column;
        int y = _row;
        if ((_madctl & MadctlExchange) != 0)
        {
            (x, y) = (y, x);
        }

        if ((_madctl & MadctlColumnOrder) != 0)
        {
            x = MemoryColumns - 1 - x;
        }

        if ((_madctl & MadctlRowOrder) != 0)
        {
            y = MemoryRows - 1 - y;
        }

        if (x is >= 0 and < MemoryColumns && y is >= 0 and < MemoryRows)
        {
            _memory[(y * MemoryColumns) + x] = colour;
        }

        if (++_column > _columnEnd)
        {
            _column = _columnStart;
            _row = _row >= _rowEnd ? _rowStart : _row + 1;
        }
    }
}
