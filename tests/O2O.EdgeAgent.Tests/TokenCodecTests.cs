using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using O2O.CloudContract.Tokens;

namespace O2O.EdgeAgent.Tests;

/// <summary>The COSE token codec: what the cloud signs verifies, and anything else is refused with its reason, never an exception.</summary>
public sealed class TokenCodecTests : IDisposable
{
    private readonly ECDsa _cloudKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _forgerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose()
    {
        _cloudKey.Dispose();
        _forgerKey.Dispose();
    }

    private ECDsa? Keys(string kid) => kid == "k1" ? _cloudKey : null;

    private static readonly OfflineToken Token = new("tok-1", "site-1", "cab-001", TokenClaims.AnySlot, 1_000, 90_000, "std", 300);

    [Fact]
    public void Every_kind_round_trips_through_signing_and_verification()
    {
        var grant = new UnlockGrant("ord-1", "site-1", "cab-001", 2, 1_000, 1_120);
        var pass = new TechnicianPass("tp-1", "site-1", "cab-001", TokenClaims.AnySlot, "tech-7", 1_000, 4_600);

        Assert.Equal(grant, UnlockGrant.FromClaims(CoseToken.Verify(CoseToken.Sign(grant.ToClaims(), _cloudKey, "k1"), Keys, UnlockGrant.Kind, out _)!));
        Assert.Equal(Token, OfflineToken.FromClaims(CoseToken.Verify(CoseToken.Sign(Token.ToClaims(), _cloudKey, "k1"), Keys, OfflineToken.Kind, out _)!));
        Assert.Equal(pass, TechnicianPass.FromClaims(CoseToken.Verify(CoseToken.Sign(pass.ToClaims(), _cloudKey, "k1"), Keys, TechnicianPass.Kind, out _)!));
    }

    [Fact]
    public void A_session_grant_round_trips_with_its_minutes_and_a_plain_grant_carries_none()
    {
        var session = new UnlockGrant("ord-2", "site-1", "chr-001", 0, 1_000, 1_120, Minutes: 45);
        var plain = new UnlockGrant("ord-3", "site-1", "cab-001", 1, 1_000, 1_120);

        UnlockGrant? decoded = UnlockGrant.FromClaims(CoseToken.Verify(CoseToken.Sign(session.ToClaims(), _cloudKey, "k1"), Keys, UnlockGrant.Kind, out _)!);
        Assert.Equal(session, decoded);
        Assert.True(decoded!.IsSession);

        Assert.False(UnlockGrant.FromClaims(TokenClaims.Decode(plain.ToClaims().Encode())!)!.IsSession);
        // No "min" key at all in a plain grant, so grants signed before sessions existed read exactly as they did.
        Assert.False(HasMinutesKey(plain.ToClaims().Encode()));
        Assert.True(HasMinutesKey(session.ToClaims().Encode()));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(TokenClaims.MaxMinutes + 1)]
    [InlineData(int.MaxValue)]
    public void A_grant_with_minutes_no_session_could_have_is_malformed(int minutes)
    {
        var grant = new UnlockGrant("ord-2", "site-1", "chr-001", 0, 1_000, 1_120, minutes);

        Assert.Null(TokenClaims.Decode(grant.ToClaims().Encode()));
        Assert.Equal(TokenRefusals.Malformed, Refusal(CoseToken.Sign(grant.ToClaims(), _cloudKey, "k1"), UnlockGrant.Kind));
    }

    [Fact]
    public void Minutes_on_an_offline_token_or_a_technician_pass_make_it_malformed()
    {
        var pass = new TechnicianPass("tp-1", "site-1", "cab-001", TokenClaims.AnySlot, "tech-7", 1_000, 4_600);
        TokenClaims offlineWithMinutes = CopyWithMinutes(Token.ToClaims(), 30);

        Assert.Null(TokenClaims.Decode(offlineWithMinutes.Encode()));
        Assert.Null(TokenClaims.Decode(CopyWithMinutes(pass.ToClaims(), 30).Encode()));
        Assert.Equal(TokenRefusals.Malformed, Refusal(CoseToken.Sign(offlineWithMinutes, _cloudKey, "k1"), OfflineToken.Kind));
    }

    [Fact]
    public void A_minutes_claim_of_the_wrong_type_is_malformed()
    {
        // Hand-built: the claims of a valid grant plus "min" as text, which our encoder never writes.
        var writer = new System.Formats.Cbor.CborWriter(System.Formats.Cbor.CborConformanceMode.Strict);
        byte[] valid = new UnlockGrant("ord-2", "site-1", "chr-001", 0, 1_000, 1_120).ToClaims().Encode();
        var reader = new System.Formats.Cbor.CborReader(valid, System.Formats.Cbor.CborConformanceMode.Strict);
        int count = reader.ReadStartMap()!.Value;
        writer.WriteStartMap(count + 1);
        for (int i = 0; i < 2 * count; i++)
        {
            writer.WriteEncodedValue(reader.ReadEncodedValue().Span);
        }

        writer.WriteTextString("min");
        writer.WriteTextString("45");
        writer.WriteEndMap();

        Assert.Null(TokenClaims.Decode(writer.Encode()));
    }

