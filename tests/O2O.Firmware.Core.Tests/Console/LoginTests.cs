using O2O.Protocol;

namespace O2O.Firmware.Core.Tests.Console;

public sealed class LoginTests
{
    private readonly ConsoleHarness _h = new();

    private FakeTarget T => _h.Target;

    [Fact]
    public void A_valid_code_logs_in_and_changes_the_prompt()
    {
        string all = _h.Type("login " + T.Code(validSeconds: 3600) + "\r");

        Assert.Contains("ok: logged in as tech-7 for 60 min (ends after 30 min without commands; 'logout' ends it now)\r\n", all);
        Assert.EndsWith("\r\ncab-001# ", all);
        Assert.True(_h.Console.IsLoggedIn);
    }

    [Fact]
    public void The_code_is_echoed_as_stars_and_never_written()
    {
        string code = T.Code();
        string mac = code[(code.LastIndexOf('.') + 1)..];

        string all = _h.Type("LOGIN  " + code + "\r") + _h.Type("login " + code + "x\r") + _h.Type("whoami\r");

        Assert.Contains("LOGIN  " + new string('*', code.Length) + "\r\n", all);
        Assert.DoesNotContain(mac, all);
        Assert.DoesNotContain(code, all);
        Assert.DoesNotContain(Convert.ToHexStringLower(FakeTarget.Key), all);
    }

    [Fact]
    public void A_code_typed_without_login_is_not_repeated_in_the_error()
    {
        string code = T.Code();

        Assert.Equal("error: unknown command '...' (type help)\r\n", _h.Run(code));
    }

    [Fact]
    public void Login_without_a_code_or_with_two_gives_usage()
    {
        Assert.Equal("error: usage: login <code>\r\n", _h.Run("login"));
        Assert.Equal("error: usage: login <code>\r\n", _h.Run("login a b"));
    }

    [Fact]
    public void An_expired_code_is_refused()
    {
        string code = T.Code(validSeconds: 60);
        T.UnixSeconds += 61;

        Assert.Equal("error: code expired\r\n", _h.Run("login " + code));
        Assert.False(_h.Console.IsLoggedIn);
    }

    [Fact]
    public void A_code_for_another_device_is_refused()
    {
        Assert.Equal("error: wrong code\r\n", _h.Run("login " + T.Code(deviceId: "cab-002")));
    }

    [Theory]
    [InlineData(0)] // technician id
    [InlineData(1)] // expiry
    [InlineData(2)] // mac
    public void A_tampered_code_is_refused(int part)
    {
        string[] parts = T.Code().Split('.');
        parts[part] = part == 1 ? (long.Parse(parts[1]) + 1).ToString() : (parts[part][0] == 'a' ? "b" : "a") + parts[part][1..];

        Assert.Equal("error: wrong code\r\n", _h.Run("login " + string.Join('.', parts)));
    }

    [Fact]
    public void A_code_valid_for_more_than_a_day_is_refused()
    {
        Assert.Equal("error: code expires too far in the future (at most 24 h)\r\n", _h.Run("login " + T.Code(validSeconds: 25 * 3600)));
    }

    [Fact]
    public void A_malformed_code_is_refused()
    {
        Assert.Equal("error: malformed code (expected <technician>.<expires>.<mac>)\r\n", _h.Run("login hello"));
    }

    [Fact]
    public void Without_a_clock_no_code_is_checked_and_no_attempt_is_counted()
    {
        string code = T.Code();
        T.UnixSeconds = 0;

        for (int i = 0; i < 5; i++)
        {
            Assert.Equal("error: device clock not set; cannot check the code\r\n", _h.Run("login " + code));
        }

        T.UnixSeconds = 1_800_000_000;
        Assert.StartsWith("ok: logged in", _h.Run("login " + code));
    }

    [Fact]
    public void Without_a_technician_key_login_is_impossible()
    {
        T.TechnicianKey = [];

        Assert.Equal("error: no technician key on this device\r\n", _h.Run("login " + T.Code()));
    }

    [Fact]
    public void Three_wrong_codes_lock_login_for_30_seconds()
    {
        Assert.Equal("error: wrong code\r\n", _h.Run("login " + T.Code(deviceId: "x")));
        Assert.Equal("error: malformed code (expected <technician>.<expires>.<mac>)\r\n", _h.Run("login nope"));
        Assert.Equal("error: wrong code (login locked for 30 s)\r\n", _h.Run("login " + T.Code(deviceId: "x")));

        // Even the right code is not looked at during the lockout.
        Assert.Equal("error: too many wrong codes; try again in 30 s\r\n", _h.Run("login " + T.Code()));
        T.AdvanceMilliseconds(29_500);
        Assert.Equal("error: too many wrong codes; try again in 1 s\r\n", _h.Run("login " + T.Code()));
        Assert.Equal("not logged in; login locked for 1 s after wrong codes\r\n", _h.Run("whoami"));
        Assert.False(_h.Console.IsLoggedIn);

        T.AdvanceMilliseconds(500);
        Assert.StartsWith("ok: logged in", _h.Run("login " + T.Code()));
    }

