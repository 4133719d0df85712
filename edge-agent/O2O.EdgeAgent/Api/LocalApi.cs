using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using O2O.EdgeAgent.Gateway;
using O2O.EdgeAgent.Storage;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.EdgeAgent.Api;

/// <summary>
/// The operator's local API: health, Prometheus metrics, devices, and sending commands. Its own small web
/// server on loopback (by default), every call but liveness behind the admin bearer token.
/// </summary>
public sealed class LocalApi(IServiceProvider agent, IOptions<EdgeAgentOptions> options, ILogger<LocalApi> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The address actually bound (the configured port may be 0 in tests).</summary>
    public string? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        EdgeAgentOptions settings = options.Value;
        if (string.IsNullOrEmpty(settings.LocalApiUrl) || settings.AdminToken.Length < 16)
        {
            logger.LogWarning("Local API is off: set O2O:LocalApiUrl and an O2O:AdminToken of at least 16 characters to enable it");
            return;
        }

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(settings.LocalApiUrl);
        builder.Logging.ClearProviders();
        _app = builder.Build();
        byte[] token = Encoding.UTF8.GetBytes("Bearer " + settings.AdminToken);
        _app.Use(async (context, next) =>
        {
            if (context.Request.Path != "/health/live" && !Authorized(context, token))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await next(context);
        });
        MapEndpoints(_app);
        await _app.StartAsync(cancellationToken);
        Address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        logger.LogInformation("Local API listening on {Address}", Address);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private void MapEndpoints(WebApplication app)
    {
        app.MapGet("/health/live", () => Results.Text("alive\n"));
        app.MapGet("/health/ready", () =>
        {
            string? quarantined = agent.GetRequiredService<StoreOpener>().QuarantinedPath;
            return quarantined is null
                ? Results.Text("ready\n")
                : Results.Text($"degraded: the event store was corrupt and was moved to {quarantined}\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        app.MapGet("/metrics", () => Results.Text(agent.GetRequiredService<AgentMetrics>().Render(), "text/plain; version=0.0.4"));
        app.MapGet("/devices", () => agent.GetRequiredService<DeviceRegistry>().All.OrderBy(d => d.DeviceId, StringComparer.Ordinal).Select(Summary));
        app.MapGet("/devices/{deviceId}", (string deviceId) =>
        {
            DeviceStatus? status = agent.GetRequiredService<DeviceRegistry>().All.FirstOrDefault(d => d.DeviceId == deviceId);
            return status is null ? Results.NotFound(new { error = "unknown device" }) : Results.Ok(Detail(status));
        });
        app.MapPost("/devices/{deviceId}/commands", SendCommandAsync);
        app.MapGet("/events/stream", (HttpContext context) => StreamEventsAsync(context, app.Lifetime.ApplicationStopping));
        app.MapSiteFlows(agent);
    }

    /// <summary>
    /// Server-sent events: one <c>data: {json}</c> line per stored device event, for as long as the client stays.
    /// The gateway awaits every EventStored handler before it acks the device, so the handler only queues; a slow
    /// or stalled client loses its oldest lines instead of holding up device traffic.
    /// </summary>
    private async Task StreamEventsAsync(HttpContext context, CancellationToken stopping)
    {
        DeviceTraffic traffic = agent.GetRequiredService<DeviceTraffic>();
        Channel<string> lines = Channel.CreateBounded<string>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        Task OnEventStored(string deviceId, DeviceEvent evt)
        {
            lines.Writer.TryWrite(EventLine(deviceId, evt));
            return Task.CompletedTask;
        }

        Task OnGapDetected(string deviceId, SequenceGap gap)
        {
            lines.Writer.TryWrite(GapLine(deviceId, gap));
            return Task.CompletedTask;
        }

        // Agent shutdown ends the stream too: otherwise the web server would wait its full timeout for this request.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        traffic.EventStored += OnEventStored;
        traffic.GapDetected += OnGapDetected;
        try
        {
            // Headers go out only once subscribed, so a client that has them will not miss the next event.
            await context.Response.Body.FlushAsync(ended.Token);
            await foreach (string line in lines.Reader.ReadAllAsync(ended.Token))
            {
                await context.Response.WriteAsync(line, ended.Token);
                await context.Response.Body.FlushAsync(ended.Token);
            }
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            // The client went away or the agent is stopping: the normal end of a stream.
        }
        finally
        {
            traffic.EventStored -= OnEventStored;
            traffic.GapDetected -= OnGapDetected;
        }
    }

    private static string EventLine(string deviceId, DeviceEvent evt) => "data: " + JsonSerializer.Serialize(new
    {
        deviceId,
        boot = evt.BootId,
        seq = evt.Sequence,
        type = evt.Type,
        slot = evt.Slot == DeviceEvent.NoSlot ? (int?)null : evt.Slot,
        order = evt.OrderId,
        code = evt.Code,
    }) + "\n\n";

    // Not a device event but the agent's note about one: the stream carries it so an operator tailing sees lost events.
    private static string GapLine(string deviceId, SequenceGap gap) => "data: " + JsonSerializer.Serialize(new
    {
        deviceId,
        boot = gap.BootId,
        seq = gap.SeenAt,
        type = "seq_gap",
        missed = gap.FirstMissing == gap.LastMissing ? gap.FirstMissing.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{gap.FirstMissing}-{gap.LastMissing}"),
    }) + "\n\n";

    private async Task<IResult> SendCommandAsync(string deviceId, ApiCommand request, CancellationToken cancellationToken)
    {
        if (!options.Value.Devices.Any(d => d.Id == deviceId))
        {
            return Results.NotFound(new { error = "unknown device" });
        }

        if (request.Type == CommandTypes.Unlock)
        {
            // An opening without a paid order is a technician's job: it must come with a technician token and be journaled.
            return Results.Json(new { error = "unlock is not available on the admin API; use a technician token" }, statusCode: StatusCodes.Status403Forbidden);
        }

        var command = new DeviceCommand
        {
            Id = "api-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant(),
            Type = request.Type ?? "",
            Slot = request.Slot ?? DeviceCommand.NoSlot,
            OrderId = request.Order,
            Minutes = request.Minutes ?? 0,
            Pattern = request.Pattern,
            Key = request.Key,
            Text = request.Value,
            IssuedAt = agent.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeMilliseconds(),
        };
        var writer = new JsonWriter(256);
        command.WriteTo(writer);
        byte[] payload = writer.ToArray();
        // The device's own decoder decides what is valid, so the API cannot send what the device would refuse.
        if (DeviceCommand.Decode(payload, 0, payload.Length, new JsonReader(), out DecodeError? error, out _) is null)
        {
            return Results.BadRequest(new { error = error!.ToString() });
        }

        await agent.GetRequiredService<IDeviceCommandSender>().SendAsync(deviceId, payload, cancellationToken);
        logger.LogInformation("Admin API sent {Type} command {CommandId} to {Device}", command.Type, command.Id, deviceId);
        return Results.Accepted(value: new { commandId = command.Id });
    }

    private static object Summary(DeviceStatus status) => new
    {
        deviceId = status.DeviceId,
        online = status.Online,
        kind = status.LastState?.Kind,
        firmware = status.LastState?.Firmware,
        bootId = status.BootId,
        lastSequence = status.LastSequence,
        missedEvents = status.MissedEvents,
    };

    private static object Detail(DeviceStatus status) => new
    {
        summary = Summary(status),
        slots = status.LastState?.Slots.Select(s => new { number = s.Number, state = s.State, item = s.ItemId, doorOpen = s.DoorOpen, fault = s.Fault }),
        qr = status.LastState?.QrPayload is not null,
        health = status.LastHealth is null ? null : new
        {
            uptimeSeconds = status.LastHealth.UptimeSeconds,
            freeMemoryBytes = status.LastHealth.FreeMemoryBytes,
            resetReason = status.LastHealth.ResetReason,
            wifiRssi = status.LastHealth.WifiRssi,
            firmware = status.LastHealth.Firmware,
            safeMode = status.LastHealth.SafeMode,
            faults = new { jams = status.LastHealth.Jams, tampers = status.LastHealth.Tampers, doorsLeftOpen = status.LastHealth.DoorsLeftOpen,
                sensors = status.LastHealth.SensorFaults, wrongItems = status.LastHealth.WrongItems, linkDrops = status.LastHealth.LinkDrops, dropped = status.LastHealth.EventsDropped },
        },
    };

    private static bool Authorized(HttpContext context, byte[] expected)
    {
        byte[] presented = Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString());
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }
}

/// <summary>The body of POST /devices/{id}/commands: the command type and its arguments, as in the device protocol.</summary>
public sealed record ApiCommand(string? Type, int? Slot, string? Order, int? Minutes, string? Pattern, string? Key, string? Value);
