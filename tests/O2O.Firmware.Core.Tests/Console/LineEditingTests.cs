namespace O2O.Firmware.Core.Tests.Console;

public sealed class LineEditingTests
{
    [Fact]
    public void Start_prints_a_one_line_banner_with_id_and_version_then_the_prompt()
    {
        var target = new FakeTarget();
        var output = new CapturingOutput();
        new O2O.Firmware.Core.Console.DiagnosticsConsole(target, output).Start();

        Assert.Equal("O2O diagnostics console: cab-001, firmware 0.2.0 (o2o-ctrl-1, powerbank); type 'help'\r\ncab-001> ", output.All);
    }

    [Fact]
    public void Printable_characters_are_echoed_and_enter_runs_the_line()
    {
        var h = new ConsoleHarness();

        Assert.Equal("vers", h.Type("vers"));
        string rest = h.Type("ion\r");

        Assert.Equal("ion\r\ncab-001 firmware 0.2.0 (o2o-ctrl-1, powerbank)\r\ncab-001> ", rest);
    }

    [Theory]
    [InlineData("\b")]
    [InlineData("\x7f")]
    public void Backspace_and_del_erase_the_last_character(string erase)
    {
        var h = new ConsoleHarness();

        string echo = h.Type("versx" + erase);
        Assert.Equal("versx\b \b", echo);
        Assert.StartsWith("ion\r\ncab-001 firmware", h.Type("ion\r"));
    }

