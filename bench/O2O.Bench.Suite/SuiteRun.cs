using System.Globalization;
using System.Text.Json.Nodes;

namespace O2O.Bench.Suite;

/// <summary>The three programs' results for one fleet size, as they wrote them (null: that program failed or was skipped).</summary>
internal sealed record SuiteRun(int Devices, JsonNode? Agent, JsonNode? Orders, JsonNode? Peer)
{
    /// <summary>A number at a path of property names and array indexes, or null when any step is missing.</summary>
    public static double? Number(JsonNode? node, params object[] path)
    {
        foreach (object step in path)
        {
            node = step switch
            {
                string name when node is JsonObject o => o[name],
                int index when node is JsonArray a && index < a.Count => a[index],
                _ => null,
            };
        }

        return node is JsonValue value && value.TryGetValue(out double number) && double.IsFinite(number) ? number : null;
    }

    public static string? Text(JsonNode? node, string name) => node is JsonObject o && o[name] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    /// <summary>The loss run of a kind ("saturated", "outage", "kill9") as "lost of acknowledged", or a dash.</summary>
    public static string Loss(JsonNode? result, string kind)
    {
        JsonNode? run = (result?["Losses"] as JsonArray)?.FirstOrDefault(l => Text(l, "Kind") == kind);
        double? lost = Number(run, "Lost");
        double? acked = Number(run, "Acked");
        return lost is null || acked is null ? "–" : string.Create(CultureInfo.InvariantCulture, $"{lost:N0} of {acked:N0}");
    }

    /// <summary>Events acknowledged in the saturated no-fault run that also reached the cloud side, per second of that run.</summary>
    public static double? DeliveredPerSecond(JsonNode? result)
    {
        JsonNode? run = (result?["Losses"] as JsonArray)?.FirstOrDefault(l => Text(l, "Kind") == "saturated");
        double? acked = Number(run, "Acked"), lost = Number(run, "Lost"), seconds = Number(run, "LoadSeconds");
        return acked is null || lost is null || seconds is not > 0 ? null : (acked - lost) / seconds;
    }

    /// <summary>The runs of a suite.json written before, to render its tables and plot again.</summary>
    public static List<SuiteRun> FromSuiteJson(JsonNode suite) =>
        (suite["Runs"] as JsonArray ?? []).Select(r => new SuiteRun((int)Number(r, "Devices")!.Value, r?["Agent"], r?["Orders"], r?["Peer"])).ToList();

    public JsonObject ToJson() => new()
    {
        ["Devices"] = Devices,
        ["Agent"] = Agent?.DeepClone(),
        ["Orders"] = Orders?.DeepClone(),
        ["Peer"] = Peer?.DeepClone(),
    };
}
