using System.Device.Gpio;
using System.Device.Spi;

namespace O2O.Firmware.Drivers.Tests.Support;

/// <summary>
/// The bus side of an ST7789: an SpiDevice that reads the D/C line from the recording GPIO driver at each
/// transfer, interprets commands (CASET, RASET, RAMWR…) and writes RGB565 pixels into a 240x240 panel.
/// </summary>
internal sealed class St7789Emulator(RecordingGpioDriver gpio, int dataCommandPin) : SpiDevice
{
    private readonly ushort[] _panel = new ushort[240 * 240];
    private byte _command;
    private readonly List<byte> _parameters = [];
    private int _x0, _x1 = 239, _y0, _y1 = 239, _x, _y;

    public bool DisplayOn { get; private set; }

    public bool Awake { get; private set; }

    public List<byte> Commands { get; } = [];

    public override SpiConnectionSettings ConnectionSettings { get; } = new(2, 5);

    public ushort Pixel(int x, int y) => _panel[(y * 240) + x];

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (gpio.Level(dataCommandPin) == PinValue.Low)
        {
            foreach (byte command in buffer)
            {
                Begin(command);
            }

            return;
        }

        if (_command == 0x2C)
        {
            Require(buffer.Length % 2 == 0, "RAMWR data must be whole RGB565 pixels");
            for (int i = 0; i < buffer.Length; i += 2)
            {
                Store((ushort)((buffer[i] << 8) | buffer[i + 1]));
            }

            return;
        }

        _parameters.AddRange(buffer.ToArray());
        Apply();
    }

    public override void Read(Span<byte> buffer) => throw new NotSupportedException();

    public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer) => throw new NotSupportedException();

    private void Begin(byte command)
    {
        _command = command;
        _parameters.Clear();
        Commands.Add(command);
        switch (command)
        {
            case 0x01: Awake = false; DisplayOn = false; break;
            case 0x11: Awake = true; break;
            case 0x29: DisplayOn = true; break;
            case 0x28: DisplayOn = false; break;
            case 0x10: Awake = false; break;
            case 0x2C: _x = _x0; _y = _y0; break;
        }
    }

    private void Apply()
    {
        if (_command == 0x2A && _parameters.Count == 4)
        {
            (_x0, _x1) = ((_parameters[0] << 8) | _parameters[1], (_parameters[2] << 8) | _parameters[3]);
        }
        else if (_command == 0x2B && _parameters.Count == 4)
        {
            (_y0, _y1) = ((_parameters[0] << 8) | _parameters[1], (_parameters[2] << 8) | _parameters[3]);
        }
        else if (_command == 0x3A && _parameters.Count == 1)
        {
            Require(_parameters[0] == 0x55, "only RGB565 is emulated");
        }
    }

    private void Store(ushort colour)
    {
        Require(Awake, "pixels written while the controller sleeps");
        _panel[(_y * 240) + _x] = colour;
        if (++_x > _x1)
        {
            _x = _x0;
            if (++_y > _y1)
            {
                _y = _y0;
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
