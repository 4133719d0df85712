using System.IO.Compression;
using System.Text;
using O2O.Qr;

namespace O2O.Qr.Tests;

/// <summary>Minimal PNG writer (8-bit greyscale, one IDAT) so tests can hand symbols to zbarimg.</summary>
internal static class PngWriter
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Renders the symbol black on white with a quiet zone of quietModules and scale pixels per module.</summary>
    public static byte[] Render(QrSymbol symbol, int scale = 4, int quietModules = 4)
    {
        int side = (symbol.Size + (2 * quietModules)) * scale;
        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
        {
            var row = new byte[side + 1]; // leading filter byte 0 (None)
            for (int py = 0; py < side; py++)
            {
                int y = (py / scale) - quietModules;
                for (int px = 0; px < side; px++)
                {
                    int x = (px / scale) - quietModules;
                    row[px + 1] = symbol.IsDark(x, y) ? (byte)0 : (byte)255;
                }

                zlib.Write(row);
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        WriteBigEndian(header, 0, (uint)side);
        WriteBigEndian(header, 4, (uint)side);
        header[8] = 8; // bit depth
        header[9] = 0; // colour type: greyscale
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", raw.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        var lengthBytes = new byte[4];
        WriteBigEndian(lengthBytes, 0, (uint)data.Length);
        output.Write(lengthBytes);
        byte[] typeBytes = Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        uint crc = Crc(Crc(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        var crcBytes = new byte[4];
        WriteBigEndian(crcBytes, 0, crc);
        output.Write(crcBytes);
    }

    private static void WriteBigEndian(byte[] buffer, int offset, uint value)
    {
        buffer[offset] = (byte)(value >> 24);
        buffer[offset + 1] = (byte)(value >> 16);
        buffer[offset + 2] = (byte)(value >> 8);
        buffer[offset + 3] = (byte)value;
    }

    // CRC-32 as PNG defines it (ISO 3309 polynomial, reflected 0xEDB88320).
    private static uint Crc(uint crc, byte[] data)
    {
        foreach (byte b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
