using System.Security.Cryptography;

namespace O2O.EdgeAgent.Cloud;

/// <summary>
/// The cloud's public grant keys, fetched from /v1/keys and refreshed when a grant names a key id not
/// seen yet (key rotation). Public keys only: nothing here can sign a grant.
/// </summary>
public sealed class GrantKeyring(CloudApiClient cloud)
{
    private volatile IReadOnlyDictionary<string, ECDsa> _keys = new Dictionary<string, ECDsa>();

    public ECDsa? Find(string keyId) => _keys.GetValueOrDefault(keyId);

    /// <summary>Makes sure <paramref name="keyId"/> is known if the cloud has it; false when it does not (or is unreachable).</summary>
    public async Task<bool> EnsureAsync(string keyId, CancellationToken cancellationToken)
    {
        if (_keys.ContainsKey(keyId))
        {
            return true;
        }

        try
        {
            _keys = await cloud.GetKeysAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        return _keys.ContainsKey(keyId);
    }
}
