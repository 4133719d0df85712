using System.Text;

namespace O2O.Bench.Fuzz;

/// <summary>
/// Makes inputs from seeds the way byte-level fuzzers do (bit flips, interesting values, inserted and deleted runs,
/// splices of two seeds), plus tokens of the formats under test (JSON punctuation, escapes, huge numbers), so that
/// most inputs are nearly valid and reach deep into the parsers. One input in ten is plain random bytes.
/// </summary>
public sealed class Mutator(Random random, IReadOnlyList<byte[]> seeds)
{
    private static readonly byte[][] Dictionary = new[]
    {
        "{", "}", "[", "]", ":", ",", "\"", "\\", "\\u0000", "\\ud800", "\\u00e9", "null", "true", "false", "-", "0", "-0", "1e308", "9223372036854775807",
        "-9223372036854775808", "18446744073709551616", "0.5", "\"v\":1", "\"v\":2", "\"seq\":", "\"type\":", " ", "\t", "\n", "\r", "\u00ff", "\ufeff", "=",
    }.Select(Encoding.UTF8.GetBytes).ToArray();

    private static readonly byte[] Interesting = [0, 1, 0x7f, 0x80, 0xff, (byte)'"', (byte)'\\', (byte)'{', (byte)'}', (byte)' ', 0x1b, 0x08, 0x7f, (byte)'\r', (byte)'\n'];

    public byte[] Next()
    {
        if (seeds.Count == 0 || random.Next(10) == 0)
        {
            var bytes = new byte[random.Next(0, 256)];
            random.NextBytes(bytes);
            return bytes;
        }

        var data = new List<byte>(seeds[random.Next(seeds.Count)]);
        int mutations = 1 + random.Next(8);
        for (int i = 0; i < mutations; i++)
        {
            Mutate(data);
        }

        return data.ToArray();
    }

    private void Mutate(List<byte> data)
    {
        int at = data.Count == 0 ? 0 : random.Next(data.Count);
        switch (random.Next(8))
        {
            case 0 when data.Count > 0:
                data[at] ^= (byte)(1 << random.Next(8));
                break;
            case 1 when data.Count > 0:
                data[at] = Interesting[random.Next(Interesting.Length)];
                break;
            case 2:
                data.InsertRange(at, Dictionary[random.Next(Dictionary.Length)]);
                break;
            case 3 when data.Count > 0:
                data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(16)));
                break;
            case 4 when data.Count > 0:
                int length = Math.Min(data.Count - at, 1 + random.Next(32));
                data.InsertRange(random.Next(data.Count), data.GetRange(at, length));
                break;
            case 5:
                byte[] other = seeds[random.Next(seeds.Count)];
                int from = other.Length == 0 ? 0 : random.Next(other.Length);
                data.RemoveRange(at, data.Count - at);
                data.AddRange(other.AsSpan(from).ToArray());
                break;
            case 6 when data.Count > 0:
                data[at] = (byte)random.Next(256);
                break;
            default:
                data.Insert(at, (byte)random.Next(0x20, 0x7f));
                break;
        }
    }
}
