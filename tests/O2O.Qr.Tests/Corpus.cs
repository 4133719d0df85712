using System.Text;
using O2O.Qr;

namespace O2O.Qr.Tests;

/// <summary>One input at one error correction level.</summary>
internal sealed record QrCase(string Label, string Text, QrErrorCorrection Level);

/// <summary>The inputs every comparison and decode test runs over.</summary>
internal static class Corpus
{
    public const string PaymentUrl =
        "https://pay.o2o.example/q?d=cab-001&s=0&n=3b29ebe72f85dd4a&e=1795528329&m=00112233445566778899aabbccddeeff";

    public static readonly QrErrorCorrection[] Levels = [QrErrorCorrection.L, QrErrorCorrection.M, QrErrorCorrection.Q, QrErrorCorrection.H];

    // Versions where a capacity boundary is tested: the smallest, the first with alignment patterns (2), the last
    // without version information (6) and the first with it (7), both sides of the character count indicator
    // width changes (9/10 and 26/27), the version with the irregular alignment spacing (32) and the largest.
    public static readonly int[] BoundaryVersions = [1, 2, 6, 7, 9, 10, 13, 26, 27, 32, 40];

    private static readonly (string Label, string Text)[] Texts =
    [
        ("payment URL (100 bytes)", PaymentUrl),
        ("short URL", "https://o2o.example/"),
        ("URL 60", "https://pay.o2o.example/q?d=cab-001&s=3&n=0000000000000001"),
        ("URL 300", Repeat("https://pay.o2o.example/q?d=cab-001&s=0&n=3b29ebe72f85dd4a&", 300)),
        ("URL 1000", Repeat("https://pay.o2o.example/receipt?order=ord-000123&item=PB-0042&", 1000)),
        ("URL 2000", Repeat("https://o2o.example/a?b=c&d=e#f%20g~h_i", 2000)),
        ("upper-case URL (alphanumeric)", "HTTPS://PAY.O2O.EXAMPLE/Q/CAB-001/0/3B29EBE72F85DD4A/1795528329"),
        ("HELLO WORLD", "HELLO WORLD"),
        ("all alphanumeric symbols", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"),
        ("alphanumeric 500", Repeat("O2O CAB-001 SLOT 3 $1.50 +TAX 10% */:", 500)),
        ("digits", "0123456789"),
        ("digits 1 mod 3", "3141592653589"),
        ("digits 2 mod 3", "27182818284590"),
        ("digits 1000", Repeat("9780201633610", 1000)),
        ("one digit", "7"),
        ("one letter", "A"),
        ("one byte", "a"),
        ("empty", ""),
        ("Latin-1 range as UTF-8", "Grüße aus Köln – Café №5"),
        ("Chinese", "扫码支付，自动售货机欢迎您"),
        ("Chinese and ASCII", "售货机 cab-001：请扫码支付 ¥3.50 https://pay.o2o.example/q?d=cab-001"),
        ("Chinese 600", Repeat("自动售货机扫码支付测试", 600 / 3)),
        ("emoji (4-byte UTF-8)", "🥤 soda 🍫 chocolate ✓"),
        ("mixed case", "Hello, World!"),
        ("JSON", "{\"v\":1,\"id\":\"cab-001\",\"slot\":2,\"price\":150}"),
    ];

    private static readonly List<QrCase> Built = Build();

    public static IReadOnlyList<QrCase> Cases => Built;

    /// <summary>xunit member data: the index of each case plus its label, so test names stay readable.</summary>
    public static IEnumerable<object[]> CaseIndexes() => Built.Select((c, i) => new object[] { i, $"{c.Label} @{c.Level}" });

    public static string Repeat(string unit, int length)
    {
        var sb = new StringBuilder(length + unit.Length);
        while (sb.Length < length)
        {
            sb.Append(unit);
        }

        return sb.ToString(0, length);
    }

    private static List<QrCase> Build()
    {
        var cases = new List<QrCase>();
        foreach (QrErrorCorrection level in Levels)
        {
            foreach (var (label, text) in Texts)
            {
                cases.Add(new QrCase(label, text, level));
            }
        }

        // Capacity boundaries: the longest input of each mode that fits a version, and one more character, which
        // must move to the next version (or be refused at 40).
        var encoder = new QrEncoder();
        (string Mode, string Unit)[] modes = [("numeric", "0123456789"), ("alphanumeric", "O2O CAB-001/$%*+.:"), ("byte", "https://pay.o2o.example/q?d=")];
        foreach (QrErrorCorrection level in Levels)
        {
            foreach (var (mode, unit) in modes)
            {
                foreach (int version in BoundaryVersions)
                {
                    int max = MaxLength(encoder, unit, level, version);
                    cases.Add(new QrCase($"{mode} {max} (fills v{version})", Repeat(unit, max), level));
                    cases.Add(new QrCase($"{mode} {max + 1} (overflows v{version})", Repeat(unit, max + 1), level));
                }
            }
        }

        return cases;
    }

    /// <summary>Longest prefix-length of the repeated unit that the encoder fits into version (binary search).</summary>
    public static int MaxLength(QrEncoder encoder, string unit, QrErrorCorrection level, int version)
    {
        int low = 0;
        int high = 8000;
        while (low < high)
        {
            int mid = (low + high + 1) / 2;
            if (encoder.Encode(Repeat(unit, mid), level, 1, version, QrEncoder.AutoMask) != null)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return low;
    }
}
