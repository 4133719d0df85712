namespace O2O.CloudContract.Tokens;

/// <summary>The cloud's signed instruction: order <see cref="OrderId"/> is paid, open <see cref="Slot"/> of <see cref="DeviceId"/>.</summary>
public sealed record UnlockGrant(string OrderId, string SiteId, string DeviceId, int Slot, long IssuedAtUnix, long ExpiresAtUnix)
{
    public const string Kind = "grant";

    public TokenClaims ToClaims() => new()
    {
        Kind = Kind, Id = OrderId, SiteId = SiteId, DeviceId = DeviceId, Slot = Slot,
        IssuedAtUnix = IssuedAtUnix, NotBeforeUnix = IssuedAtUnix, ExpiresAtUnix = ExpiresAtUnix,
    };

    /// <summary>A grant always names one slot: "any" makes no sense for a drawer the customer chose.</summary>
    public static UnlockGrant? FromClaims(TokenClaims claims) => claims.Slot == TokenClaims.AnySlot ? null
        : new UnlockGrant(claims.Id, claims.SiteId, claims.DeviceId, claims.Slot, claims.IssuedAtUnix, claims.ExpiresAtUnix);
}
