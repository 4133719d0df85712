using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace O2O.Simulator.Devices.Peripherals;

/// <summary>
/// Writes a <see cref="PanelImage"/> as a PNG (RFC 2083 / ISO 15948): 8-bit RGB, no filtering, one zlib
/// IDAT chunk. Each panel pixel becomes a scale × scale block, with an optional border, so a QR code
/// shown on a 128×64 OLED is large enough for a phone-style decoder.
/// </summary>
public static class PngEncoder
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static byte[] Encode(PanelImage image, int scale = 1, int border = 0, int borderRgb = 0x000000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(border);
        int width = (image.Width * scale) + (2 * border);
        int height = (image.Height * scale) + (2 * border);
        using var output = new MemoryStream();
        output.Write(Signature);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;  // bits per sample
        header[9] = 2;  // colour type: RGB
        WriteChunk(output, "IHDR", header);

        using (var pixels = new MemoryStream())
        {
            using (var zlib = new ZLibStream(pixels, CompressionLevel.Optimal, leaveOpen: true))
            {
                var row = new byte[1 + (3 * width)];
                for (int y = 0; y < height; y++)
                {
                    row[0] = 0; // filter: none
                    for (int x = 0; x < width; x++)
                    {
                        int imageX = (x - border) / scale;
                        int imageY = (y - border) / scale;
                        bool inside = x >= border && y >= border && imageX < image.Width && imageY < image.Height;
                        int rgb = inside ? image.Pixel(imageX, imageY) : borderRgb;
                        row[1 + (3 * x)] = (byte)(rgb >> 16);
                        row[2 + (3 * x)] = (byte)(rgb >> 8);
                        row[3 + (3 * x)] = (byte)rgb;
                    }

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
