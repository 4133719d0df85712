using System.Globalization;

namespace O2O.Bench.Fleet;

/// <summary>
/// A benchmark's command line of <c>--name value</c> pairs. Each option is taken once, with a range check;
/// whatever was not taken is an unknown option, so a typo never silently runs the default load.
/// </summary>
public sealed class BenchOptions
{
    private readonly Dictionary<string, string> _values;
    private readonly Action _usage;
    private readonly List<string> _problems = [];

    private BenchOptions(Dictionary<string, string> values, Action usage)
    {
        _values = values;
        _usage = usage;
    }

    /// <summary>The pairs, or null (after printing the problem and <paramref name="usage"/>) for a stray word.</summary>
    public static BenchOptions? Parse(string[] args, Action usage)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                Console.Error.WriteLine($"unexpected argument '{args[i]}'");
                usage();
                return null;
            }

            values[args[i][2..]] = args[++i];
        }

        return new BenchOptions(values, usage);
    }

    /// <summary>
    /// The option's value, or <paramref name="fallback"/> when absent. A value that is not a number in range is
    /// noted (and the fallback returned) so that <see cref="AllTaken"/> can report every problem at once.
    /// </summary>
    public int Int(string name, int fallback, int min, int max)
    {
        if (!_values.Remove(name, out string? text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max)
        {
            return value;
        }

        _problems.Add($"--{name} must be a whole number in [{min}, {max}], not '{text}'");
        return fallback;
    }

    public string? Text(string name) => _values.Remove(name, out string? text) ? text : null;

    /// <summary>True when every option given was taken and valid; otherwise prints what was wrong and the usage.</summary>
    public bool AllTaken()
    {
        if (_values.Count > 0)
        {
            _problems.Add($"unknown option(s): {string.Join(", ", _values.Keys.Select(k => "--" + k))}");
        }

        foreach (string problem in _problems)
        {
            Console.Error.WriteLine(problem);
        }

        if (_problems.Count > 0)
        {
            _usage();
        }

        return _problems.Count == 0;
    }
}
