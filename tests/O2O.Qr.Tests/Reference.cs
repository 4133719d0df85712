using System.Text;
using O2O.Qr;
using QRCoder;

namespace O2O.Qr.Tests;

/// <summary>QRCoder 1.8.1 as the reference encoder, with its output reduced to a plain module grid.</summary>
internal static class Reference
{
    private const int QuietZone = 4; // QRCodeData adds 4 light modules on every side

    /// <summary>
    /// Encodes with QRCoder so that it writes the same single segment, in the same mode and bytes, as
    /// <see cref="QrEncoder"/> (requestedVersion -1 lets QRCoder pick the smallest version itself):
    /// <list type="bullet">
    /// <item>Byte-mode text: forceUtf8, because QRCoder otherwise writes ISO-8859-1 whenever every character is below
    /// U+0100 (QrEncoder always writes UTF-8), and EciMode.Default, so there is no ECI header (QrEncoder writes none).
    /// forceUtf8 also keeps QRCoder from splitting the text into mixed-mode segments.</item>
    /// <item>Numeric or alphanumeric text: forceUtf8 would force byte mode, so instead eciMode is set to ISO-8859-1.
    /// With EciMode.Default QRCoder 1.8 runs the Annex J.2 mode optimisation and may split e.g. "0123456789ABC" into a
    /// numeric and an alphanumeric segment (and encodes "" as an empty byte segment); with any other ECI mode it writes
    /// one numeric or alphanumeric segment, and the ECI mode itself is only written before byte segments, so the bits
    /// are exactly those of the plain single segment.</item>
    /// </list>
    /// </summary>
    public static QRCodeData Encode(string text, QrErrorCorrection level, int requestedVersion = -1)
    {
        bool byteMode = !text.All(IsAlphanumeric);
        return QRCodeGenerator.GenerateQrCode(text, ToQrCoder(level), forceUtf8: byteMode, utf8BOM: false,
            eciMode: byteMode ? QRCodeGenerator.EciMode.Default : QRCodeGenerator.EciMode.Iso8859_1,
            requestedVersion: requestedVersion);
    }

    public static QRCodeGenerator.ECCLevel ToQrCoder(QrErrorCorrection level) => level switch
    {
        QrErrorCorrection.L => QRCodeGenerator.ECCLevel.L,
        QrErrorCorrection.M => QRCodeGenerator.ECCLevel.M,
        QrErrorCorrection.Q => QRCodeGenerator.ECCLevel.Q,
        _ => QRCodeGenerator.ECCLevel.H,
    };

    /// <summary>The symbol without QRCoder's quiet zone, as rows of booleans (true = dark).</summary>
    public static bool[][] Modules(QRCodeData data)
    {
        int size = data.ModuleMatrix.Count - (2 * QuietZone);
        Assert.Equal((data.Version * 4) + 17, size);
        var rows = new bool[size][];
        for (int y = 0; y < size; y++)
        {
            rows[y] = new bool[size];
            for (int x = 0; x < size; x++)
            {
                rows[y][x] = data.ModuleMatrix[y + QuietZone][x + QuietZone];
            }
        }

        return rows;
    }

    /// <summary>
    /// Reads the mask QRCoder chose from the first copy of the format information (ISO/IEC 18004:2015 section 7.9.1,
    /// Figure 25), since QRCoder has no way to force or report the mask: unmask with 0x5412, bits 12..10 are the mask.
    /// </summary>
    public static int Mask(bool[][] modules)
    {
        int bits = 0;
        for (int i = 0; i < 15; i++)
        {
            (int x, int y) = i < 6 ? (8, i) : i < 8 ? (8, i + 1) : i == 8 ? (7, 8) : (14 - i, 8);
            if (modules[y][x])
            {
                bits |= 1 << i;
            }
        }

        return ((bits ^ 0x5412) >> 10) & 7;
    }

    public static bool[][] Modules(QrSymbol symbol)
    {
        var rows = new bool[symbol.Size][];
        for (int y = 0; y < symbol.Size; y++)
        {
            rows[y] = new bool[symbol.Size];
            for (int x = 0; x < symbol.Size; x++)
            {
                rows[y][x] = symbol.IsDark(x, y);
            }
        }

        return rows;
    }

    /// <summary>Null when equal, otherwise a description of the first differing modules.</summary>
    public static string? Difference(bool[][] expected, bool[][] actual)
    {
        if (expected.Length != actual.Length)
        {
            return $"size {actual.Length}, expected {expected.Length}";
        }

        var diff = new StringBuilder();
        int count = 0;
        for (int y = 0; y < expected.Length; y++)
        {
            for (int x = 0; x < expected.Length; x++)
            {
                if (expected[y][x] != actual[y][x] && count++ < 10)
                {
                    diff.Append($"({x},{y}) ");
                }
            }
        }

        return count == 0 ? null : $"{count} modules differ, first at {diff}";
    }

    private static bool IsAlphanumeric(char c) =>
        c is (>= '0' and <= '9') or (>= 'A' and <= 'Z') or ' ' or '$' or '%' or '*' or '+' or '-' or '.' or '/' or ':';
}
