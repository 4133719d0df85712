using System.Security.Cryptography;
using System.Text.Json;
using O2O.EdgeAgent.Storage;

namespace O2O.EdgeAgent.Cloud;

/// <summary>
/// The cloud's public signing keys, for grants, offline tokens and technician passes. Kept in the store so an
/// agent restarted while offline can still check offline tokens; refreshed periodically and when a token names
/// a key id not seen yet (rotation). Public keys only: nothing here can sign anything.
/// </summary>
public sealed class SigningKeyring
{
    /// <summary>Unknown key ids trigger at most one fetch per this interval, so forged tokens cannot make the agent hammer the cloud.</summary>
    public static readonly TimeSpan MinFetchInterval = TimeSpan.FromSeconds(5);

    private readonly CloudApiClient _cloud;
    private readonly AgentStore _store;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _fetchGate = new(1, 1);
    private volatile IReadOnlyDictionary<string, ECDsa> _keys;
    private Dictionary<string, byte[]> _published;
    private long _lastUnknownKeyFetch;

    public SigningKeyring(CloudApiClient cloud, AgentStore store, TimeProvider time)
    {
        _cloud = cloud;
        _store = store;
        _time = time;
        _published = store.SigningKeys();
        _keys = Load(_published);
    }

    public ECDsa? Find(string keyId) => _keys.GetValueOrDefault(keyId);

    public int Count => _keys.Count;

    /// <summary>
    /// Makes sure <paramref name="keyId"/> is known if the cloud has it; false when it does not, or cannot be asked now.
    /// Fetches for unknown key ids are rate-limited: garbage tokens must not turn into a stream of calls to the cloud.
    /// </summary>
    public async Task<bool> EnsureAsync(string keyId, CancellationToken cancellationToken)
    {
        if (_keys.ContainsKey(keyId))
        {
            return true;
        }

        await _fetchGate.WaitAsync(cancellationToken);
        try
        {
            // A fetch that was in flight may have brought it.
            if (_keys.ContainsKey(keyId))
            {
                return true;
            }

            if (_lastUnknownKeyFetch != 0 && _time.GetElapsedTime(_lastUnknownKeyFetch) < MinFetchInterval)
            {
                return false;
            }

            _lastUnknownKeyFetch = _time.GetTimestamp();
            return await FetchAsync(cancellationToken) && _keys.ContainsKey(keyId);
        }
        finally
        {
            _fetchGate.Release();
        }
    }

    /// <summary>Fetches the key set and replaces ours: a key the cloud withdrew stops verifying. False when the cloud cannot be reached.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        await _fetchGate.WaitAsync(cancellationToken);
        try
        {
            return await FetchAsync(cancellationToken);
        }
        finally
        {
            _fetchGate.Release();
        }
    }

    private async Task<bool> FetchAsync(CancellationToken cancellationToken)
    {
        try
        {
            Dictionary<string, byte[]> keys = await _cloud.GetKeysAsync(cancellationToken);
            // Most passes bring the same set: then there is nothing to import or write.
            if (!SameKeys(keys, _published))
            {
                // Imported before it is stored: a key that does not parse never replaces a good set.
                IReadOnlyDictionary<string, ECDsa> loaded = Load(keys);
                _store.ReplaceSigningKeys(keys);
                (_published, _keys) = (keys, loaded);
            }

            return true;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or FormatException or CryptographicException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    private static bool SameKeys(Dictionary<string, byte[]> fetched, Dictionary<string, byte[]> held) =>
        fetched.Count == held.Count && fetched.All(k => held.TryGetValue(k.Key, out byte[]? spki) && spki.AsSpan().SequenceEqual(k.Value));

    private static Dictionary<string, ECDsa> Load(Dictionary<string, byte[]> spkis)
    {
        var keys = new Dictionary<string, ECDsa>(StringComparer.Ordinal);
        foreach ((string kid, byte[] spki) in spkis)
        {
            var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(spki, out _);
            keys[kid] = key;
        }

        return keys;
    }
}
