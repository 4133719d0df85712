using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using O2O.EdgeAgent.Gateway;
using O2O.Protocol;
using O2O.Simulator.Devices;
using O2O.Simulator.Stack;

namespace O2O.Simulator.Web;

/// <summary>
/// The simulator's web page: every device drawn from its backend side, live over server-sent events, with
/// buttons that act as a customer (scan and pay, take, close) and inject faults. Plain HTML and JavaScript
/// embedded in this assembly; no front-end build step.
/// </summary>
public sealed class SimulatorWeb : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly WebApplication _app;

    private SimulatorWeb(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The page's address, e.g. http://127.0.0.1:8080/.</summary>
    public string Address { get; }

    public static async Task<SimulatorWeb> StartAsync(LocalStack stack, IReadOnlyList<StackDevice> devices, int port, CancellationToken cancellationToken)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        var cloud = new HttpClient { BaseAddress = new Uri(stack.CloudBaseUrl) };
        Dictionary<string, string> models = devices.ToDictionary(d => d.DeviceId, d => d.Model);

        app.MapGet("/", () => Asset("index.html", "text/html; charset=utf-8"));
        app.MapGet("/app.js", () => Asset("app.js", "text/javascript; charset=utf-8"));
        app.MapGet("/style.css", () => Asset("style.css", "text/css; charset=utf-8"));
        app.MapGet("/api/devices", () => stack.Devices.Select(d => DeviceView.Of(d, models[d.DeviceId])));
        app.MapGet("/api/stream", (HttpContext http) => StreamAsync(http, stack, models, app.Lifetime.ApplicationStopping));
        app.MapPost("/api/devices/{deviceId}/scan-pay", async (string deviceId, CancellationToken ct) =>
            Find(stack, deviceId) is { } device ? Results.Ok(await CustomerActions.ScanAndPayAsync(cloud, device, ct)) : Results.NotFound());
        app.MapPost("/api/devices/{deviceId}/slots/{slot:int}/{action}", (string deviceId, int slot, string action) => SlotAction(stack, deviceId, slot, action));
        app.MapPost("/api/cloud/{state}", async (string state, CancellationToken ct) => state is "online" or "offline"
            ? Results.StatusCode((int)(await cloud.PostAsync($"sim/sites/{LocalStack.SiteId}/{state}", null, ct)).StatusCode)
            : Results.BadRequest(new { error = "online or offline" }));
        await app.StartAsync(cancellationToken);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";
        return new SimulatorWeb(app, address);
    }

    private static VirtualCabinet? Find(LocalStack stack, string deviceId) => stack.Devices.FirstOrDefault(d => d.DeviceId == deviceId);

    private static IResult SlotAction(LocalStack stack, string deviceId, int slot, string action)
    {
        if (Find(stack, deviceId) is not { } device || slot < 0 || slot >= device.Slots.Length)
        {
            return Results.NotFound(new { error = "unknown device or slot" });
        }

        SimulatedSlot target = device.Slots[slot];
        switch (action)
        {
            case "take":
                return target.TakeItem() is { } item ? Results.Ok(new { item }) : Results.Conflict(new { error = "the door is shut, or the slot is empty" });
            case "close":
                target.CloseDoor();
                return Results.Ok();
            case "jam":
                target.Jammed = !target.Jammed;
                return Results.Ok(new { jammed = target.Jammed });
            case "force-open":
                target.ForceOpen();
                return Results.Ok();
            default:
                return Results.BadRequest(new { error = "take, close, jam or force-open" });
        }
    }

    private static IResult Asset(string name, string contentType)
    {
        Stream? stream = typeof(SimulatorWeb).Assembly.GetManifestResourceStream("O2O.Simulator.Web.wwwroot." + name);
        return stream is null ? Results.NotFound() : Results.Stream(stream, contentType);
    }

    // One "devices" message whenever what the page draws changed (checked every 100 ms), and one "log" message per
    // device event the agent stored. A slow page loses old log lines instead of slowing the simulator.
    private static async Task StreamAsync(HttpContext http, LocalStack stack, Dictionary<string, string> models, CancellationToken stopping)
    {
        DeviceTraffic traffic = stack.AgentServices.GetRequiredService<DeviceTraffic>();
        Channel<string> log = Channel.CreateBounded<string>(new BoundedChannelOptions(500) { FullMode = BoundedChannelFullMode.DropOldest });
        Task OnEvent(string deviceId, DeviceEvent evt)
        {
            log.Writer.TryWrite(JsonSerializer.Serialize(new { deviceId, type = evt.Type, slot = evt.Slot, order = evt.OrderId, item = evt.ItemId, code = evt.Code, seq = evt.Sequence }, Json));
            return Task.CompletedTask;
        }

        using var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        traffic.EventStored += OnEvent;
        try
        {
            string last = "";
            while (!ended.IsCancellationRequested)
            {
                string devices = JsonSerializer.Serialize(stack.Devices.Select(d => DeviceView.Of(d, models[d.DeviceId])), Json);
                if (devices != last)
                {
                    await http.Response.WriteAsync("event: devices\ndata: " + devices + "\n\n", ended.Token);
                    last = devices;
                }

                while (log.Reader.TryRead(out string? line))
                {
                    await http.Response.WriteAsync("event: log\ndata: " + line + "\n\n", ended.Token);
                }

                await http.Response.Body.FlushAsync(ended.Token);
                await Task.Delay(100, ended.Token);
            }
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            // The page closed, or the simulator is stopping.
        }
        finally
        {
            traffic.EventStored -= OnEvent;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
