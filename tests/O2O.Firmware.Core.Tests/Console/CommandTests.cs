namespace O2O.Firmware.Core.Tests.Console;

public sealed class CommandTests
{
    private readonly ConsoleHarness _h = new();

    [Fact]
    public void Help_lists_every_command_and_marks_privileged_ones()
    {
        string help = _h.Run("help");

        foreach (string name in _h.Console.CommandNames)
        {
            Assert.Contains(name, help);
        }

        Assert.Contains("* unlock", help);
        Assert.Contains("* factory-reset", help);
        Assert.Contains("+ selftest", help);
        Assert.Contains("+ config", help);
        Assert.Contains("  status", help);
        Assert.Contains("  redeem", help);
        Assert.All(Lines(help), line => Assert.True(line.Length <= 80, line));
    }

    [Fact]
    public void The_command_table_has_all_the_documented_commands()
    {
        Assert.Equal(
            ["help", "status", "slots", "slot", "events", "net", "config", "provision", "selftest", "beep", "qr", "log", "reboot", "version", "login", "logout", "whoami", "redeem", "unlock", "factory-reset"],
            _h.Console.CommandNames);
    }

    [Theory]
    [InlineData("help unlock", "usage: unlock <slot>")]
    [InlineData("help EVENTS", "usage: events [N]")]
    [InlineData("help config", "usage: config get [key] | config set <key> <value>")]
    [InlineData("help selftest", "'selftest latches' moves the latches and needs a technician login")]
    [InlineData("help factory-reset", "needs a technician login")]
    public void Help_for_one_command_shows_its_usage(string line, string expected)
    {
        Assert.Contains(expected, _h.Run(line));
    }

    [Fact]
    public void Every_command_has_help()
    {
        foreach (string name in _h.Console.CommandNames)
        {
            Assert.StartsWith("usage: " + name, _h.Run("help " + name));
        }
    }

    [Theory]
    [InlineData("help nope", "error: no command 'nope' (type help)\r\n")]
    [InlineData("help a b", "error: usage: help [command]\r\n")]
    public void Help_errors(string line, string expected)
    {
        Assert.Equal(expected, _h.Run(line));
    }

    [Theory]
    [InlineData("foo", "error: unknown command 'foo' (type help)\r\n")]
    [InlineData("foo bar baz", "error: unknown command 'foo' (type help)\r\n")]
    [InlineData("st@tus", "error: unknown command '...' (type help)\r\n")]
    public void Unknown_commands_get_one_clear_line(string line, string expected)
    {
        Assert.Equal(expected, _h.Run(line));
    }

    [Fact]
    public void Command_words_are_case_insensitive_and_spaces_are_flexible()
    {
        Assert.Equal("slot 2 detail\r\nlatch: closed\r\n", _h.Run("   SLOT    2   "));
        Assert.Contains("firmware", _h.Run("Version"));
    }

    [Theory]
    [InlineData("status", "kind: powerbank\r\nstate: idle\r\nsafe mode: off\r\n")]
    [InlineData("slots", "slot 0: empty\r\nslot 1: empty\r\nslot 2: empty\r\nslot 3: empty\r\n")]
    [InlineData("net", "wifi: connected\r\nbroker: up\r\n")]
    [InlineData("qr", "qr: https://pay.example/q?d=cab-001\r\n")]
    [InlineData("version", "cab-001 firmware 0.2.0 (o2o-ctrl-1, powerbank)\r\n")]
    [InlineData("slot 0", "slot 0 detail\r\nlatch: closed\r\n")]
    [InlineData("slot 3", "slot 3 detail\r\nlatch: closed\r\n")]
    public void Read_only_commands_show_what_the_device_describes(string line, string expected)
    {
        Assert.Equal(expected, _h.Run(line));
    }

    [Theory]
    [InlineData("status x", "status")]
    [InlineData("slots 1", "slots")]
    [InlineData("net up", "net")]
    [InlineData("qr now", "qr")]
    [InlineData("version 2", "version")]
    [InlineData("provision now", "provision")]
    [InlineData("logout all", "logout")]
    [InlineData("whoami x", "whoami")]
    [InlineData("slot", "slot <N>")]
    [InlineData("slot 1 2", "slot <N>")]
    [InlineData("events 1 2", "events [N]")]
    public void Extra_or_missing_arguments_give_the_usage(string line, string usage)
    {
        Assert.Equal("error: usage: " + usage + "\r\n", _h.Run(line));
    }

