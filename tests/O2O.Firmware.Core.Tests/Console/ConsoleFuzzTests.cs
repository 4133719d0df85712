using System.Text;

namespace O2O.Firmware.Core.Tests.Console;

/// <summary>
/// Random bytes and random real commands in random chunks: the console must never throw, and whatever it
/// writes must stay a clean terminal stream (CR LF line ends, no stray control characters).
/// </summary>
public sealed class ConsoleFuzzTests
{
    private static readonly string[] Arguments =
        ["", "0", "1", "3", "4", "-1", "99999", "20", "100", "101", "yes", "no", "latches", "get", "set", "level", "debug", "loud",
         "wifi.ssid", "wifi.password", "device.secret", "device.id", "nope", "x y z", "d=4,o=5,b=100:c", "\u00e9", "a.b.c", "   "];

    private static readonly string[] LineEnds = ["\r", "\n", "\r\n", "\n\r"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(42)]
    [InlineData(2024)]
    public void Fifty_thousand_random_bytes_never_throw_and_output_stays_well_formed(int seed)
    {
        var random = new Random(seed);
        var h = new ConsoleHarness();
        byte[] input = Script(random, h, 50_000);

        int at = 0;
        while (at < input.Length)
        {
            int chunk = Math.Min(input.Length - at, 1 + random.Next(random.Next(4) == 0 ? 300 : 16));
            h.Console.Receive(input, at, chunk);
            at += chunk;
            if (random.Next(20) == 0)
            {
                h.Target.AdvanceMilliseconds(random.Next(20 * 60 * 1000));
            }
        }

        h.Send("\x03");
        AssertWellFormed(h.Output.All, h);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_command_with_every_argument_pattern_answers_in_whole_lines(bool loggedIn)
    {
        var h = new ConsoleHarness();
        if (loggedIn)
        {
            h.LogIn();
        }

        foreach (string name in h.Console.CommandNames)
        {
            foreach (string first in Arguments)
            {
                foreach (string second in new[] { "", "1", "wifi.ssid", "yes" })
                {
                    // Every line gets an answer (an error at least), always in whole lines.
                    string line = (name + " " + first + " " + second).Trim();
                    Assert.True(h.Run(line).Length > 0, line);
                }
            }
        }

        AssertWellFormed(h.Output.All, h);
    }

    // A mix of raw noise, escape sequences, editing keys and plausible command lines.
    private static byte[] Script(Random random, ConsoleHarness h, int length)
    {
        string[] commands = h.Console.CommandNames;
        var bytes = new List<byte>(length + 200);
        while (bytes.Count < length)
        {
            switch (random.Next(8))
            {
                case 0:
                    for (int i = random.Next(40); i > 0; i--)
                    {
                        bytes.Add((byte)random.Next(256));
                    }

                    break;
                case 1:
                    bytes.AddRange(ConsoleHarness.Latin1(new[] { "\x1b[A", "\x1b[1;5D", "\x1bOB", "\x1b", "\x1b[", "\x7f", "\b", "\x03", "\x15", "\t" }[random.Next(10)]));
                    break;
                case 2:
                    bytes.AddRange(Encoding.UTF8.GetBytes("é€😀"[..random.Next(1, 4)]));
                    break;
                case 3:
                    bytes.AddRange(ConsoleHarness.Latin1(new string((char)('a' + random.Next(26)), random.Next(1, 200))));
                    break;
                default:
                    string word = commands[random.Next(commands.Length)];
                    if (random.Next(3) == 0)
                    {
                        word = word.ToUpperInvariant();
                    }

                    var line = new StringBuilder(word);
                    if (word == "login" && random.Next(2) == 0)
                    {
                        // A valid code half the time, so the privileged paths get exercised too.
                        line.Append(' ').Append(h.Target.Code());
                    }
                    else
                    {
                        for (int i = random.Next(4); i > 0; i--)
                        {
                            line.Append(' ', random.Next(1, 3)).Append(Arguments[random.Next(Arguments.Length)]);
                        }
                    }

                    bytes.AddRange(Encoding.UTF8.GetBytes(line.ToString()));
                    bytes.AddRange(ConsoleHarness.Latin1(LineEnds[random.Next(LineEnds.Length)]));
                    break;
            }
        }

        return bytes.ToArray();
    }

    private static void AssertWellFormed(string output, ConsoleHarness h)
    {
        for (int i = 0; i < output.Length; i++)
        {
            char c = output[i];
            if (c == '\r')
            {
                Assert.True(i + 1 < output.Length && output[i + 1] == '\n', "lone CR at " + i);
            }
            else if (c == '\n')
            {
                Assert.True(i > 0 && output[i - 1] == '\r', "lone LF at " + i);
            }
            else
            {
                Assert.True((c >= ' ' && c < '\x7f') || c == '\b' || c == '\a', "bad char " + (int)c + " at " + i);
            }
        }

        // After the final Ctrl-C the stream ends in the prompt, alone on its line.
        string last = output[(output.LastIndexOf("\r\n", StringComparison.Ordinal) + 2)..];
        Assert.Equal(h.Prompt, last);
        Assert.DoesNotContain("internal error", output);
        Assert.DoesNotContain(FakeTarget.WifiPassword, output);
    }
}
