using System.Security.Cryptography;
using O2O.CloudContract;

namespace O2O.CloudSimulator;

/// <summary>The cloud's grant-signing key. It never leaves the cloud: agents get only the public half from /v1/keys.</summary>
public sealed class GrantSigner : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string KeyId { get; } = "k-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();

    public KeySet PublicKeys() => new([new PublicKeyEntry(KeyId, Convert.ToBase64String(_key.ExportSubjectPublicKeyInfo()))]);

    public string Sign(UnlockGrant grant) => GrantToken.Sign(grant with { KeyId = KeyId }, _key);

    public void Dispose() => _key.Dispose();
}
