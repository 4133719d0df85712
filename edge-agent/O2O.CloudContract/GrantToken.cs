using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace O2O.CloudContract;

/// <summary>
/// Grant tokens: <c>base64url(json) "." base64url(ES256 signature over the json bytes)</c>. Only the cloud
/// holds the private key; the edge agent holds public keys and can verify but never mint a grant.
/// </summary>
public static class GrantToken
{
    public const int MaxTokenLength = 2048;

    public static string Sign(UnlockGrant grant, ECDsa privateKey)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(grant, ContractJson.Options);
        byte[] signature = privateKey.SignData(body, HashAlgorithmName.SHA256);
        return Base64Url.Encode(body) + "." + Base64Url.Encode(signature);
    }

    /// <summary>The key id a token claims, read without verifying anything, to know which key to fetch.</summary>
    public static string? PeekKeyId(string token)
    {
        int dot = token?.IndexOf('.') ?? -1;
        byte[]? body = dot > 0 && token!.Length <= MaxTokenLength ? Base64Url.TryDecode(token[..dot]) : null;
        if (body is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<UnlockGrant>(body, ContractJson.Options)?.KeyId;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Verifies a token against the key set. Returns the grant, or null with the refusal reason.</summary>
    public static UnlockGrant? Verify(string token, Func<string, ECDsa?> findKey, out string? refusal)
    {
        refusal = null;
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            refusal = "malformed";
            return null;
        }

        string[] parts = token.Split('.');
        byte[]? body = parts.Length == 2 ? Base64Url.TryDecode(parts[0]) : null;
        byte[]? signature = parts.Length == 2 ? Base64Url.TryDecode(parts[1]) : null;
        if (body is null || signature is null)
        {
            refusal = "malformed";
            return null;
        }

        UnlockGrant? grant;
        try
        {
            grant = JsonSerializer.Deserialize<UnlockGrant>(body, ContractJson.Options);
        }
        catch (JsonException)
        {
            refusal = "malformed";
            return null;
        }

        if (grant is null || string.IsNullOrEmpty(grant.KeyId) || string.IsNullOrEmpty(grant.OrderId))
        {
            refusal = "malformed";
            return null;
        }

        ECDsa? key = findKey(grant.KeyId);
        if (key is null)
        {
            refusal = "unknown_key";
            return null;
        }

        if (!key.VerifyData(body, signature, HashAlgorithmName.SHA256))
        {
            refusal = "bad_signature";
            return null;
        }

        return grant;
    }
}

/// <summary>Unpadded base64url (RFC 4648 §5), as in JOSE.</summary>
public static class Base64Url
{
    public static string Encode(byte[] data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[]? TryDecode(string text)
    {
        string padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => "!" };
        var buffer = new byte[padded.Length];
        return Convert.TryFromBase64String(padded, buffer, out int written) ? buffer[..written] : null;
    }
}
