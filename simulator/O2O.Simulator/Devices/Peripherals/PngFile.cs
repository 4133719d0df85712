using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace O2O.Simulator.Devices.Peripherals;

/// <summary>
/// The PNG container (RFC 2083 / ISO 15948) for 8-bit images: signature, IHDR, one zlib IDAT of unfiltered rows,
/// IEND, each chunk with its CRC-32. Callers only fill pixel rows. Also compiled into O2O.Qr.Tests, which hands
/// QR symbols to zbarimg the same way.
/// </summary>
internal static class PngFile
{
    public const byte Greyscale = 0;
    public const byte Rgb = 2;

    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Fills one row's samples (1 byte per pixel for greyscale, 3 for RGB), without the filter byte.</summary>
    public delegate void RowWriter(int y, Span<byte> samples);

    public static byte[] Write(int width, int height, byte colourType, RowWriter fillRow)
    {
        using var output = new MemoryStream();
        output.Write(Signature);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per sample
        header[9] = colourType;
        WriteChunk(output, "IHDR", header);

        using (var pixels = new MemoryStream())
        {
            using (var zlib = new ZLibStream(pixels, CompressionLevel.Optimal, leaveOpen: true))
            {
                var row = new byte[1 + (width * (colourType == Rgb ? 3 : 1))];
                for (int y = 0; y < height; y++)
                {
                    row[0] = 0; // filter: none
                    fillRow(y, row.AsSpan(1));
                    zlib.Write(row);
                }
            }

            WriteChunk(output, "IDAT", pixels.ToArray());
        }

        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    // Length, type, data, then the CRC-32 of type and data (RFC 2083 §3.2).
    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        byte[] typeBytes = Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        uint crc = Crc(Crc(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        var crcBytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crcBytes, crc);
        output.Write(crcBytes);
    }

    private static uint Crc(uint crc, byte[] data)
    {
        foreach (byte b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    // The reflected CRC-32 of ISO 3309 (polynomial 0xEDB88320), as PNG specifies.
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
