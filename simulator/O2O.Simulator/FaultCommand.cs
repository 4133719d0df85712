namespace O2O.Simulator;

/// <summary>
/// <c>o2o-sim fault DEVICE FAULT [--slot N] [--seconds N] [--web URL]</c>: injects a fault into a running simulator through
/// its control API (the web page's endpoints), for a developer at a shell or a script outside a scenario.
/// </summary>
public static class FaultCommand
{
    public const string Usage = """
        Usage: o2o-sim fault DEVICE FAULT [--slot N] [--seconds N] [--web URL]
          FAULT            slot faults (need --slot): jam, force-open, stick-door, stick-item, free-switches
                           device faults: brownout, wifi-drop, clock-skew (--seconds: how long / how far), emergency-stop
          --web URL        the running simulator's page (default http://127.0.0.1:8080/)
        """;

    private static readonly string[] SlotFaults = ["jam", "force-open", "stick-door", "stick-item", "free-switches"];
    private static readonly string[] DeviceFaults = ["brownout", "wifi-drop", "clock-skew", "emergency-stop"];

    /// <summary>The control API path for the arguments, or null with <paramref name="error"/>.</summary>
    public static string? PathFor(string[] args, out string? error, out string web)
    {
        error = null;
        web = "http://127.0.0.1:8080/";
        if (args.Length < 3)
        {
            error = "fault needs a device and a fault";
            return null;
        }

        string device = args[1], fault = args[2];
        int? slot = null, seconds = null;
        for (int i = 3; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--slot" when i + 1 < args.Length && int.TryParse(args[i + 1], out int s) && s >= 0:
                    slot = s;
                    i++;
                    break;
                case "--seconds" when i + 1 < args.Length && int.TryParse(args[i + 1], out int n):
                    seconds = n;
                    i++;
                    break;
                case "--web" when i + 1 < args.Length && Uri.TryCreate(args[i + 1], UriKind.Absolute, out Uri? uri):
                    web = uri.ToString();
                    i++;
                    break;
                default:
                    error = $"unknown or incomplete option '{args[i]}'";
                    return null;
            }
        }

        if (SlotFaults.Contains(fault))
        {
            return slot is null ? Fail(out error, $"{fault} needs --slot") : $"api/devices/{Uri.EscapeDataString(device)}/slots/{slot}/{fault}";
        }

        if (DeviceFaults.Contains(fault))
        {
            return $"api/devices/{Uri.EscapeDataString(device)}/faults/{fault}" + (seconds is null ? "" : $"?seconds={seconds}");
        }

        return Fail(out error, $"unknown fault '{fault}'");
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors)
    {
        string? path = PathFor(args, out string? error, out string web);
        if (path is null)
        {
            await errors.WriteLineAsync($"o2o-sim: {error}\n{Usage}");
            return 2;
        }

        using var http = new HttpClient { BaseAddress = new Uri(web), Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using HttpResponseMessage response = await http.PostAsync(path, null);
            string body = await response.Content.ReadAsStringAsync();
            await (response.IsSuccessStatusCode ? output : errors).WriteLineAsync($"{(int)response.StatusCode} {body}".TrimEnd());
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (HttpRequestException e)
        {
            await errors.WriteLineAsync($"o2o-sim: no simulator at {web}: {e.Message}");
            return 1;
        }
    }

    private static string? Fail(out string? error, string message)
    {
        error = message;
        return null;
    }
}
