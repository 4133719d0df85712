using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Security.Cryptography.Cose;
using System.Text;

namespace O2O.CloudContract.Tokens;

/// <summary>
/// Every token the cloud signs: a COSE_Sign1 message (RFC 9052) with ES256 and the key id in the protected
/// header, carrying <see cref="TokenClaims"/>, written as unpadded base64url text so it fits a JSON string,
/// an MQTT payload or a QR code. Only the cloud holds the private key; sites and devices verify.
/// </summary>
public static class CoseToken
{
    /// <summary>Longest token text accepted; real tokens are about 200 characters.</summary>
    public const int MaxTextLength = 400;

    private const int Es256 = -7;

    public static string Sign(TokenClaims claims, ECDsa privateKey, string keyId)
    {
        var protectedHeaders = new CoseHeaderMap
        {
            { CoseHeaderLabel.KeyIdentifier, CoseHeaderValue.FromBytes(Encoding.UTF8.GetBytes(keyId)) },
        };
        var signer = new CoseSigner(privateKey, HashAlgorithmName.SHA256, protectedHeaders);
        return Base64Url.Encode(CoseSign1Message.SignEmbedded(claims.Encode(), signer));
    }

    /// <summary>The key id a token names, read without verifying it, so a verifier knows which key to look up or fetch.</summary>
    public static string? PeekKeyId(string? text) => Decode(text) is { } message ? KeyId(message) : null;

    /// <summary>
    /// Verifies signature and kind. Returns the claims, or null with <paramref name="refusal"/>: malformed,
    /// unknown_key, bad_signature or wrong_kind. Time, site, device and slot checks are the caller's.
    /// </summary>
    public static TokenClaims? Verify(string? text, Func<string, ECDsa?> findKey, string expectedKind, out string? refusal)
    {
        CoseSign1Message? message = Decode(text);
        string? keyId = message is null ? null : KeyId(message);
        if (message is null || keyId is null || message.Content is null || !IsEs256(message))
        {
            refusal = TokenRefusals.Malformed;
            return null;
        }

        ECDsa? key = findKey(keyId);
        if (key is null)
        {
            refusal = TokenRefusals.UnknownKey;
            return null;
        }

        if (!message.VerifyEmbedded(key))
        {
            refusal = TokenRefusals.BadSignature;
            return null;
        }

        TokenClaims? claims = TokenClaims.Decode(message.Content.Value);
        refusal = claims is null ? TokenRefusals.Malformed : claims.Kind != expectedKind ? TokenRefusals.WrongKind : null;
        return refusal is null ? claims : null;
    }

    private static CoseSign1Message? Decode(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxTextLength || Base64Url.TryDecode(text) is not { } bytes)
        {
            return null;
        }

        try
        {
            return CoseMessage.DecodeSign1(bytes);
        }
        catch (Exception e) when (e is CryptographicException or CborContentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string? KeyId(CoseSign1Message message)
    {
        try
        {
            if (!message.ProtectedHeaders.TryGetValue(CoseHeaderLabel.KeyIdentifier, out CoseHeaderValue value))
            {
                return null;
            }

            byte[] bytes = value.GetValueAsBytes();
            return bytes.Length is > 0 and <= TokenClaims.MaxTextLength ? new UTF8Encoding(false, true).GetString(bytes) : null;
        }
        catch (Exception e) when (e is InvalidOperationException or CborContentException or DecoderFallbackException)
        {
            return null;
        }
    }

    private static bool IsEs256(CoseSign1Message message)
    {
        try
        {
            return message.ProtectedHeaders.TryGetValue(CoseHeaderLabel.Algorithm, out CoseHeaderValue alg) && alg.GetValueAsInt32() == Es256;
        }
        catch (Exception e) when (e is InvalidOperationException or CborContentException or OverflowException)
        {
            return false;
        }
    }
}

/// <summary>Unpadded base64url (RFC 4648 §5), as in JOSE and CWT.</summary>
public static class Base64Url
{
    public static string Encode(byte[] data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[]? TryDecode(string text)
    {
        foreach (char c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return null;
            }
        }

        string padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => "!" };
        var buffer = new byte[padded.Length];
        return Convert.TryFromBase64String(padded, buffer, out int written) ? buffer[..written] : null;
    }
}