    [Theory]
    [InlineData("slot 4")]
    [InlineData("slot 9999")]
    [InlineData("slot 99999")]
    [InlineData("slot -1")]
    [InlineData("slot x")]
    [InlineData("slot 1.5")]
    [InlineData("slot +1")]
    public void Bad_slot_numbers_name_the_range(string line)
    {
        Assert.Equal("error: slot must be a number from 0 to 3\r\n", _h.Run(line));
    }

    [Fact]
    public void A_device_without_slots_says_so()
    {
        _h.Target.SlotCount = 0;

        Assert.Equal("error: this device has no slots (see 'slots')\r\n", _h.Run("slot 0"));
    }

    [Theory]
    [InlineData("events", 20)]
    [InlineData("events 1", 1)]
    [InlineData("events 5", 5)]
    [InlineData("events 100", 100)]
    [InlineData("EVENTS 007", 7)]
    public void Events_defaults_to_20_and_takes_up_to_100(string line, int expected)
    {
        Assert.Equal("event list (" + expected + ")\r\n", _h.Run(line));
        Assert.Equal("events " + expected, _h.Target.Calls[^1]);
    }

    [Theory]
    [InlineData("events 0")]
    [InlineData("events 101")]
    [InlineData("events abc")]
    [InlineData("events -5")]
    public void Events_refuses_counts_outside_1_to_100(string line)
    {
        Assert.Equal("error: events: N must be a number from 1 to 100\r\n", _h.Run(line));
        Assert.Empty(_h.Target.Calls);
    }

    [Fact]
    public void Config_get_lists_all_keys_with_secrets_reduced_to_set_or_not_set()
    {
        string all = _h.Run("config get");

        Assert.Equal(
            "device.id     = cab-001\r\n" +
            "wifi.ssid     = (not set)\r\n" +
            "wifi.password = (set)\r\n" +
            "broker.host   = mqtt.example\r\n" +
            "broker.port   = 8883\r\n" +
            "device.secret = (not set)\r\n" +
            "log.level     = info\r\n",
            all);
    }

    [Fact]
    public void Config_get_of_one_key_is_case_insensitive()
    {
        Assert.Equal("broker.port = 8883\r\n", _h.Run("config get BROKER.PORT"));
        Assert.Equal("wifi.password = (set)\r\n", _h.Run("CONFIG GET wifi.password"));
    }

    [Fact]
    public void Secrets_stay_hidden_even_if_the_device_returns_them_by_mistake()
    {
        _h.Target.LeakSecrets = true;
        _h.Target.Config["device.secret"] = FakeTarget.DeviceSecret;

        string all = _h.Run("config get") + _h.Run("config get wifi.password") + _h.Run("config get device.secret");

        Assert.DoesNotContain(FakeTarget.WifiPassword, all);
        Assert.DoesNotContain(FakeTarget.DeviceSecret, all);
        Assert.Contains("wifi.password = (set)", all);
        Assert.Contains("device.secret = (set)", all);
    }

    [Theory]
    [InlineData("config", "error: usage: config get [key] | config set <key> <value>\r\n")]
    [InlineData("config foo", "error: usage: config get [key] | config set <key> <value>\r\n")]
    [InlineData("config get a b", "error: usage: config get [key] | config set <key> <value>\r\n")]
    [InlineData("config get nope", "error: unknown key 'nope' (config get lists the keys)\r\n")]
    [InlineData("config set", "error: usage: config set <key> <value>\r\n")]
    [InlineData("config set wifi.ssid", "error: usage: config set <key> <value>\r\n")]
    [InlineData("config set nope 1", "error: unknown key 'nope' (config get lists the keys)\r\n")]
    [InlineData("config set wifi.password x", "error: log in first (login <code>)\r\n")]
    [InlineData("config set device.id cab-009", "error: log in first (login <code>)\r\n")]
    public void Config_errors(string line, string expected)
    {
        Assert.Equal(expected, _h.Run(line));
        Assert.Empty(_h.Target.Calls);
    }

    [Fact]
    public void Config_set_takes_the_rest_of_the_line_as_the_value()
    {
        Assert.Equal("ok: wifi.ssid set\r\n", _h.Run("config set WIFI.SSID   My Home  Net"));
        Assert.Equal("set wifi.ssid=My Home  Net", _h.Target.Calls.Single());
    }

    [Fact]
    public void Config_set_reports_the_device_refusal()
    {
        _h.Target.RefuseWith = "port must be 1-65535";

        Assert.Equal("error: broker.port: port must be 1-65535\r\n", _h.Run("config set broker.port 99999"));
    }