    private static TokenClaims CopyWithMinutes(TokenClaims claims, int minutes) => new()
    {
        Kind = claims.Kind, Id = claims.Id, SiteId = claims.SiteId, DeviceId = claims.DeviceId, Slot = claims.Slot,
        IssuedAtUnix = claims.IssuedAtUnix, NotBeforeUnix = claims.NotBeforeUnix, ExpiresAtUnix = claims.ExpiresAtUnix,
        PriceClass = claims.PriceClass, AmountMinor = claims.AmountMinor, TechnicianId = claims.TechnicianId, Minutes = minutes,
    };

    // The text string "min" as CBOR writes it: major type 3, length 3, then the letters.
    private static bool HasMinutesKey(byte[] claims) => claims.AsSpan().IndexOf("\x63min"u8) >= 0;

    [Fact]
    public void A_token_fits_the_device_protocol_and_its_short_code_is_twelve_stable_digits()
    {
        string text = CoseToken.Sign(Token.ToClaims(), _cloudKey, "k1");

        Assert.InRange(text.Length, 100, O2O.Protocol.ProtocolLimits.MaxPresentedTokenLength);
        Assert.True(O2O.Protocol.PresentedToken.IsValid(text));
        Assert.Matches("^[0-9]{12}$", OfflineToken.ShortCode(text));
        Assert.Equal(OfflineToken.ShortCode(text), OfflineToken.ShortCode(text));
        Assert.NotEqual(OfflineToken.ShortCode(text), OfflineToken.ShortCode(CoseToken.Sign(Token.ToClaims(), _cloudKey, "k1")));
    }

    [Fact]
    public void Refusals_name_their_reason()
    {
        string good = CoseToken.Sign(Token.ToClaims(), _cloudKey, "k1");
        string forged = CoseToken.Sign(Token.ToClaims(), _forgerKey, "k1");
        string unknownKey = CoseToken.Sign(Token.ToClaims(), _cloudKey, "k9");
        byte[] tampered = Base64Url.TryDecode(good)!;
        tampered[^70] ^= 0x01;

        Assert.Equal(TokenRefusals.BadSignature, Refusal(forged, OfflineToken.Kind));
        Assert.Equal(TokenRefusals.UnknownKey, Refusal(unknownKey, OfflineToken.Kind));
        Assert.Equal(TokenRefusals.WrongKind, Refusal(good, UnlockGrant.Kind));
        Assert.Equal(TokenRefusals.Malformed, Refusal(good[..^4], OfflineToken.Kind));
        Assert.Equal(TokenRefusals.Malformed, Refusal("not a token", OfflineToken.Kind));
        Assert.Equal(TokenRefusals.Malformed, Refusal(new string('A', CoseToken.MaxTextLength + 1), OfflineToken.Kind));
        Assert.Equal(TokenRefusals.Malformed, Refusal("", OfflineToken.Kind));
        Assert.NotNull(Refusal(Base64Url.Encode(tampered), OfflineToken.Kind));
    }

    [Fact]
    public void Scope_checks_cover_site_window_id_and_slot()
    {
        TokenClaims claims = Token.ToClaims();

        Assert.Null(TokenRefusals.CheckCommon(claims, "site-1", 50_000));
        Assert.Equal(TokenRefusals.WrongSite, TokenRefusals.CheckCommon(claims, "site-2", 50_000));
        Assert.Equal(TokenRefusals.Expired, TokenRefusals.CheckCommon(claims, "site-1", 90_000));
        Assert.Equal(TokenRefusals.NotYetValid, TokenRefusals.CheckCommon(claims, "site-1", 999));
        Assert.Equal(TokenRefusals.BadId, TokenRefusals.CheckCommon((Token with { TokenId = "tok 1" }).ToClaims(), "site-1", 50_000));
        Assert.Equal(TokenRefusals.WrongSlot, TokenRefusals.CheckCommon((Token with { Slot = 64 }).ToClaims(), "site-1", 50_000));
    }

    [Fact]
    public void Random_bytes_are_refused_without_an_exception()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            string text = Base64Url.Encode(bytes);
            return Refusal(text, OfflineToken.Kind) is TokenRefusals.Malformed or TokenRefusals.UnknownKey
                && CoseToken.PeekKeyId(text) is null or { Length: > 0 }
                && TokenClaims.Decode(bytes) is null or { Id.Length: > 0 };
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Every_single_byte_change_to_a_signed_token_is_refused()
    {
        byte[] signed = Base64Url.TryDecode(CoseToken.Sign(Token.ToClaims(), _cloudKey, "k1"))!;
        Prop.ForAll(Gen.Choose(0, signed.Length - 1).ToArbitrary(), Gen.Choose(1, 255).ToArbitrary(), (index, flip) =>
        {
            byte[] mutated = (byte[])signed.Clone();
            mutated[index] ^= (byte)flip;
            return Refusal(Base64Url.Encode(mutated), OfflineToken.Kind) is not null;
        }).QuickCheckThrowOnFailure();
    }

    private string? Refusal(string text, string kind)
    {
        CoseToken.Verify(text, Keys, kind, out string? refusal);
        return refusal;
    }
}
