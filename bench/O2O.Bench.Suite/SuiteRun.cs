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

    /// <summary>Loss run <paramref name="index"/> (0: cloud outage, 1: kill -9) as "lost of acknowledged".</summary>
    public static string Loss(JsonNode? result, int index)
    {
        double? lost = Number(result, "Losses", index, "Lost");
        double? acked = Number(result, "Losses", index, "Acked");
        if (lost is null || acked is null)
        {
            return "–";
        }

        bool settled = result!["Losses"]![index]!["Settled"]?.GetValue<bool>() ?? false;
        return string.Create(CultureInfo.InvariantCulture, $"{lost:F0} of {acked:F0}{(settled || lost > 0 ? "" : " (not settled)")}");
    }

    public JsonObject ToJson() => new()
    {
        ["Devices"] = Devices,
        ["Agent"] = Agent?.DeepClone(),
        ["Orders"] = Orders?.DeepClone(),
        ["Peer"] = Peer?.DeepClone(),
    };
}
