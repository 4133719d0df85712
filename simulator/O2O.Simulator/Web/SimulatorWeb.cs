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
using O2O.Simulator.Devices.Peripherals;
using O2O.Simulator.Devices.Physics;
using O2O.Simulator.Stack;

namespace O2O.Simulator.Web;

/// <summary>
/// The simulator's web page and control API: every device drawn from its backend side, live over server-sent
/// events, with buttons that act as a customer (scan and pay, take, put back, close), as a technician (the
/// device's console) and inject faults. Plain HTML and JavaScript embedded in this assembly; no build step.
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
        app.MapPost("/api/devices/{deviceId}/slots/{slot:int}/{action}", (string deviceId, int slot, string action, string? item) => SlotAction(stack, deviceId, slot, action, item));
        app.MapPost("/api/devices/{deviceId}/faults/{fault}", (string deviceId, string fault, int? seconds) => DeviceFault(stack, deviceId, fault, seconds));
        app.MapGet("/api/devices/{deviceId}/screen.png", (string deviceId) => Screen(stack, deviceId));
        app.MapPost("/api/devices/{deviceId}/console", async (string deviceId, HttpRequest request) =>
        {
            if (Find(stack, deviceId)?.Console is not { } console)
            {
                return Results.NotFound();
            }

            using var reader = new StreamReader(request.Body);
            string line = await reader.ReadToEndAsync();
            console.Port.Type(System.Text.Encoding.UTF8.GetBytes(line.TrimEnd('\r', '\n') + "\r"));
            return Results.Accepted();
        });
        app.MapGet("/api/devices/{deviceId}/console", (string deviceId) => Find(stack, deviceId)?.Console is { } console
            ? Results.Text(System.Text.Encoding.UTF8.GetString(console.Port.Scrollback()), "text/plain; charset=utf-8")
            : Results.NotFound());
        app.MapPost("/api/cloud/{state}", async (string state, CancellationToken ct) => state is "online" or "offline"
            ? Results.StatusCode((int)(await cloud.PostAsync($"sim/sites/{LocalStack.SiteId}/{state}", null, ct)).StatusCode)
            : Results.BadRequest(new { error = "online or offline" }));
        app.MapPost("/api/time/advance", (int seconds, CancellationToken ct) => AdvanceAsync(stack, seconds, ct));
        await app.StartAsync(cancellationToken);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";
        return new SimulatorWeb(app, address);
    }

    private static readonly SemaphoreSlim OneSkipAtATime = new(1, 1);

    /// <summary>Skips the stack's clock ahead (the scenario step "advance"); one skip at a time, 409 while one runs.</summary>
    private static async Task<IResult> AdvanceAsync(LocalStack stack, int seconds, CancellationToken cancellationToken)
    {
        if (seconds < 1 || seconds > Scenarios.TimeSkip.Longest.TotalSeconds)
        {
            return Results.BadRequest(new { error = $"seconds must be 1-{Scenarios.TimeSkip.Longest.TotalSeconds:F0}" });
        }

        if (!await OneSkipAtATime.WaitAsync(0, cancellationToken))
        {
            return Results.Conflict(new { error = "a skip is already running" });
        }

        try
        {
            var outcome = await Task.Run(() => Scenarios.TimeSkip.Run(stack, TimeSpan.FromSeconds(seconds), cancellationToken), cancellationToken);
            return Results.Ok(new { skippedSeconds = seconds, passesPerDevice = outcome.PassesPerDevice, realMilliseconds = Math.Round(outcome.RealTime.TotalMilliseconds) });
        }
        finally
        {
            OneSkipAtATime.Release();
        }
    }

    private static VirtualDevice? Find(LocalStack stack, string deviceId) => stack.Devices.FirstOrDefault(d => d.DeviceId == deviceId);

    /// <summary>A customer's or tester's hand on one slot: take or put back an item, push the door, jam the latch, force the door.</summary>
    private static IResult SlotAction(LocalStack stack, string deviceId, int slot, string action, string? item)
    {
        if (Find(stack, deviceId) is not { } device || slot < 0 || slot >= device.Slots.Length)
        {
            return Results.NotFound(new { error = "unknown device or slot" });
        }

        SlotMechanism target = device.Slots[slot];
        switch (action)
        {
            case "take":
                return target.TakeItem() is { } taken ? Results.Ok(new { item = taken }) : Results.Conflict(new { error = "nothing to take: locked, or empty" });
            case "put":
                return target.PutItem(item) ? Results.Ok() : Results.Conflict(new { error = "cannot put an item in: locked, or occupied" });
            case "close":
                return target.CloseDoor() ? Results.Ok() : Results.Conflict(new { error = "no door to close, or already shut" });
            case "jam":
                device.Faults.JamLatch(slot, !target.Jammed);
                return Results.Ok(new { jammed = target.Jammed });
            case "force-open":
                target.ForceOpen();
                return Results.Ok();
            case "stick-door":
                device.Faults.StickDoorSwitch(slot, true);
                return Results.Ok();
            case "stick-item":
                device.Faults.StickItemSwitch(slot, true);
                return Results.Ok();
            case "free-switches":
                device.Faults.FreeSwitches(slot);
                return Results.Ok();
            default:
                return Results.BadRequest(new { error = "take, put, close, jam, force-open, stick-door, stick-item or free-switches" });
        }
    }

    /// <summary>Faults of the whole device: brownout, Wi-Fi drop and clock skew (for <paramref name="seconds"/>), emergency stop.</summary>
    private static IResult DeviceFault(LocalStack stack, string deviceId, string fault, int? seconds)
    {
        if (Find(stack, deviceId) is not { } device)
        {
            return Results.NotFound(new { error = "unknown device" });
        }

        switch (fault)
        {
            case "brownout":
                device.Faults.Brownout();
                break;
            case "wifi-drop":
                device.Faults.DropWifi(TimeSpan.FromSeconds(Math.Clamp(seconds ?? 10, 1, 3600)));
                break;
            case "clock-skew":
                device.Faults.SkewClock(TimeSpan.FromSeconds(Math.Clamp(seconds ?? 600, -86_400, 86_400)));
                break;
            case "emergency-stop" when device.Session is { } session:
                // A toggle, like the button on the page; through the injector so it is logged and listed as active.
                device.Faults.EmergencyStop(!session.EmergencyStopPressed);
                break;
            default:
                return Results.BadRequest(new { error = "brownout, wifi-drop, clock-skew or emergency-stop (timed devices)" });
        }

        return Results.Ok(new { faults = device.Faults.Active() });
    }

    private static IResult Screen(LocalStack stack, string deviceId) => Find(stack, deviceId) is { } device
        ? Results.Bytes(PngEncoder.Encode(device.Hardware.Display.Capture(), scale: 2, border: 8, borderRgb: 0xFFFFFF), "image/png")
        : Results.NotFound();

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