    [Fact]
    public void Privileged_keys_can_be_set_after_login_and_the_secret_is_never_echoed()
    {
        _h.LogIn();

        string all = _h.Type("config set device.secret " + FakeTarget.DeviceSecret + "\r");

        Assert.Contains("config set device.secret " + new string('*', FakeTarget.DeviceSecret.Length) + "\r\n", all);
        Assert.Contains("ok: device.secret set\r\n", all);
        Assert.DoesNotContain(FakeTarget.DeviceSecret, all);
        Assert.Equal("set device.secret=" + FakeTarget.DeviceSecret, _h.Target.Calls.Single());
    }

    [Fact]
    public void Non_secret_values_are_echoed_normally()
    {
        Assert.Contains("config set wifi.ssid Cafe Net\r\n", _h.Type("config set wifi.ssid Cafe Net\r"));
    }

    [Fact]
    public void Provision_lists_the_missing_settings_with_the_command_for_each()
    {
        string answer = _h.Run("provision");

        Assert.Equal(
            "provision: 2 of 7 settings still need a value:\r\n" +
            "  config set wifi.ssid <value>\r\n" +
            "  config set device.secret <value>   (log in first)\r\n" +
            "keys marked (log in first) need 'login <code>'\r\n" +
            "then check with 'config get' and apply with 'reboot yes'\r\n",
            answer);
    }

    [Fact]
    public void Provision_after_login_drops_the_login_hint()
    {
        _h.LogIn();

        string answer = _h.Run("provision");

        Assert.Contains("  config set device.secret <value>\r\n", answer);
        Assert.DoesNotContain("log in first", answer);
    }

    [Fact]
    public void Provision_on_a_fully_set_device_has_nothing_to_do()
    {
        _h.Target.Config["wifi.ssid"] = "net";
        _h.Target.Config["device.secret"] = "x";

        Assert.Equal("provision: all 7 settings have a value; nothing to do\r\n", _h.Run("provision"));
    }

    [Fact]
    public void Selftest_without_latches_needs_no_login()
    {
        Assert.Equal("sensors: ok\r\nbeeper: ok\r\n", _h.Run("selftest"));
        Assert.Equal("selftest False", _h.Target.Calls.Single());
    }

    [Fact]
    public void Selftest_latches_needs_login()
    {
        Assert.Equal("error: log in first (login <code>)\r\n", _h.Run("selftest latches"));
        Assert.Empty(_h.Target.Calls);

        _h.LogIn();
        Assert.Equal("selftest: pulsing idle latches\r\nsensors: ok\r\nbeeper: ok\r\nlatches: ok\r\n", _h.Run("selftest LATCHES"));
        Assert.Equal("selftest True", _h.Target.Calls.Single());
    }

    [Fact]
    public void Selftest_with_a_bad_argument_gives_usage()
    {
        Assert.Equal("error: usage: selftest [latches]\r\n", _h.Run("selftest everything"));
    }

    [Fact]
    public void Beep_passes_the_pattern_or_melody_through()
    {
        Assert.Equal("ok\r\n", _h.Run("beep ok"));
        Assert.Equal("ok\r\n", _h.Run("beep tune:d=4,o=5,b=100:c,e,g"));
        Assert.Equal(["beep ok", "beep tune:d=4,o=5,b=100:c,e,g"], _h.Target.Calls);
    }

    [Fact]
    public void Beep_errors()
    {
        Assert.Equal("error: usage: beep <pattern-or-rtttl>\r\n", _h.Run("beep"));
        _h.Target.RefuseWith = "unknown pattern 'x'";
        Assert.Equal("error: unknown pattern 'x'\r\n", _h.Run("beep x"));
    }

    [Theory]
    [InlineData("log level error", "error")]
    [InlineData("log level warn", "warn")]
    [InlineData("log level info", "info")]
    [InlineData("LOG LEVEL DEBUG", "debug")]
    public void Log_level_is_set(string line, string level)
    {
        Assert.Equal("ok: log level " + level + "\r\n", _h.Run(line));
        Assert.Equal("log " + level, _h.Target.Calls.Single());
    }

    [Theory]
    [InlineData("log")]
    [InlineData("log level")]
    [InlineData("log level loud")]
    [InlineData("log foo debug")]
    [InlineData("log level debug now")]
    public void Log_errors(string line)
    {
        Assert.Equal("error: usage: log level <error|warn|info|debug>\r\n", _h.Run(line));
        Assert.Empty(_h.Target.Calls);
    }

