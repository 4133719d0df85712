using O2O.Firmware.Core.Config;
using O2O.Firmware.Core.Definitions;
using O2O.Simulator.Devices.Physics;

namespace O2O.Simulator.Devices;

/// <summary>
/// What a virtual device is made of: its board and model (firmware/definitions), what the factory provisioned
/// into its configuration (device id, QR secret …; re-applied as defaults at every boot, under anything stored),
/// the items in its slots, the simulation's time, and its network link.
/// </summary>
public sealed record VirtualDeviceSetup(
    BoardDefinition Board,
    DeviceDefinition Definition,
    IReadOnlyDictionary<string, string> Provisioning,
    IReadOnlyList<string?> Items,
    SimulationTime Time,
    IDeviceConnection Link)
{
    public PhysicsOptions Physics { get; init; } = new();

    /// <summary>Boot ids and QR nonces come from here; a seeded one makes a test's ids repeatable.</summary>
    public Random Random { get; init; } = new();

    public string DeviceId => Provisioning.GetValueOrDefault(ConfigKeys.DeviceId, "");

    public static IReadOnlyDictionary<string, string> Provision(string deviceId, byte[] qrSecret) => new Dictionary<string, string>
    {
        [ConfigKeys.DeviceId] = deviceId,
        [ConfigKeys.QrSecret] = Convert.ToHexString(qrSecret),
    };
}
