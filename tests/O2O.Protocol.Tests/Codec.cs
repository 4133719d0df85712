using System.Text;
using O2O.Protocol.Json;

namespace O2O.Protocol.Tests;

/// <summary>Small helpers to encode and decode test payloads.</summary>
internal static class Codec
{
    public static string Encode(Action<JsonWriter> write)
    {
        var writer = new JsonWriter(16);
        write(writer);
        return Encoding.UTF8.GetString(writer.Buffer, 0, writer.Length);
    }

    public static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);

    public static string Golden(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", name)).TrimEnd('\n');
}