    [Fact]
    public void Reboot_asks_for_confirmation()
    {
        Assert.Equal("type 'reboot yes' to confirm\r\n", _h.Run("reboot"));
        Assert.Equal(0, _h.Target.Reboots);
    }

    [Fact]
    public void Reboot_yes_reboots_after_the_answer_was_written()
    {
        Assert.Equal("rebooting...\r\n", _h.Run("reboot YES"));

        Assert.Equal(1, _h.Target.Reboots);
        Assert.EndsWith("rebooting...\r\n", _h.Target.OutputAtReboot);
    }

    [Theory]
    [InlineData("reboot no")]
    [InlineData("reboot yes now")]
    public void Reboot_with_anything_else_gives_usage(string line)
    {
        Assert.Equal("error: usage: reboot [yes]\r\n", _h.Run(line));
        Assert.Equal(0, _h.Target.Reboots);
    }

    [Theory]
    [InlineData("unlock 1")]
    [InlineData("unlock")]
    [InlineData("factory-reset")]
    [InlineData("factory-reset yes")]
    [InlineData("UNLOCK 1")]
    public void Privileged_commands_are_refused_before_login(string line)
    {
        Assert.Equal("error: log in first (login <code>)\r\n", _h.Run(line));
        Assert.Empty(_h.Target.Calls);
    }

    [Fact]
    public void Unlock_after_login_is_journaled_with_the_technician()
    {
        _h.LogIn();

        Assert.Equal("ok: slot 2 unlocked by tech-7\r\n", _h.Run("unlock 2"));
        Assert.Equal("unlock 2 tech-7", _h.Target.Calls.Single());
    }

    [Theory]
    [InlineData("unlock", "error: usage: unlock <slot>\r\n")]
    [InlineData("unlock 1 2", "error: usage: unlock <slot>\r\n")]
    [InlineData("unlock 4", "error: slot must be a number from 0 to 3\r\n")]
    [InlineData("unlock x", "error: slot must be a number from 0 to 3\r\n")]
    public void Unlock_errors_after_login(string line, string expected)
    {
        _h.LogIn();

        Assert.Equal(expected, _h.Run(line));
        Assert.Empty(_h.Target.Calls);
    }

    [Fact]
    public void Unlock_reports_the_device_refusal()
    {
        _h.LogIn();
        _h.Target.RefuseWith = "slot 1 is rented";

        Assert.Equal("error: slot 1 is rented\r\n", _h.Run("unlock 1"));
    }

    [Fact]
    public void Factory_reset_needs_login_and_confirmation()
    {
        _h.LogIn();

        Assert.Equal("type 'factory-reset yes' to confirm: erases configuration and secrets, then reboots\r\n", _h.Run("factory-reset"));
        Assert.Equal("error: usage: factory-reset [yes]\r\n", _h.Run("factory-reset please"));
        Assert.Empty(_h.Target.Calls);

        Assert.Equal("factory reset: erasing configuration and secrets, then rebooting\r\n", _h.Run("factory-reset yes"));
        Assert.Equal("factory-reset", _h.Target.Calls.Single());
        Assert.False(_h.Console.IsLoggedIn);
    }

    [Fact]
    public void Factory_reset_reports_the_device_refusal()
    {
        _h.LogIn();
        _h.Target.RefuseWith = "storage busy";

        Assert.EndsWith("error: factory reset refused: storage busy\r\n", _h.Run("factory-reset yes"));
        Assert.True(_h.Console.IsLoggedIn);
    }

    [Fact]
    public void A_throwing_device_gives_one_error_line_and_the_console_lives_on()
    {
        _h.Target.StatusThrows = true;

        Assert.Equal("error: internal error in 'status': boom\r\n", _h.Run("status"));
        Assert.Contains("firmware", _h.Run("version"));
    }

    [Fact]
    public void Device_text_cannot_inject_terminal_control_sequences()
    {
        _h.Target.Version = "1.0\x1b[2J\x07\u00e9";

        Assert.Equal("cab-001 firmware 1.0[2J?\r\n", _h.Run("version"));
    }

    [Fact]
    public void An_empty_device_id_still_gives_a_prompt()
    {
        var h = new ConsoleHarness(new FakeTarget { DeviceId = "" });

        Assert.EndsWith("\r\no2o> ", h.Type("\r"));
    }

    private static string[] Lines(string text) => text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
}
