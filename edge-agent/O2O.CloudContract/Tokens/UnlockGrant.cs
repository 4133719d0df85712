namespace O2O.CloudContract.Tokens;

/// <summary>
/// The cloud's signed instruction: order <see cref="OrderId"/> is paid, open <see cref="Slot"/> of <see cref="DeviceId"/>;
/// or, when <see cref="Minutes"/> is above 0, start a session of that many minutes on the device (a massage chair or
/// karaoke booth; <see cref="Slot"/> is then the one the device's QR code named, 0 for a chair without slots).
/// </summary>
public sealed record UnlockGrant(string OrderId, string SiteId, string DeviceId, int Slot, long IssuedAtUnix, long ExpiresAtUnix, int Minutes = 0)
{
    public const string Kind = "grant";

    /// <summary>A paid session rather than an opening.</summary>
    public bool IsSession => Minutes > 0;

    public TokenClaims ToClaims() => new()
    {
        Kind = Kind, Id = OrderId, SiteId = SiteId, DeviceId = DeviceId, Slot = Slot,
        IssuedAtUnix = IssuedAtUnix, NotBeforeUnix = IssuedAtUnix, ExpiresAtUnix = ExpiresAtUnix, Minutes = Minutes,
    };

    /// <summary>A grant always names one slot: "any" makes no sense for a drawer the customer chose.</summary>
    public static UnlockGrant? FromClaims(TokenClaims claims) => claims.Slot == TokenClaims.AnySlot ? null
        : new UnlockGrant(claims.Id, claims.SiteId, claims.DeviceId, claims.Slot, claims.IssuedAtUnix, claims.ExpiresAtUnix, claims.Minutes);
}
