namespace O2O.CloudContract.Tokens;

/// <summary>Why a grant, offline token or technician pass was refused. Each is counted and logged by name (never with the token).</summary>
public static class TokenRefusals
{
    public const string Malformed = "malformed";
    public const string UnknownKey = "unknown_key";
    public const string BadSignature = "bad_signature";
    public const string WrongKind = "wrong_kind";
    public const string Expired = "expired";
    public const string NotYetValid = "not_yet_valid";
    public const string WrongSite = "wrong_site";
    public const string UnknownDevice = "unknown_device";
    public const string WrongDevice = "wrong_device";
    public const string WrongSlot = "wrong_slot";
    public const string BadId = "bad_id";
    public const string Revoked = "revoked";
    public const string Replayed = "replayed";
    public const string NotInCache = "not_in_cache";
    public const string OfflineCountLimit = "offline_count_limit";
    public const string OfflineAmountLimit = "offline_amount_limit";
    public const string TooLong = "too_long";

    /// <summary>
    /// The checks every kind shares: the id can become part of a device command id, the token is for this site,
    /// and now is inside its window. Null when they pass.
    /// </summary>
    public static string? CheckCommon(TokenClaims claims, string siteId, long nowUnix)
    {
        if (!IsValidId(claims.Id))
        {
            return BadId;
        }

        if (claims.SiteId != siteId)
        {
            return WrongSite;
        }

        if (claims.Slot is < TokenClaims.AnySlot or >= 64)
        {
            return WrongSlot;
        }

        return nowUnix >= claims.ExpiresAtUnix ? Expired : nowUnix < claims.NotBeforeUnix ? NotYetValid : null;
    }

    /// <summary>Ids become part of device command ids ("unlock-" or "session-" + id), which devices read as bounded tokens of [A-Za-z0-9_-].</summary>
    public static bool IsValidId(string id) =>
        id.Length is > 0 and <= 48 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
