using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.EdgeAgent.Orders;

/// <summary>Builds the device commands the agent's flows send, checked by the device's own decoder before they go out.</summary>
public static class UnlockCommand
{
    /// <summary>The command id for an order: the device remembers ids, so a resend is answered and never executed twice.</summary>
    public static string IdFor(string orderId) => "unlock-" + orderId;

    public static byte[] ForOrder(string orderId, int slot, long issuedAtMs) => Encode(new DeviceCommand
    {
        Id = IdFor(orderId), Type = CommandTypes.Unlock, Slot = slot, OrderId = orderId, IssuedAt = issuedAtMs,
    });

    public static byte[] ForMaintenance(string commandId, int slot, string technicianId, long issuedAtMs) => Encode(new DeviceCommand
    {
        Id = commandId, Type = CommandTypes.Unlock, Slot = slot, Mode = DeviceCommand.MaintenanceMode, Text = technicianId, IssuedAt = issuedAtMs,
    });

    public static byte[] Beep(string commandId, string pattern, long issuedAtMs) => Encode(new DeviceCommand
    {
        Id = commandId, Type = CommandTypes.Beep, Pattern = pattern, IssuedAt = issuedAtMs,
    });

    internal static byte[] Encode(DeviceCommand command)
    {
        var writer = new JsonWriter(256);
        command.WriteTo(writer);
        byte[] payload = writer.ToArray();
        return DeviceCommand.Decode(payload, 0, payload.Length, new JsonReader(), out DecodeError? error, out _) is not null
            ? payload
            : throw new InvalidOperationException("built a command the device would refuse: " + error);
    }
}
