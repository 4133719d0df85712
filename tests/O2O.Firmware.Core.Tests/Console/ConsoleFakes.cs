using System.Text;
using O2O.Firmware.Core.Console;
using O2O.Protocol;

namespace O2O.Firmware.Core.Tests.Console;

/// <summary>A device as the console sees it: settable clocks, four slots, a small config, and a record of every action.</summary>
internal sealed class FakeTarget : IDiagnosticsTarget
{
    public const string WifiPassword = "hunter2-wifi-pass";
    public const string DeviceSecret = "s3cr3t-device-value";

    public static readonly byte[] Key = Encoding.UTF8.GetBytes("per-device-technician-key-cab001");

    private static readonly string[] Secrets = ["wifi.password", "device.secret"];
    private static readonly string[] PrivilegedKeys = ["device.id", "wifi.password", "device.secret"];

    public string DeviceId { get; set; } = "cab-001";

    public string Version { get; set; } = "0.2.0 (o2o-ctrl-1, powerbank)";

    public long UnixSeconds { get; set; } = 1_800_000_000;

    public long UptimeMilliseconds { get; set; } = 5_000;

    public byte[] TechnicianKey { get; set; } = Key;

    public int SlotCount { get; set; } = 4;

    /// <summary>Misbehaviour switch: GetConfig returns secrets in clear, to prove the console still hides them.</summary>
    public bool LeakSecrets { get; set; }

    /// <summary>Misbehaviour switch: status throws, to prove the console survives.</summary>
    public bool StatusThrows { get; set; }

    public string? RefuseWith { get; set; }

    public Dictionary<string, string> Config { get; } = new()
    {
        ["device.id"] = "cab-001",
        ["wifi.ssid"] = "",
        ["wifi.password"] = WifiPassword,
        ["broker.host"] = "mqtt.example",
        ["broker.port"] = "8883",
        ["device.secret"] = "",
        ["log.level"] = "info",
    };

    public List<string> Calls { get; } = [];

    public int Reboots { get; private set; }

    /// <summary>What the console had written when RequestReboot was called.</summary>
    public Func<string>? OutputSoFar { get; set; }

    public string? OutputAtReboot { get; private set; }

    public string[] ConfigKeys => Config.Keys.ToArray();

    public string DescribeStatus() => StatusThrows ? throw new InvalidOperationException("boom") : "kind: powerbank\nstate: idle\r\nsafe mode: off\n";

    public string DescribeSlots()
    {
        var text = new StringBuilder();
        for (int i = 0; i < SlotCount; i++)
        {
            text.Append("slot ").Append(i).Append(": empty\n");
        }

        return text.ToString();
    }

    public string? DescribeSlot(int slot) => slot >= 0 && slot < SlotCount ? "slot " + slot + " detail\nlatch: closed" : null;

    public string DescribeEvents(int max)
    {
        Calls.Add("events " + max);
        return "event list (" + max + ")";
    }

    public string DescribeNetwork() => "wifi: connected\nbroker: up";

    public string DescribeQr() => "qr: https://pay.example/q?d=cab-001";

    public bool IsSecret(string key) => Secrets.Contains(key);

    public string? GetConfig(string key)
    {
        if (!Config.TryGetValue(key, out string? value))
        {
            return null;
        }

        if (IsSecret(key) && !LeakSecrets)
        {
            return value.Length == 0 ? "(not set)" : "(set)";
        }

        return value;
    }

    public string? SetConfig(string key, string value)
    {
        Calls.Add("set " + key + "=" + value);
        if (RefuseWith != null)
        {
            return RefuseWith;
        }

        Config[key] = value;
        return null;
    }

    public bool IsPrivilegedKey(string key) => PrivilegedKeys.Contains(key);

    public string SelfTest(bool moveLatches)
    {
        Calls.Add("selftest " + moveLatches);
        return "sensors: ok\nbeeper: ok" + (moveLatches ? "\nlatches: ok" : "");
    }

    public string? Beep(string patternOrRtttl)
    {
        Calls.Add("beep " + patternOrRtttl);
        return RefuseWith;
    }

    public string? SetLogLevel(string level)
    {
        Calls.Add("log " + level);
        return RefuseWith;
    }

    public string? TechnicianUnlock(int slot, string technicianId)
    {
        Calls.Add("unlock " + slot + " " + technicianId);
        return RefuseWith;
    }

    public string? PresentToken(string token, int slot)
    {
        Calls.Add("redeem " + token + " " + slot);
        return RefuseWith;
    }

    public string? FactoryReset()
    {
        Calls.Add("factory-reset");
        return RefuseWith;
    }

    public void RequestReboot()
    {
        Reboots++;
        OutputAtReboot = OutputSoFar?.Invoke();
    }

    public void AdvanceMilliseconds(long ms)
    {
        UptimeMilliseconds += ms;
        UnixSeconds += ms / 1000;
    }

    public string Code(string technician = "tech-7", long validSeconds = 3600, string? deviceId = null) =>
        TechnicianToken.Build(technician, UnixSeconds + validSeconds, deviceId ?? DeviceId, Key)!;
}

/// <summary>Captures everything the console writes.</summary>
internal sealed class CapturingOutput : IConsoleOutput
{
    private readonly StringBuilder _all = new();
    private int _taken;

    public int Writes { get; private set; }

    public string All => _all.ToString();

    public void Write(string text)
    {
        Writes++;
        _all.Append(text);
    }

    /// <summary>Output since the last call.</summary>
    public string Take()
    {
        string text = _all.ToString(_taken, _all.Length - _taken);
        _taken = _all.Length;
        return text;
    }
}

/// <summary>A started console on a fake device; Run types a line and returns what came back.</summary>
internal sealed class ConsoleHarness
{
    public ConsoleHarness(FakeTarget? target = null)
    {
        Target = target ?? new FakeTarget();
        Output = new CapturingOutput();
        Console = new DiagnosticsConsole(Target, Output);
        Target.OutputSoFar = () => Output.All;
        Console.Start();
        Output.Take();
    }

    public FakeTarget Target { get; }

    public CapturingOutput Output { get; }

    public DiagnosticsConsole Console { get; }

    public string Prompt => Target.DeviceId + (Console.IsLoggedIn ? "# " : "> ");

    public void Send(string text) => Send(Latin1(text));

    public void Send(byte[] bytes) => Console.Receive(bytes, 0, bytes.Length);

    public string Type(string text)
    {
        Send(text);
        return Output.Take();
    }

    /// <summary>Types the line and Enter; returns the answer without the echoed line and without the next prompt.</summary>
    public string Run(string line)
    {
        string all = Type(line + "\r");
        int echoEnd = all.IndexOf("\r\n", StringComparison.Ordinal);
        string answer = all[(echoEnd + 2)..];
        int prompt = answer.LastIndexOf("\r\n", StringComparison.Ordinal);
        return prompt < 0 ? "" : answer[..(prompt + 2)];
    }

    public void LogIn(long validSeconds = 3600)
    {
        string answer = Run("login " + Target.Code(validSeconds: validSeconds));
        Assert.StartsWith("ok: logged in as tech-7", answer);
    }

    /// <summary>Bytes as typed: every char is one byte (so "\x1b" and "\xc3" can be written in tests).</summary>
    public static byte[] Latin1(string text) => text.Select(c => (byte)c).ToArray();
}
