namespace O2O.CloudContract;

/// <summary>The cloud's signed instruction: order <see cref="OrderId"/> is paid, open <see cref="Slot"/> of <see cref="DeviceId"/>.</summary>
public sealed record UnlockGrant(string KeyId, string OrderId, string SiteId, string DeviceId, int Slot, long IssuedAtUnix, long ExpiresAtUnix);
