using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace O2O.EdgeAgent.Cli;

/// <summary>
/// The local admin API over HTTP. Turns transport failures and refusals into <see cref="CliException"/>s with a
/// readable message; the token goes only into the Authorization header, never into a message.
/// </summary>
public sealed class AgentClient : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private readonly HttpClient _http;
    private readonly Uri _baseUrl;

    public AgentClient(string url, string? token)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliException(ExitCodes.Usage, $"--url must be an http(s) address, not '{url}'");
        }

        if (string.IsNullOrEmpty(token))
        {
            throw new CliException(ExitCodes.Usage, "no admin token: pass --token or set O2O_ADMIN_TOKEN");
        }

        _baseUrl = new Uri(parsed.AbsoluteUri.TrimEnd('/') + "/");
        // Per-request deadlines instead of HttpClient.Timeout, because the event stream must be allowed to last.
        _http = new HttpClient { BaseAddress = _baseUrl, Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public async Task<JsonElement> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseContentRead, RequestTimeout, cancellationToken);
        return await ReadJsonAsync(response, cancellationToken);
    }

    public async Task<string> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseContentRead, RequestTimeout, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public async Task<JsonElement> PostJsonAsync(string path, object body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        using HttpResponseMessage response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, RequestTimeout, cancellationToken);
        return await ReadJsonAsync(response, cancellationToken);
    }

    /// <summary>Opens a long-lived response (server-sent events); only connecting is under the request deadline.</summary>
    public async Task<HttpResponseMessage> OpenStreamAsync(string path, CancellationToken cancellationToken) =>
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseHeadersRead, RequestTimeout, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, deadline.Token);
        }
        catch (HttpRequestException ex)
        {
            throw new CliException(ExitCodes.Unreachable, $"cannot reach the agent at {_baseUrl}: {ex.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unreachable, $"the agent at {_baseUrl} did not answer within {timeout.TotalSeconds:0} s");
        }
        finally
        {
            request.Dispose();
        }

        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            throw new CliException(ExitCodes.Unauthorized, "the agent refused the admin token (401): check --token or O2O_ADMIN_TOKEN");
        }

        return response;
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonElement json;
        try
        {
            json = text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text);
        }
        catch (JsonException)
        {
            throw new CliException(ExitCodes.Failed, $"the agent answered {(int)response.StatusCode} with something that is not JSON");
        }

        if (response.IsSuccessStatusCode)
        {
            return json;
        }

        // The API explains refusals as {"error": "..."}; show that reason as the agent worded it.
        string reason = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("error", out JsonElement error) ? error.ToString() : response.ReasonPhrase ?? "";
        int code = response.StatusCode == HttpStatusCode.NotFound ? ExitCodes.NotFound : ExitCodes.Failed;
        throw new CliException(code, $"the agent refused ({(int)response.StatusCode}): {reason}");
    }
}
