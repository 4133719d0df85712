using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using O2O.CloudContract;

namespace O2O.EdgeAgent.Cloud;

/// <summary>The HTTP calls the agent makes to the cloud (docs/cloud-contract.md). Authenticated with the site secret.</summary>
public sealed class CloudApiClient
{
    private readonly HttpClient _http;
    private readonly string _siteId;

    public CloudApiClient(HttpClient http, IOptions<EdgeAgentOptions> options)
    {
        _http = http;
        _siteId = options.Value.SiteId;
        _http.BaseAddress = new Uri(options.Value.CloudHttpBaseUrl);
        _http.Timeout = TimeSpan.FromSeconds(5);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.SiteSecret);
    }

    /// <summary>The cloud's public signing keys: key id → SubjectPublicKeyInfo (imported and so checked by the keyring).</summary>
    public async Task<Dictionary<string, byte[]>> GetKeysAsync(CancellationToken cancellationToken)
    {
        KeySet keys = await _http.GetFromJsonAsync<KeySet>("v1/keys", ContractJson.Options, cancellationToken)
            ?? throw new HttpRequestException("empty key set");
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (PublicKeyEntry entry in keys.Keys ?? [])
        {
            result[entry.Kid] = Convert.FromBase64String(entry.Spki);
        }

        return result;
    }

    /// <summary>Asks for fresh offline tokens for one device's pool.</summary>
    public async Task<IReadOnlyList<string>> RequestTokensAsync(string deviceId, int count, IReadOnlyList<string> held, CancellationToken cancellationToken)
    {
        var request = new TokenPoolRequest(deviceId, count, held);
        using HttpResponseMessage response = await _http.PostAsJsonAsync($"v1/sites/{_siteId}/token-pool", request, ContractJson.Options, cancellationToken);
        response.EnsureSuccessStatusCode();
        TokenPoolResponse? pool = await response.Content.ReadFromJsonAsync<TokenPoolResponse>(ContractJson.Options, cancellationToken);
        return pool?.Tokens ?? throw new HttpRequestException("empty token pool answer");
    }

    public async Task<RevocationList> GetRevocationsAsync(CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync<RevocationList>($"v1/sites/{_siteId}/revocations", ContractJson.Options, cancellationToken)
        ?? throw new HttpRequestException("empty revocation list");

    /// <summary>Uploads offline redemptions; idempotent per token id on the cloud side.</summary>
    public async Task<ReconciliationResponse> ReconcileAsync(IReadOnlyList<RedemptionReport> redemptions, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await _http.PostAsJsonAsync($"v1/sites/{_siteId}/reconciliation", new ReconciliationRequest(redemptions), ContractJson.Options, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ReconciliationResponse>(ContractJson.Options, cancellationToken) ?? throw new HttpRequestException("empty reconciliation answer");
    }

    /// <summary>Asks to serve a paid order. Idempotent on the cloud side: asking twice gets the same answer.</summary>
    public async Task<ClaimResponse> ClaimAsync(string orderId, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await _http.PostAsJsonAsync($"v1/orders/{Uri.EscapeDataString(orderId)}/claim", new ClaimRequest(_siteId), ContractJson.Options, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ClaimResponse>(ContractJson.Options, cancellationToken) ?? throw new HttpRequestException("empty claim answer");
    }

    /// <summary>Reports the order's final outcome, and says whether to try again.</summary>
    public async Task<OutcomeDelivery> ReportOutcomeAsync(string orderId, string outcome, string? reason, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await _http.PostAsJsonAsync($"v1/orders/{Uri.EscapeDataString(orderId)}/outcome", new OutcomeReport(_siteId, outcome, reason), ContractJson.Options, cancellationToken);
        int status = (int)response.StatusCode;
        return response.IsSuccessStatusCode ? OutcomeDelivery.Accepted
            : status is 400 or 404 or 409 or 422 ? OutcomeDelivery.Refused
            : OutcomeDelivery.Retry;
    }
}
