using System.Diagnostics;
using System.Text;
using O2O.Qr;
using O2O.Simulator.Devices.Peripherals;

namespace O2O.Bench.Fuzz;

/// <summary>
/// The device QR encoder (firmware/O2O.Qr). In the hot loop: never throws, refuses only with a documented error, and
/// every symbol has the structure a reader looks for first (size, finder and timing patterns, the dark module, and
/// both copies of a valid BCH format word naming the level and mask). <see cref="DecodeWithZbar"/> then decodes a
/// sample of random payloads with zbarimg, an independent decoder, back to their text.
/// </summary>
public static class QrTargets
{
    private static readonly int[] FormatBitsOfLevel = [1, 0, 3, 2]; // L, M, Q, H as the format word spells them

    public static FuzzTarget Encoder()
    {
        var encoder = new QrEncoder();
        byte[][] seeds = [[1, 0xff, .. "https://pay.example/q?d=cab-001&s=2&n=ab12&e=1700000000&m=0f3a"u8], [3, 2, .. "HELLO 123"u8], [0, 7, .. new byte[300]]];
        return new FuzzTarget("qr", "never throws; null only with a documented error; symbols have valid size, finders, timing, dark module and format words", seeds, input =>
        {
            var level = (QrErrorCorrection)(input.Length > 0 ? input[0] % 5 : 0); // 4 is not a level: must be refused
            int mask = input.Length > 1 ? (input[1] % 10) - 1 : QrEncoder.AutoMask;  // -1..8: 8 must be refused
            int offset = Math.Min(2, input.Length);
            QrSymbol? symbol = encoder.Encode(input, offset, input.Length - offset, level, 1, 40, mask);
            if (symbol is null)
            {
                Property.Holds(encoder.LastError != QrEncodeError.None && Enum.IsDefined(encoder.LastError), "refused without a documented error");
                Property.Holds((int)level == 4 || mask == 8 || encoder.LastError == QrEncodeError.DataTooLong, "refused valid input: " + encoder.LastError);
                Property.Holds(encoder.LastError != QrEncodeError.DataTooLong || input.Length - offset > 17, "refused 17 bytes or fewer as too long");
                return;
            }

            Property.Holds((int)level != 4 && mask != 8, "accepted an invalid level or mask");
            Property.Holds(mask == QrEncoder.AutoMask || symbol.Mask == mask, "ignored the forced mask");
            CheckStructure(symbol, level);
        });
    }

    public static void CheckStructure(QrSymbol symbol, QrErrorCorrection level)
    {
        int size = symbol.Size;
        Property.Holds(symbol.Version is >= 1 and <= 40 && size == (4 * symbol.Version) + 17 && symbol.Level == level, "bad version, size or level");
        foreach ((int fx, int fy) in new[] { (0, 0), (size - 7, 0), (0, size - 7) })
        {
            for (int dy = -1; dy <= 7; dy++)
            {
                for (int dx = -1; dx <= 7; dx++)
                {
                    int x = fx + dx;
                    int y = fy + dy;
                    if (x < 0 || y < 0 || x >= size || y >= size)
                    {
                        continue;
                    }

                    int ring = Math.Max(Math.Abs(dx - 3), Math.Abs(dy - 3));
                    Property.Holds(symbol.IsDark(x, y) == (ring is 0 or 1 or 3), $"finder pattern wrong at ({x},{y})");
                }
            }
        }

        for (int i = 8; i < size - 8; i++)
        {
            Property.Holds(symbol.IsDark(i, 6) == (i % 2 == 0) && symbol.IsDark(6, i) == (i % 2 == 0), $"timing pattern wrong at {i}");
        }

        Property.Holds(symbol.IsDark(8, size - 8), "the dark module is light");
        int first = 0;
        int second = 0;
        for (int i = 0; i < 15; i++)
        {
            (int x1, int y1) = i <= 5 ? (8, i) : i == 6 ? (8, 7) : i == 7 ? (8, 8) : i == 8 ? (7, 8) : (14 - i, 8);
            (int x2, int y2) = i < 8 ? (size - 1 - i, 8) : (8, size - 15 + i);
            first |= (symbol.IsDark(x1, y1) ? 1 : 0) << i;
            second |= (symbol.IsDark(x2, y2) ? 1 : 0) << i;
        }

        Property.Holds(first == second, "the two format word copies differ");
        Property.Holds(first == FormatWord(FormatBitsOfLevel[(int)level], symbol.Mask), "the format word does not name the symbol's level and mask");
    }

    // ISO/IEC 18004 section 7.9: 5 data bits, a BCH(15,5) remainder with generator 0x537, masked with 0x5412.
    private static int FormatWord(int levelBits, int mask)
    {
        int data = (levelBits << 3) | mask;
        int remainder = data;
        for (int i = 0; i < 10; i++)
        {
            remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537);
        }

        return ((data << 10) | remainder) ^ 0x5412;
    }

    /// <summary>Encodes random printable payloads, decodes all with one zbarimg run; returns the ones that did not come back.</summary>
    public static List<string> DecodeWithZbar(int count, int seed)
    {
        var random = new Random(seed);
        var encoder = new QrEncoder();
        string directory = Directory.CreateTempSubdirectory("o2o-fuzz-zbar-").FullName;
        var texts = new List<string>();
        var files = new List<string>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                string text = new(Enumerable.Range(0, random.Next(1, 200)).Select(_ => (char)random.Next(0x21, 0x7f)).ToArray());
                var level = (QrErrorCorrection)random.Next(4);
                QrSymbol symbol = encoder.Encode(text, level) ?? throw new PropertyViolated("refused a short printable text");
                string file = Path.Combine(directory, $"{i:D5}.png");
                File.WriteAllBytes(file, Render(symbol));
                texts.Add(text);
                files.Add(file);
            }

            string[] decoded = Zbar(files).Split('\n');
            return texts.Where((text, i) => i >= decoded.Length || decoded[i] != text).ToList();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static byte[] Render(QrSymbol symbol, int scale = 4, int quiet = 4)
    {
        int side = (symbol.Size + (2 * quiet)) * scale;
        return PngFile.Write(side, side, PngFile.Greyscale, (py, samples) =>
        {
            for (int px = 0; px < side; px++)
            {
                samples[px] = symbol.IsDark((px / scale) - quiet, (py / scale) - quiet) ? (byte)0 : (byte)255;
            }
        });
    }

    private static string Zbar(List<string> files)
    {
        var start = new ProcessStartInfo("zbarimg") { RedirectStandardOutput = true, RedirectStandardError = true };
        // --raw: the bytes as decoded; only the QR decoder, so no linear barcode is "found" in a big symbol's modules.
        foreach (string argument in new[] { "--raw", "-q", "--nodbus", "-Sdisable", "-Sqrcode.enable" }.Concat(files))
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("zbarimg did not start");
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        _ = errors.Result;
        return output;
    }
}
