using System.Text;
using O2O.Firmware.Core.Console;

namespace O2O.Bench.Fuzz;

/// <summary>The device console's input side (firmware/O2O.Firmware.Core/Console): the line editor fed raw UART bytes, and the word parser.</summary>
public static class ConsoleTargets
{
    private const int MaxLine = 80;

    public static FuzzTarget LineEditorAndParser()
    {
        var editor = new LineEditor(MaxLine, line => line.StartsWith("login ", StringComparison.Ordinal));
        var echo = new StringBuilder();
        byte[][] seeds = new[] { "help\r", "login 123456\r\n", "unlock 3\r", "wifi set my net\r", "\u001b[A\u001b[B\r", "abc\bd\u0015xyz\u0003\r" }
            .Select(Encoding.Latin1.GetBytes).ToArray();
        return new FuzzTarget("console", "the editor never throws, stores only printable ASCII up to its limit, never echoes a secret; the parser's words and rests agree with the line",
            seeds, input =>
            {
                editor.Reset();
                foreach (byte b in input)
                {
                    echo.Clear();
                    int result = editor.Feed(b, echo);
                    Property.Holds(result is LineEditor.None or LineEditor.LineReady or LineEditor.Cancelled or LineEditor.TooLong, "unknown result " + result);
                    if (result == LineEditor.LineReady)
                    {
                        string line = editor.Line;
                        Property.Holds(line.Length <= MaxLine && line.All(c => c is >= ' ' and <= '~'), "a stored line holds what it must not: " + line);
                        CheckParser(line);
                    }
                }

                CheckParser(Encoding.Latin1.GetString(input));
                CheckParser(Encoding.UTF8.GetString(input));
                CheckSecretNeverEchoed(input);
            });
    }

    private static void CheckParser(string text)
    {
        var parsed = new CommandLine(text);
        string[] words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Property.Holds(parsed.Count == words.Length, $"{parsed.Count} words found, {words.Length} expected in '{text}'");
        Property.Holds(parsed.Command == (words.Length == 0 ? "" : words[0].ToLower()), "command word differs");
        for (int i = 0; i < words.Length; i++)
        {
            Property.Holds(parsed.Word(i) == words[i], $"word {i} differs");
            Property.Holds(parsed.Rest(i).StartsWith(words[i], StringComparison.Ordinal) && text.EndsWith(parsed.Rest(i), StringComparison.Ordinal), $"rest {i} is not a tail starting at word {i}");
        }

        Property.Holds(parsed.Word(-1) == "" && parsed.Word(words.Length) == "" && parsed.Rest(words.Length) == "" && parsed.Rest(int.MinValue) == "", "out-of-range words are not empty");
    }

    // Whatever precedes it, the digits typed after "login " echo as '*'.
    private static void CheckSecretNeverEchoed(byte[] input)
    {
        var editor = new LineEditor(MaxLine, line => line.StartsWith("login ", StringComparison.Ordinal));
        var echo = new StringBuilder();
        foreach (byte b in Encoding.ASCII.GetBytes("\rlogin "))
        {
            editor.Feed(b, echo);
        }

        echo.Clear();
        foreach (byte b in input.Where(b => b is >= (byte)'0' and <= (byte)'9').Take(20))
        {
            editor.Feed(b, echo);
        }

        Property.Holds(!echo.ToString().Any(char.IsAsciiDigit), "a secret digit was echoed: " + echo);
    }
}
