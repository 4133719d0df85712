using O2O.Firmware.Core.Definitions;
using O2O.Protocol;

namespace O2O.Simulator.Devices;

/// <summary>Loads the board and device definitions the firmware uses (firmware/definitions, copied beside the simulator).</summary>
public static class DefinitionCatalog
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "definitions");

    public static BoardDefinition Board(string name)
    {
        byte[] json = File.ReadAllBytes(Path.Combine(Directory, $"board-{name}.json"));
        return BoardDefinition.Parse(json, json.Length, out DecodeError? error) ?? throw new InvalidDataException($"board {name}: {error}");
    }

    public static DeviceDefinition Device(string model)
    {
        byte[] json = File.ReadAllBytes(Path.Combine(Directory, $"{model}.json"));
        BoardDefinition board = Board("o2o-ctrl-1");
        return DeviceDefinition.Parse(json, json.Length, board, out DecodeError? error) ?? throw new InvalidDataException($"device {model}: {error}");
    }
}
