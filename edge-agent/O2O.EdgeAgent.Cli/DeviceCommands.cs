using System.CommandLine;
using System.Text.Json;

namespace O2O.EdgeAgent.Cli;

/// <summary><c>devices</c>, <c>device &lt;id&gt;</c> and <c>send &lt;id&gt; &lt;type&gt;</c>.</summary>
public static class DeviceCommands
{
    public static void AddTo(RootCommand root, CliContext context)
    {
        var list = new Command("devices", "List the devices the agent knows, with their connection and sequence state");
        list.SetAction(async (parsed, cancellationToken) =>
        {
            using AgentClient client = context.Connect(parsed);
            JsonElement devices = await client.GetJsonAsync("devices", cancellationToken);
            if (devices.GetArrayLength() == 0)
            {
                context.Output.WriteLine("no devices yet");
                return ExitCodes.Ok;
            }

            TextTable.Write(context.Output, ["ID", "ONLINE", "KIND", "FIRMWARE", "LAST SEQ", "MISSED"], devices.EnumerateArray().Select(SummaryRow));
            return ExitCodes.Ok;
        });

        var deviceId = new Argument<string>("id") { Description = "Device id, e.g. cab-001" };
        var detail = new Command("device", "Show one device, its slots included") { deviceId };
        detail.SetAction(async (parsed, cancellationToken) =>
        {
            string id = parsed.GetValue(deviceId)!;
            using AgentClient client = context.Connect(parsed);
            JsonElement device = await client.GetJsonAsync("devices/" + Uri.EscapeDataString(id), cancellationToken);
            WriteDetail(context.Output, device);
            return ExitCodes.Ok;
        });

        root.Subcommands.Add(list);
        root.Subcommands.Add(detail);
        root.Subcommands.Add(SendCommand(context));
    }

    private static Command SendCommand(CliContext context)
    {
        var deviceId = new Argument<string>("id") { Description = "Device id" };
        var type = new Argument<string>("type") { Description = "Command type as in the device protocol: beep, reserve, cancel, show_qr, set_config, self_test, reboot, ..." };
        var slot = new Option<int?>("--slot") { Description = "Slot number" };
        var order = new Option<string?>("--order") { Description = "Order id" };
        var minutes = new Option<int?>("--minutes") { Description = "Minutes (reservations)" };
        var pattern = new Option<string?>("--pattern") { Description = "Beep pattern" };
        var key = new Option<string?>("--key") { Description = "Setting key (with --value)" };
        var value = new Option<string?>("--value") { Description = "Setting value or text (with --key)" };
        var send = new Command("send", "Send a command to a device; prints the command id") { deviceId, type, slot, order, minutes, pattern, key, value };
        send.Validators.Add(result =>
        {
            if ((result.GetResult(key) is null) != (result.GetResult(value) is null))
            {
                result.AddError("--key and --value go together");
            }
        });
        send.SetAction(async (parsed, cancellationToken) =>
        {
            var body = new
            {
                type = parsed.GetValue(type),
                slot = parsed.GetValue(slot),
                order = parsed.GetValue(order),
                minutes = parsed.GetValue(minutes),
                pattern = parsed.GetValue(pattern),
                key = parsed.GetValue(key),
                value = parsed.GetValue(value),
            };
            using AgentClient client = context.Connect(parsed);
            JsonElement accepted = await client.PostJsonAsync($"devices/{Uri.EscapeDataString(parsed.GetValue(deviceId)!)}/commands", body, cancellationToken);
            context.Output.WriteLine(accepted.GetProperty("commandId").GetString());
            return ExitCodes.Ok;
        });
        return send;
    }

    private static string[] SummaryRow(JsonElement device) =>
    [
        Text(device, "deviceId"),
        device.TryGetProperty("online", out JsonElement online) && online.ValueKind == JsonValueKind.True ? "yes" : "no",
        Text(device, "kind"),
        Text(device, "firmware"),
        Text(device, "lastSequence"),
        Text(device, "missedEvents"),
    ];

    private static void WriteDetail(TextWriter output, JsonElement device)
    {
        JsonElement summary = device.GetProperty("summary");
        TextTable.Write(output, ["device", Text(summary, "deviceId")],
        [
            ["online", SummaryRow(summary)[1]],
            ["kind", Text(summary, "kind")],
            ["firmware", Text(summary, "firmware")],
            ["boot", Text(summary, "bootId")],
            ["last seq", Text(summary, "lastSequence")],
            ["missed", Text(summary, "missedEvents")],
            ["qr", device.TryGetProperty("qr", out JsonElement qr) && qr.ValueKind == JsonValueKind.True ? "yes" : "no"],
        ]);
        if (!device.TryGetProperty("slots", out JsonElement slots) || slots.ValueKind != JsonValueKind.Array)
        {
            output.WriteLine("slots: no state reported yet");
            return;
        }

        output.WriteLine();
        TextTable.Write(output, ["SLOT", "STATE", "ITEM", "DOOR", "FAULT"], slots.EnumerateArray().Select(s => (IReadOnlyList<string>)
        [
            Text(s, "number"), Text(s, "state"), Text(s, "item"),
            s.TryGetProperty("doorOpen", out JsonElement door) && door.ValueKind == JsonValueKind.True ? "open" : "closed",
            Text(s, "fault"),
        ]));
    }

    /// <summary>A property as text; "-" when absent or null, so columns never collapse.</summary>
    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) && value.ToString().Length > 0 ? value.ToString() : "-";
}
