namespace O2O.CloudContract.Tokens;

/// <summary>
/// A short-lived, device-scoped pass that lets technician <see cref="TechnicianId"/> open slots of one device
/// for maintenance through the site agent (refilling power banks, collecting umbrellas). Signed by the cloud.
/// </summary>
public sealed record TechnicianPass(string PassId, string SiteId, string DeviceId, int Slot, string TechnicianId, long IssuedAtUnix, long ExpiresAtUnix)
{
    public const string Kind = "tech";

    /// <summary>Longest validity the agent accepts: a pass is for one visit, not a standing key.</summary>
    public const long MaxLifetimeSeconds = 24 * 3600;

    public TokenClaims ToClaims() => new()
    {
        Kind = Kind, Id = PassId, SiteId = SiteId, DeviceId = DeviceId, Slot = Slot, TechnicianId = TechnicianId,
        IssuedAtUnix = IssuedAtUnix, NotBeforeUnix = IssuedAtUnix, ExpiresAtUnix = ExpiresAtUnix,
    };

    public static TechnicianPass? FromClaims(TokenClaims claims) =>
        claims.TechnicianId is null || !TokenRefusals.IsValidId(claims.TechnicianId) || claims.TechnicianId.Length > 32
        || claims.ExpiresAtUnix - claims.IssuedAtUnix > MaxLifetimeSeconds ? null
        : new TechnicianPass(claims.Id, claims.SiteId, claims.DeviceId, claims.Slot, claims.TechnicianId, claims.IssuedAtUnix, claims.ExpiresAtUnix);
}
