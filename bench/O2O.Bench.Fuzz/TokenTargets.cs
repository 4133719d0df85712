using System.Security.Cryptography;
using System.Text;
using O2O.CloudContract.Tokens;

namespace O2O.Bench.Fuzz;

/// <summary>The COSE token and grant parsers (edge-agent/O2O.CloudContract/Tokens): what the agent does with text from customers and the cloud.</summary>
public static class TokenTargets
{
    private static readonly string[] SignatureRefusals = [TokenRefusals.Malformed, TokenRefusals.UnknownKey, TokenRefusals.BadSignature, TokenRefusals.WrongKind];
    private static readonly string[] Kinds = [UnlockGrant.Kind, OfflineToken.Kind, TechnicianPass.Kind];

    public static FuzzTarget CoseTokens()
    {
        // Fixed keys, so a run is reproducible from its inputs. Verification looks keys up by id, as the agent does.
        ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ECDsa? Find(string kid) => kid == "k1" ? key : null;
        var grant = new UnlockGrant("ord-1", "site-1", "cab-001", 2, 1_000, 1_120);
        var offline = new OfflineToken("tok-1", "site-1", "cab-001", TokenClaims.AnySlot, 1_000, 90_000, "std", 300);
        var pass = new TechnicianPass("tp-1", "site-1", "cab-001", 4, "tech-7", 1_000, 4_600);
        TokenClaims[] signed = [grant.ToClaims(), offline.ToClaims(), pass.ToClaims()];
        var signedEncodings = signed.Select(c => c.Encode()).ToList();
        var seeds = signed.Select(c => Base64Url.TryDecode(CoseToken.Sign(c, key, "k1"))!).Concat(signedEncodings).ToList();

        return new FuzzTarget("tokens", "parsers never throw; refusals are one of the four documented reasons; a changed token never verifies to new claims; claims round-trip through CBOR",
            seeds, input =>
            {
                foreach (string text in new[] { Encoding.Latin1.GetString(input), Base64Url.Encode(input) })
                {
                    _ = CoseToken.PeekKeyId(text);
                    foreach (string kind in Kinds)
                    {
                        TokenClaims? claims = CoseToken.Verify(text, Find, kind, out string? refusal);
                        if (claims is null)
                        {
                            Property.Holds(refusal is not null && SignatureRefusals.Contains(refusal), "undocumented refusal: " + refusal);
                            continue;
                        }

                        // Only the cloud's key signs; mutations cannot mint claims it never signed.
                        Property.Holds(signedEncodings.Any(e => e.AsSpan().SequenceEqual(claims.Encode())), "a token verified with claims the cloud never signed");
                        _ = UnlockGrant.FromClaims(claims);
                        _ = OfflineToken.FromClaims(claims);
                        _ = TechnicianPass.FromClaims(claims);
                    }
                }

                if (TokenClaims.Decode(input) is { } decoded)
                {
                    byte[] encoded = decoded.Encode();
                    Property.Holds(TokenClaims.Decode(encoded) is { } again && again.Encode().AsSpan().SequenceEqual(encoded), "claims do not round-trip through CBOR");
                }
            });
    }
}