    [Fact]
    public void Backspace_on_an_empty_line_echoes_nothing()
    {
        var h = new ConsoleHarness();

        Assert.Equal("", h.Type("\b\x7f\b"));
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\n\r")]
    public void Each_line_end_convention_gives_exactly_one_line(string enter)
    {
        var h = new ConsoleHarness();

        string output = h.Type("version" + enter + "version" + enter);

        Assert.Equal(2, Count(output, "firmware"));
        Assert.Equal(2, Count(output, h.Prompt));
    }

    [Fact]
    public void A_crlf_split_across_chunks_is_still_one_line_end()
    {
        var h = new ConsoleHarness();

        string first = h.Type("version\r");
        string second = h.Type("\n");

        Assert.EndsWith("cab-001> ", first);
        Assert.Equal("", second);
    }

    [Fact]
    public void Two_cr_are_two_lines_so_an_empty_enter_gives_a_new_prompt()
    {
        var h = new ConsoleHarness();

        Assert.Equal("\r\ncab-001> \r\ncab-001> ", h.Type("\r\r"));
        Assert.Equal("\r\ncab-001> \r\ncab-001> ", h.Type("\r\n\r\n"));
    }

    [Fact]
    public void Ctrl_c_discards_the_line_and_prints_a_new_prompt()
    {
        var h = new ConsoleHarness();

        Assert.Equal("stat^C\r\ncab-001> ", h.Type("stat\x03"));
        Assert.Contains("error: unknown command 'us' (type help)", h.Type("us\r"));
    }

    [Fact]
    public void Ctrl_u_clears_the_line_on_screen_and_in_the_buffer()
    {
        var h = new ConsoleHarness();

        Assert.Equal("xyz\b \b\b \b\b \b", h.Type("xyz\x15"));
        Assert.Contains("firmware", h.Type("version\r"));
    }

    [Theory]
    [InlineData("\x1b[A")] // up
    [InlineData("\x1b[B\x1b[C\x1b[D")] // down, right, left
    [InlineData("\x1b[1;5C")] // ctrl-right
    [InlineData("\x1b[3~")] // delete key
    [InlineData("\x1bOA")] // up in application cursor mode
    [InlineData("\x1bx")] // alt-x
    [InlineData("\x1b[200~")] // bracketed paste start
    public void Escape_sequences_are_swallowed_without_echo(string sequence)
    {
        var h = new ConsoleHarness();

        Assert.Equal("ver", h.Type("ver" + sequence));
        Assert.Contains("firmware", h.Type("sion\r"));
    }

    [Fact]
    public void A_broken_escape_sequence_does_not_swallow_enter()
    {
        var h = new ConsoleHarness();

        string output = h.Type("version\x1b[1\r");

        Assert.Contains("firmware", output);
        Assert.EndsWith("cab-001> ", output);
    }

    [Fact]
    public void Other_control_characters_are_ignored()
    {
        var h = new ConsoleHarness();

        Assert.Equal("version", h.Type("ver\t\x01\x02\x04\x00sion"));
        Assert.Contains("firmware", h.Type("\r"));
    }

    [Fact]
    public void Utf8_input_is_refused_with_a_beep_and_leaves_the_line_intact()
    {
        var h = new ConsoleHarness();

        // "é" (C3 A9), "€" (E2 82 AC) and an emoji (F0 9F 98 80) in the middle of "version".
        string echo = h.Type("ver\xc3\xa9si\xe2\x82\xac\xf0\x9f\x98\x80on");

        Assert.Equal("ver\asi\a\aon", echo);
        Assert.Contains("firmware", h.Type("\r"));
    }

    [Fact]
    public void Stray_high_bytes_are_ignored()
    {
        var h = new ConsoleHarness();

        Assert.Equal("version", h.Type("ver\x80\xbf\xff\xfesion"));
    }

    [Fact]
    public void Input_byte_by_byte_gives_the_same_output_as_one_chunk()
    {
        string script = "help\r\nslot 1\r\nver\x7fr\x1b[Asion\rstat\x03status\n";
        var whole = new ConsoleHarness();
        var single = new ConsoleHarness();

        string expected = whole.Type(script);
        foreach (byte b in ConsoleHarness.Latin1(script))
        {
            single.Console.Receive([0x55, b, 0x55], 1, 1);
        }

        Assert.Equal(expected, single.Output.Take());
    }

    [Fact]
    public void Several_lines_in_one_chunk_all_run_in_order()
    {
        var h = new ConsoleHarness();

        string output = h.Type("version\rslots\rnet\r");

        int version = output.IndexOf("firmware", StringComparison.Ordinal);
        int slots = output.IndexOf("slot 3: empty", StringComparison.Ordinal);
        int net = output.IndexOf("broker: up", StringComparison.Ordinal);
        Assert.True(version > 0 && slots > version && net > slots, output);
        Assert.Equal(3, Count(output, "cab-001> "));
    }

    [Fact]
    public void A_line_of_exactly_128_characters_is_accepted()
    {
        var h = new ConsoleHarness();

        string answer = h.Run("events" + new string(' ', 120) + "12");

        Assert.Equal("event list (12)\r\n", answer);
    }

    [Fact]
    public void An_overlong_line_is_refused_and_the_excess_is_not_echoed()
    {
        var h = new ConsoleHarness();

        string echo = h.Type(new string('a', 130));
        Assert.Equal(new string('a', 128) + "\a\a", echo);

        Assert.Equal("\r\nerror: line longer than 128 characters\r\ncab-001> ", h.Type("\r"));
        Assert.Contains("firmware", h.Type("version\r"));
    }

    [Fact]
    public void An_overlong_paste_of_a_real_command_is_not_run_cut_short()
    {
        var h = new ConsoleHarness();

        string output = h.Type("config set wifi.ssid " + new string('x', 200) + "\r");

        Assert.Contains("error: line longer than 128 characters", output);
        Assert.DoesNotContain(h.Target.Calls, c => c.StartsWith("set ", StringComparison.Ordinal));
    }

    [Fact]
    public void Receive_ignores_bad_arguments()
    {
        var h = new ConsoleHarness();

        h.Console.Receive(null!, 0, 5);
        h.Console.Receive([1, 2], -1, 1);
        h.Console.Receive([1, 2], 3, 1);
        h.Console.Receive([(byte)'v'], 0, 0);
        h.Console.Receive(ConsoleHarness.Latin1("version\r"), 0, 1000);

        Assert.Contains("firmware", h.Output.Take());
    }

    [Fact]
    public void A_failing_uart_write_does_not_escape_receive()
    {
        var target = new FakeTarget();
        var console = new O2O.Firmware.Core.Console.DiagnosticsConsole(target, new ThrowingOutput());

        console.Start();
        console.Receive(ConsoleHarness.Latin1("reboot yes\r"), 0, 11);

        Assert.Equal(1, target.Reboots);
    }

    [Fact]
    public void Echo_is_written_once_per_received_chunk()
    {
        var h = new ConsoleHarness();
        int before = h.Output.Writes;

        h.Type("slots");

        Assert.Equal(before + 1, h.Output.Writes);
    }

    [Fact]
    public void Device_text_is_normalised_to_crlf_lines()
    {
        var h = new ConsoleHarness();

        Assert.Equal("kind: powerbank\r\nstate: idle\r\nsafe mode: off\r\n", h.Run("status"));
    }

    private static int Count(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private sealed class ThrowingOutput : O2O.Firmware.Core.Console.IConsoleOutput
    {
        public void Write(string text) => throw new IOException("uart gone");
    }
}
