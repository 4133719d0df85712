using System.Text;
using O2O.Simulator.Devices.Buses;

namespace O2O.Simulator.Devices.Peripherals;

/// <summary>
/// The slot's tag-reader module on the I2C bus (one per slot, at 0x20 + slot), as the I2cTagReader driver
/// expects it: a register file read from a pointer that a one-byte write sets and every byte read advances.
/// Register 0 is the status (bit 0: a tag in range), 1 the id length (0-16), 2-17 the id in ASCII; reads past
/// the end return 0xFF (an idle bus). Backend: which tag is in range, and a silent-module fault.
/// </summary>
public sealed class TagReaderModule : II2cTarget
{
    public const int MaxIdLength = 16;
    public const int RegisterCount = 2 + MaxIdLength;
    private byte[] _id = [];
    private int _pointer;

    /// <summary>The tag in range, or null; set by the slot's mechanics.</summary>
    public string? Tag
    {
        get => _id.Length == 0 ? null : Encoding.ASCII.GetString(_id);
        set
        {
            byte[] id = value is null ? [] : Encoding.ASCII.GetBytes(value);
            if (id.Length > MaxIdLength)
            {
                throw new ArgumentException($"a tag id holds at most {MaxIdLength} characters", nameof(value));
            }

            _id = id;
        }
    }

    /// <summary>Fault: the module does not acknowledge (unplugged, dead, address conflict).</summary>
    public bool Silent { get; set; }

    /// <summary>Read transfers answered, i.e. polls the firmware made.</summary>
    public int Reads { get; private set; }

    public bool Write(ReadOnlySpan<byte> data)
    {
        if (Silent)
        {
            return false;
        }

        // The first byte selects the register; the registers are read-only, so anything after it is ignored.
        if (data.Length > 0)
        {
            _pointer = data[0];
        }

        return true;
    }

    public bool Read(Span<byte> buffer)
    {
        if (Silent)
        {
            return false;
        }

        Reads++;
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = Register(_pointer++);
        }

        return true;
    }

    private byte Register(int register) => register switch
    {
        0 => (byte)(_id.Length > 0 ? 1 : 0),
        1 => (byte)_id.Length,
        < RegisterCount => register - 2 < _id.Length ? _id[register - 2] : (byte)0,
        _ => 0xFF,
    };
}
