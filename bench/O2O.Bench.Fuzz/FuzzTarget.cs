namespace O2O.Bench.Fuzz;

/// <summary>
/// One parser under fuzzing. <see cref="Check"/> feeds it one input and throws <see cref="PropertyViolated"/> when a
/// property fails; any other exception escaping it is a crash (the parser threw something it does not document).
/// <see cref="Seeds"/> are valid inputs that mutations start from, so the fuzzer gets past the first syntax check.
/// </summary>
public sealed record FuzzTarget(string Name, string Properties, IReadOnlyList<byte[]> Seeds, Action<byte[]> Check);

/// <summary>A property of a target did not hold for an input (as opposed to the parser crashing).</summary>
public sealed class PropertyViolated(string message) : Exception(message);

public static class Property
{
    public static void Holds(bool condition, string what)
    {
        if (!condition)
        {
            throw new PropertyViolated(what);
        }
    }
}

/// <summary>Every target, by name.</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        ProtocolTargets.Decoders(),
        ProtocolTargets.RoundTrip(),
        ConsoleTargets.LineEditorAndParser(),
        TokenTargets.CoseTokens(),
        QrTargets.Encoder(),
        ScenarioTargets.Parser(),
    ];

    public static FuzzTarget Named(string name) =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"no target '{name}'; targets: {string.Join(", ", All.Select(t => t.Name))}");
}
