using System.Security.Cryptography;
using O2O.CloudContract;
using O2O.CloudContract.Tokens;

namespace O2O.CloudSimulator;

/// <summary>
/// The cloud's ES256 signing keys. They never leave the cloud: sites get only the public halves from /v1/keys.
/// <see cref="Rotate"/> starts signing with a new key while the old one stays published, so tokens already
/// issued (offline pools last a day) keep verifying; <see cref="Retire"/> withdraws a key for good.
/// </summary>
public sealed class TokenSigner : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ECDsa> _published = new(StringComparer.Ordinal);
    private string _currentKeyId = "";

    public TokenSigner()
    {
        Rotate();
    }

    public string CurrentKeyId
    {
        get
        {
            lock (_gate)
            {
                return _currentKeyId;
            }
        }
    }

    public KeySet PublicKeys()
    {
        lock (_gate)
        {
            return new KeySet(_published.Select(k => new PublicKeyEntry(k.Key, Convert.ToBase64String(k.Value.ExportSubjectPublicKeyInfo()))).ToList());
        }
    }

    public string Sign(TokenClaims claims)
    {
        lock (_gate)
        {
            return CoseToken.Sign(claims, _published[_currentKeyId], _currentKeyId);
        }
    }

    /// <summary>Signs with a new key from now on; returns its id.</summary>
    public string Rotate()
    {
        lock (_gate)
        {
            _currentKeyId = "k-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
            _published[_currentKeyId] = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return _currentKeyId;
        }
    }

    /// <summary>Withdraws an old key (say it leaked): tokens it signed stop verifying once sites refresh the key set.</summary>
    public bool Retire(string keyId)
    {
        lock (_gate)
        {
            if (keyId == _currentKeyId || !_published.Remove(keyId, out ECDsa? key))
            {
                return false;
            }

            key.Dispose();
            return true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (ECDsa key in _published.Values)
            {
                key.Dispose();
            }
        }
    }
}
