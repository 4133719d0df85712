namespace O2O.Simulator.Devices.Peripherals;

/// <summary>The SSD1306's command decoder (Table 9-1): a command byte, then its parameter bytes, possibly split across transfers.</summary>
public sealed partial class Ssd1306Panel
{
    private readonly byte[] _parameters = new byte[6];
    private byte _command;
    private int _parametersWanted;
    private int _parametersHeld;
    private int _columnStart;
    private int _columnEnd;
    private int _pageStart;
    private int _pageEnd;
    private int _column;
    private int _page;
    private int _pageModeColumn;
    private bool _segmentRemap;
    private bool _comReversed;
    private bool _inverse;
    private bool _entireOn;
    private int _startLine;
    private int _displayOffset;
    private int _multiplex;

    /// <summary>Scrolling was switched on (not emulated: the picture would move on real glass).</summary>
    public bool Scrolling { get; private set; }

    private void ResetRegisters()
    {
        DisplayOn = false;
        ChargePumpOn = false;
        AddressingMode = 2;
        Contrast = 0x7F;
        Scrolling = false;
        _parametersWanted = 0;
        _columnStart = 0;
        _columnEnd = Columns - 1;
        _pageStart = 0;
        _pageEnd = Pages - 1;
        _column = 0;
        _page = 0;
        _pageModeColumn = 0;
        _segmentRemap = false;
        _comReversed = false;
        _inverse = false;
        _entireOn = false;
        _startLine = 0;
        _displayOffset = 0;
        _multiplex = Rows - 1;
    }

    private void CommandByte(byte value)
    {
        if (_parametersWanted > 0)
        {
            _parameters[_parametersHeld++] = value;
            if (_parametersHeld == _parametersWanted)
            {
                _parametersWanted = 0;
                Execute(_command);
            }

            return;
        }

        _command = value;
        _parametersHeld = 0;
        _parametersWanted = ParameterCount(value);
        if (_parametersWanted == 0)
        {
            Execute(value);
        }
    }

    private static int ParameterCount(byte command) => command switch
    {
        0x20 or 0x81 or 0x8D or 0xA8 or 0xD3 or 0xD5 or 0xD9 or 0xDA or 0xDB => 1,
        0x21 or 0x22 or 0xA3 => 2,
        0x29 or 0x2A => 5,
        0x26 or 0x27 => 6,
        _ => 0,
    };

    private void Execute(byte command)
    {
        switch (command)
        {
            case <= 0x0F:
                _pageModeColumn = (_pageModeColumn & 0xF0) | command;
                SetPageModeColumn();
                break;
            case <= 0x1F:
                _pageModeColumn = (_pageModeColumn & 0x0F) | ((command & 0x07) << 4);
                SetPageModeColumn();
                break;
            case 0x20:
                // 11b is invalid and ignored by the controller.
                AddressingMode = (_parameters[0] & 0x03) == 3 ? AddressingMode : _parameters[0] & 0x03;
                break;
            case 0x21:
                _columnStart = _parameters[0] & 0x7F;
                _columnEnd = _parameters[1] & 0x7F;
                _column = _columnStart;
                break;
            case 0x22:
                _pageStart = _parameters[0] & 0x07;
                _pageEnd = _parameters[1] & 0x07;
                _page = _pageStart;
                break;
            case 0x26 or 0x27 or 0x29 or 0x2A or 0xA3:
                break;
            case 0x2E:
                Scrolling = false;
                break;
            case 0x2F:
                Scrolling = true;
                break;
            case >= 0x40 and <= 0x7F:
                _startLine = command & 0x3F;
                break;
            case 0x81:
                Contrast = _parameters[0];
                break;
            case 0x8D:
                ChargePumpOn = (_parameters[0] & 0x04) != 0;
                break;
            case 0xA0 or 0xA1:
                _segmentRemap = command == 0xA1;
                break;
            case 0xA4 or 0xA5:
                _entireOn = command == 0xA5;
                break;
            case 0xA6 or 0xA7:
                _inverse = command == 0xA7;
                break;
            case 0xA8:
                // Multiplex ratios below 16 are invalid (the controller keeps the last valid one).
                _multiplex = (_parameters[0] & 0x3F) < 15 ? _multiplex : _parameters[0] & 0x3F;
                break;
            case 0xAE or 0xAF:
                DisplayOn = command == 0xAF;
                break;
            case >= 0xB0 and <= 0xB7:
                _page = command & 0x07;
                break;
            case 0xC0 or 0xC8:
                _comReversed = command == 0xC8;
                break;
            case 0xD3:
                _displayOffset = _parameters[0] & 0x3F;
                break;
            case 0xD5 or 0xD9 or 0xDA or 0xDB or 0xE3:
                // Clock, pre-charge, COM pin layout, VCOMH, NOP: electrical settings with no effect on the picture here.
                break;
            default:
                UnknownCommands++;
                break;
        }
    }

    private void SetPageModeColumn()
    {
        if (AddressingMode == 2)
        {
            _column = _pageModeColumn;
        }
    }
}
