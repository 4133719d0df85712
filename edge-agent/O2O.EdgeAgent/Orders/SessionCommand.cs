using O2O.Protocol;

namespace O2O.EdgeAgent.Orders;

/// <summary>The session_start a paid session grant turns into: the timed device's counterpart of an order's unlock.</summary>
public static class SessionCommand
{
    /// <summary>
    /// The command id for a session order. Its own prefix keeps it apart from any unlock id, and like an unlock's it is
    /// fixed per order, so the device answers a resend with its first ack instead of starting a second session.
    /// </summary>
    public static string IdFor(string orderId) => "session-" + orderId;

    public static byte[] ForOrder(string orderId, int minutes, long issuedAtMs) => UnlockCommand.Encode(new DeviceCommand
    {
        Id = IdFor(orderId), Type = CommandTypes.SessionStart, OrderId = orderId, Minutes = minutes, IssuedAt = issuedAtMs,
    });
}
