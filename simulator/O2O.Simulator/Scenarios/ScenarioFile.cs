using System.Text.Json;
using System.Text.Json.Serialization;
using O2O.Simulator.Stack;

namespace O2O.Simulator.Scenarios;

/// <summary>
/// A scenario as written in a JSON file (simulator/scenarios/*.json): the devices to start and the steps to play.
/// Each step is an object with "do" and that step's fields; see simulator/scenarios/README.md.
/// </summary>
public sealed record ScenarioFile(string Name, string? Description, IReadOnlyList<StackDevice> Devices, IReadOnlyList<ScenarioStep> Steps)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Parses and checks a scenario. Throws <see cref="ScenarioFormatException"/> naming the step and field at fault.</summary>
    public static ScenarioFile Parse(string json, string source)
    {
        ScenarioFile? file;
        try
        {
            file = JsonSerializer.Deserialize<ScenarioFile>(json, Json);
        }
        catch (JsonException e)
        {
            throw new ScenarioFormatException($"{source}: {e.Message}");
        }

        if (file is null || string.IsNullOrWhiteSpace(file.Name) || file.Devices is not { Count: > 0 } || file.Steps is not { Count: > 0 })
        {
            throw new ScenarioFormatException($"{source}: needs a name, at least one device and at least one step");
        }

        for (int i = 0; i < file.Steps.Count; i++)
        {
            if (file.Steps[i]?.Check() is { } problem)
            {
                throw new ScenarioFormatException($"{source}: step {i + 1} ({file.Steps[i]?.Do ?? "?"}): {problem}");
            }
        }

        return file;
    }

    public static ScenarioFile Load(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));
}

/// <summary>One step. Which fields a step needs depends on <see cref="Do"/>; <see cref="Check"/> says what is missing.</summary>
public sealed record ScenarioStep(
    string Do,
    string? Device = null,
    int? Slot = null,
    int? Times = null,
    string? Event = null,
    string? Fault = null,
    bool? On = null,
    string? Order = null,
    string? State = null,
    string? Beep = null,
    string? Qr = null,
    int? TimeoutMs = null,
    string? Item = null,
    int? Seconds = null,
    string? Line = null,
    string? Shows = null,
    string? Display = null,
    string? Pin = null,
    string? Level = null,
    string? Command = null,
    int? Minutes = null,
    string? Technician = null)
{
    public static readonly string[] Kinds =
        ["scan", "pay", "wait-for", "take-item", "return-item", "close-door", "inject-fault", "cloud-offline", "cloud-online", "present-code", "expect", "advance", "console", "command", "wifi-down", "wifi-up", "technician-open"];

    /// <summary>Device commands a scenario may have the agent send (as the site's admin API would); unlocks need a paid order.</summary>
    public static readonly string[] Commands = ["reserve", "cancel", "beep", "self_test", "reboot", "session_stop"];

    public static readonly string[] Faults =
        ["jam", "force-open", "stuck-door", "stuck-item", "free-switches", "silent-tag-reader", "brownout", "wifi-drop", "clock-skew", "emergency-stop"];

    public string? Check() => Do switch
    {
        null or "" => "\"do\" is required",
        _ when !Kinds.Contains(Do) => $"unknown step; one of {string.Join(", ", Kinds)}",
        "scan" or "present-code" when Device is null => "\"device\" is required",
        "take-item" or "return-item" or "close-door" when Device is null => "\"device\" is required (\"slot\" defaults to the order's slot)",
        "pay" when Times is < 1 or > 5 => "\"times\" must be 1-5",
        "wait-for" when Event is null && State is null => "\"event\" or \"state\" is required",
        "inject-fault" when Device is null || Fault is null || !Faults.Contains(Fault) => $"\"device\" and \"fault\" ({string.Join(", ", Faults)}) are required",
        "expect" when Event is null && Order is null && State is null && Beep is null && Qr is null && Display is null && Pin is null
            => "name what to expect: event, order, beep, qr, display or pin",
        "expect" when Pin is not null && Level is not ("high" or "low") => "\"level\" (high or low) is required with \"pin\"",
        "advance" when Seconds is null || Seconds < 1 || Seconds > TimeSkip.Longest.TotalSeconds => $"\"seconds\" must be 1-{TimeSkip.Longest.TotalSeconds:F0}",
        "wifi-down" or "wifi-up" when Device is null => "\"device\" is required",
        "console" when Device is null || string.IsNullOrWhiteSpace(Line) => "\"device\" and \"line\" are required",
        "command" when Device is null || Command is null || !Commands.Contains(Command) => $"\"device\" and \"command\" ({string.Join(", ", Commands)}) are required",
        "command" when Command == "reserve" && (Slot is null || Minutes is null or < 1) => "reserve needs \"slot\" and \"minutes\"",
        "technician-open" when Device is null => "\"device\" is required (\"slot\" defaults to the order's slot)",
        _ when TimeoutMs is < 1 or > 120_000 => "\"timeoutMs\" must be 1-120000",
        _ => null,
    };
}

/// <summary>The scenario file is not valid: which file, which step, what is wrong.</summary>
public sealed class ScenarioFormatException(string message) : Exception(message);
