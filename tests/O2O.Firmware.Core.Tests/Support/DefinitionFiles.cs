using O2O.Firmware.Core.Definitions;
using O2O.Protocol;

namespace O2O.Firmware.Core.Tests.Support;

/// <summary>The real definition files from firmware/definitions, copied beside the tests.</summary>
internal static class DefinitionFiles
{
    public static string Path(string file) => System.IO.Path.Combine(AppContext.BaseDirectory, "definitions", file);

    public static BoardDefinition Board() => ParseBoard(File.ReadAllBytes(Path("board-o2o-ctrl-1.json")), out _)!;

    public static DeviceDefinition Device(string model) => ParseDevice(File.ReadAllBytes(Path(model + ".json")), out DecodeError? error)
        ?? throw new InvalidOperationException(model + ": " + error);

    public static BoardDefinition? ParseBoard(byte[] json, out DecodeError? error) => BoardDefinition.Parse(json, json.Length, out error);

    public static DeviceDefinition? ParseDevice(byte[] json, out DecodeError? error) => DeviceDefinition.Parse(json, json.Length, Board(), out error);
}
