using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace O2O.EdgeAgent.Cloud;

/// <summary>
/// Uplink over HTTPS instead of the cloud broker (O2O:UplinkTransport = "https"): each gzip batch is one POST to
/// v1/sites/{siteId}/batches. The batch id inside the body lets the cloud dedupe a retry whose answer was lost.
/// </summary>
public sealed class HttpsUplink(HttpClient http, IOptions<EdgeAgentOptions> options, ILogger<HttpsUplink> logger) : IUplink
{
    private readonly string _path = $"v1/sites/{Uri.EscapeDataString(options.Value.SiteId)}/batches";

    // HTTP has no session to watch: every POST is its own attempt, and failures feed the uploader's back-off.
    public bool IsConnected => true;

    public async Task<bool> PublishUplinkAsync(byte[] payload, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(options.Value.CloudHttpBaseUrl), _path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.SiteSecret);
        request.Content = new ByteArrayContent(payload);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        try
        {
            using HttpResponseMessage response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            logger.LogWarning("Cloud refused an uplink batch over HTTPS: {Status}", (int)response.StatusCode);
            return false;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Uplink POST failed: {Reason}", e.Message);
            return false;
        }
    }
}
