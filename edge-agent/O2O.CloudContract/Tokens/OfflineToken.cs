using System.Security.Cryptography;
using System.Text;

namespace O2O.CloudContract.Tokens;

/// <summary>
/// A pre-issued, single-use unlock for one device (one slot or any), valid in a window, worth
/// <see cref="AmountMinor"/>. The cloud sells it to a customer while the site is offline; the site
/// agent redeems it at most once. <see cref="ShortCode"/> is what a customer types on a keypad.
/// </summary>
public sealed record OfflineToken(string TokenId, string SiteId, string DeviceId, int Slot, long NotBeforeUnix, long ExpiresAtUnix, string PriceClass, long AmountMinor)
{
    public const string Kind = "offline";

    /// <summary>Digits in a short code. 10^12 codes against a pool of a few hundred: guessing one is hopeless, and wrong codes are rate-limited.</summary>
    public const int ShortCodeDigits = 12;

    public TokenClaims ToClaims() => new()
    {
        Kind = Kind, Id = TokenId, SiteId = SiteId, DeviceId = DeviceId, Slot = Slot, IssuedAtUnix = NotBeforeUnix,
        NotBeforeUnix = NotBeforeUnix, ExpiresAtUnix = ExpiresAtUnix, PriceClass = PriceClass, AmountMinor = AmountMinor,
    };

    public static OfflineToken? FromClaims(TokenClaims claims) => claims.PriceClass is null || claims.AmountMinor < 0 ? null
        : new OfflineToken(claims.Id, claims.SiteId, claims.DeviceId, claims.Slot, claims.NotBeforeUnix, claims.ExpiresAtUnix, claims.PriceClass, claims.AmountMinor);

    /// <summary>
    /// The 12-digit code derived from the signed token text (so from its signature too): nobody can compute a
    /// token's code without the token, and the cloud and the agent derive the same code independently.
    /// </summary>
    public static string ShortCode(string tokenText)
    {
        byte[] digest = SHA256.HashData(Encoding.ASCII.GetBytes(tokenText));
        ulong value = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(digest) % 1_000_000_000_000UL;
        return value.ToString("D12", System.Globalization.CultureInfo.InvariantCulture);
    }

    public static bool LooksLikeShortCode(string text) => text.Length == ShortCodeDigits && text.All(char.IsAsciiDigit);
}