    [Fact]
    public void The_lockout_doubles_per_further_wrong_code_up_to_15_minutes()
    {
        string wrong = "login " + T.Code(deviceId: "other");
        _h.Run(wrong);
        _h.Run(wrong);

        long[] expected = [30, 60, 120, 240, 480, 900, 900];
        foreach (long seconds in expected)
        {
            Assert.Equal("error: wrong code (login locked for " + seconds + " s)\r\n", _h.Run(wrong));
            T.AdvanceMilliseconds(seconds * 1000 - 1);
            Assert.Equal("error: too many wrong codes; try again in 1 s\r\n", _h.Run(wrong));
            T.AdvanceMilliseconds(1);
        }
    }

    [Fact]
    public void Attempts_during_a_lockout_neither_count_nor_extend_it()
    {
        string wrong = "login " + T.Code(deviceId: "other");
        for (int i = 0; i < 3; i++)
        {
            _h.Run(wrong);
        }

        for (int i = 0; i < 20; i++)
        {
            T.AdvanceMilliseconds(1000);
            Assert.StartsWith("error: too many wrong codes", _h.Run(wrong));
        }

        T.AdvanceMilliseconds(10_000);
        Assert.Equal("error: wrong code (login locked for 60 s)\r\n", _h.Run(wrong));
    }

    [Fact]
    public void A_correct_code_resets_the_wrong_code_counter()
    {
        string wrong = "login " + T.Code(deviceId: "other");
        for (int i = 0; i < 3; i++)
        {
            _h.Run(wrong);
        }

        T.AdvanceMilliseconds(30_000);
        _h.LogIn();
        _h.Run("logout");

        Assert.Equal("error: wrong code\r\n", _h.Run(wrong));
        Assert.Equal("error: wrong code\r\n", _h.Run(wrong));
        Assert.Equal("error: wrong code (login locked for 30 s)\r\n", _h.Run(wrong));
    }

    [Fact]
    public void A_wrong_code_while_logged_in_keeps_the_session()
    {
        _h.LogIn();

        Assert.Equal("error: wrong code\r\n", _h.Run("login " + T.Code(deviceId: "other")));
        Assert.True(_h.Console.IsLoggedIn);
    }

    [Fact]
    public void Whoami_and_logout()
    {
        Assert.Equal("not logged in (login <code>)\r\n", _h.Run("whoami"));
        Assert.Equal("not logged in\r\n", _h.Run("logout"));

        _h.LogIn(validSeconds: 600);
        Assert.Equal("technician tech-7, code valid for 10 min, ends after 30 min without commands\r\n", _h.Run("whoami"));

        string all = _h.Type("logout\r");
        Assert.Contains("ok: tech-7 logged out\r\n", all);
        Assert.EndsWith("cab-001> ", all);
        Assert.Equal("error: log in first (login <code>)\r\n", _h.Run("unlock 1"));
    }

    [Fact]
    public void The_session_ends_30_minutes_after_the_last_command()
    {
        _h.LogIn();

        T.UptimeMilliseconds += 29 * 60 * 1000;
        Assert.Equal("ok: slot 1 unlocked by tech-7\r\n", _h.Run("unlock 1"));

        T.UptimeMilliseconds += 30 * 60 * 1000;
        Assert.Equal(
            "note: technician session ended after 30 min without commands\r\nerror: log in first (login <code>)\r\n",
            _h.Run("unlock 1"));
        Assert.False(_h.Console.IsLoggedIn);
    }

    [Fact]
    public void Any_command_keeps_the_session_alive()
    {
        _h.LogIn(validSeconds: 4 * 3600);

        for (int i = 0; i < 9; i++)
        {
            T.AdvanceMilliseconds(20 * 60 * 1000);
            _h.Run("status");
        }

        Assert.True(_h.Console.IsLoggedIn);
        Assert.StartsWith("ok:", _h.Run("unlock 0"));
    }

    [Fact]
    public void The_session_ends_when_the_code_expires()
    {
        _h.LogIn(validSeconds: 600);

        T.AdvanceMilliseconds(599_000);
        Assert.StartsWith("technician tech-7", _h.Run("whoami"));

        T.AdvanceMilliseconds(1_000);
        Assert.Equal(
            "note: technician session ended: the login code expired\r\nerror: log in first (login <code>)\r\n",
            _h.Run("factory-reset yes"));
        Assert.Empty(T.Calls);
    }

    [Fact]
    public void Tokens_for_this_device_built_by_the_cloud_class_are_accepted()
    {
        string code = TechnicianToken.Build("field_42", T.UnixSeconds + 120, "cab-001", FakeTarget.Key)!;

        Assert.Equal("ok: logged in as field_42 for 2 min (ends after 30 min without commands; 'logout' ends it now)\r\n", _h.Run("login " + code));
    }
}
