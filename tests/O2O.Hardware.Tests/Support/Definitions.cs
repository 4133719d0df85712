using System.Text.Json;

namespace O2O.Hardware.Tests.Support;

public enum PinGroup { Output, Input, Bus }

public sealed record BoardFunction(string Name, int Gpio, PinGroup Group);

/// <summary>board-*.json: function name → GPIO, in outputs / inputs / buses.</summary>
public sealed record BoardDefinition(string Board, string Mcu, IReadOnlyList<BoardFunction> Functions)
{
    public static BoardDefinition Load(string path)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        JsonElement root = doc.RootElement;
        var functions = new List<BoardFunction>();
        foreach ((string prop, PinGroup group) in new[] { ("outputs", PinGroup.Output), ("inputs", PinGroup.Input), ("buses", PinGroup.Bus) })
        {
            if (!root.TryGetProperty(prop, out JsonElement map)) continue;
            functions.AddRange(map.EnumerateObject().Select(p => new BoardFunction(p.Name, p.Value.GetInt32(), group)));
        }
        return new BoardDefinition(root.GetProperty("board").GetString()!, root.GetProperty("mcu").GetString()!, functions);
    }
}

/// <summary>The parts of a device model the hardware rules need: which board outputs drive latches or session relays.</summary>
public sealed record DeviceModel(string Model, string Board, IReadOnlyList<string> Latches, string? Relay)
{
    public static DeviceModel Load(string path)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        JsonElement root = doc.RootElement;
        var latches = root.TryGetProperty("slots", out JsonElement slots)
            ? slots.EnumerateArray().Where(s => s.TryGetProperty("latch", out _)).Select(s => s.GetProperty("latch").GetString()!).ToList()
            : [];
        string? relay = root.TryGetProperty("session", out JsonElement session) && session.TryGetProperty("relay", out JsonElement r) ? r.GetString() : null;
        return new DeviceModel(root.GetProperty("model").GetString()!, root.GetProperty("board").GetString()!, latches, relay);
    }

    public IEnumerable<string> Coils => Relay is null ? Latches : Latches.Append(Relay);
}

/// <summary>Where the test finds its inputs: copies of the repository files in the test output directory.</summary>
public static class Files
{
    public static string Base => AppContext.BaseDirectory;

    public static string Definitions => Path.Combine(Base, "definitions");

    public static string RootSchematic => Path.Combine(Base, "schematics", "o2o-ctrl-1.kicad_sch");

    public static string Fixture(params string[] parts) => Path.Combine([Base, "Fixtures", .. parts]);

    public static BoardDefinition Board() => BoardDefinition.Load(Path.Combine(Definitions, "board-o2o-ctrl-1.json"));

    public static IReadOnlyList<DeviceModel> Models() => Directory.GetFiles(Definitions, "*.json")
        .Where(f => !Path.GetFileName(f).StartsWith("board-", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .Select(DeviceModel.Load)
        .ToList();
}
