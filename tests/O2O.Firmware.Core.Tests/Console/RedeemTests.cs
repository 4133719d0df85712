namespace O2O.Firmware.Core.Tests.Console;

/// <summary>
/// "redeem": anyone at the console (standing in for a keypad) hands a customer's offline unlock code to the device,
/// which forwards it to the site agent. The code is a bearer secret until used: echoed as '*', never printed back.
/// </summary>
public sealed class RedeemTests
{
    private const string Code = "482913570264";

    private readonly ConsoleHarness _h = new();

    [Fact]
    public void Anyone_can_redeem_a_code_for_any_free_slot()
    {
        Assert.Equal("ok: code sent to the site agent; the slot opens if it is valid\r\n", _h.Run("redeem " + Code));

        Assert.Equal("redeem " + Code + " -1", _h.Target.Calls.Single());
        Assert.False(_h.Console.IsLoggedIn);
    }

    [Fact]
    public void A_slot_may_be_named_after_the_code()
    {
        Assert.Equal("ok: code sent to the site agent; the slot opens if it is valid\r\n", _h.Run("REDEEM  " + Code + "  3"));

        Assert.Equal("redeem " + Code + " 3", _h.Target.Calls.Single());
    }

    [Fact]
    public void The_code_is_echoed_as_stars_and_never_written()
    {
        string all = _h.Type("redeem " + Code + " 2\r");
        _h.Target.RefuseWith = TokenRefusals.Offline;
        all += _h.Type("redeem " + Code + "\r");

        Assert.Contains("redeem " + new string('*', Code.Length) + " *\r\n", all);
        Assert.DoesNotContain(Code, all);
        Assert.DoesNotContain(Code[..4], all);
    }

    [Fact]
    public void A_code_typed_in_groups_shows_none_of_them_and_is_refused_with_the_usage()
    {
        string all = _h.Type("redeem 4829 1357 0264\r");

        Assert.Contains("redeem **** **** ****\r\n", all);
        Assert.Contains("error: usage: redeem <code> [slot]\r\n", all);
        Assert.DoesNotContain("1357", all);
        Assert.Empty(_h.Target.Calls);
    }

    [Theory]
    [InlineData("redeem", "error: usage: redeem <code> [slot]\r\n")]
    [InlineData("redeem " + Code + " 4", "error: slot must be a number from 0 to 3\r\n")]
    [InlineData("redeem " + Code + " x", "error: slot must be a number from 0 to 3\r\n")]
    [InlineData("redeem " + Code + " -1", "error: slot must be a number from 0 to 3\r\n")]
    public void Bad_arguments_are_refused_before_anything_is_sent(string line, string expected)
    {
        Assert.Equal(expected, _h.Run(line));
        Assert.Empty(_h.Target.Calls);
    }

    [Theory]
    [InlineData(TokenRefusals.BadToken, "error: that is not a valid code (letters, digits, '-' and '_' only, no spaces)\r\n")]
    [InlineData(TokenRefusals.UnknownSlot, "error: no such slot\r\n")]
    [InlineData(TokenRefusals.Offline, "error: the device cannot reach the site agent right now; try again in a minute\r\n")]
    [InlineData(TokenRefusals.SafeMode, "error: the device is in safe mode and cannot open slots\r\n")]
    [InlineData("busy_now", "error: code not sent (busy_now)\r\n")]
    public void The_devices_refusal_is_put_in_words(string reason, string expected)
    {
        _h.Target.RefuseWith = reason;

        Assert.Equal(expected, _h.Run("redeem " + Code));
    }

    [Fact]
    public void Help_shows_the_usage_and_needs_no_login()
    {
        string help = _h.Run("help redeem");

        Assert.StartsWith("usage: redeem <code> [slot]\r\n", help);
        Assert.DoesNotContain("login", help);
    }
}
