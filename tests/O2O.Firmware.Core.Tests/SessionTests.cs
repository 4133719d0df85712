using O2O.Firmware.Core.Tests.Support;

namespace O2O.Firmware.Core.Tests;

/// <summary>Timed sessions on a massage chair: power only while paid time runs, warnings, extensions, emergency stop.</summary>
public sealed class SessionTests
{
    private readonly DeviceHarness _chair = new("massage-chair");

    private void Command(string type, string extra = "") =>
        _chair.Send($"{{\"v\":1,\"id\":\"{_chair.NextCommandId()}\",\"type\":\"{type}\"{extra}}}");

    [Fact]
    public void A_session_powers_the_chair_warns_before_the_end_and_switches_off_on_time()
    {
        int warning = _chair.Definition.Timings.SessionWarningSeconds * 1000;
        Command("session_start", ",\"minutes\":10,\"order\":\"o-1\"");
        Assert.True(_chair.Session!.Relay);

        _chair.Run((10 * 60_000) - warning - 100);
        Assert.DoesNotContain("session_warning", _chair.EventTypes());
        _chair.Run(200);
        Assert.Contains("session_warning", _chair.EventTypes());
        Assert.Contains("warning", _chair.Beeper.Played);

        _chair.Run(warning);
        Assert.False(_chair.Session.Relay);
        Assert.Equal(["session_started", "session_warning", "session_ended"], _chair.EventTypes());
        Assert.Equal("completed", _chair.LastEvent().Code);
        Assert.Equal("o-1", _chair.LastEvent().OrderId);
    }

    [Fact]
    public void A_session_longer_than_the_codes_lifetime_leaves_the_chair_showing_a_fresh_code_afterwards()
    {
        // Regression: the code expired mid-session (nothing sellable, so no code), and nothing drew a new one at the end.
        string? before = _chair.Device.QrPayload;
        Assert.NotNull(before);
        Command("session_start", ",\"minutes\":10,\"order\":\"o-1\"");
        Assert.Null(_chair.Device.QrPayload); // no code to sell while the chair is taken

        _chair.Run((10 * 60_000) + 20);

        Assert.Equal("session_ended", _chair.LastEvent().Type);
        Assert.NotNull(_chair.Device.QrPayload);
        Assert.NotEqual(before, _chair.Device.QrPayload);
    }

    [Fact]
    public void Extending_moves_the_end_and_is_capped_by_the_model_limit()
    {
        int max = _chair.Definition.Limits.MaxSessionMinutes;
        Command("session_start", ",\"minutes\":10,\"order\":\"o-1\"");
        Command("session_extend", ",\"minutes\":5");
        Command("session_extend", $",\"minutes\":{max}");

        Assert.Equal(["ok", "ok", "rejected:too_long"], _chair.AckSummaries());
        _chair.Run(14 * 60_000);
        Assert.True(_chair.Session!.Relay);
        _chair.Run(60_000 + 20);
        Assert.False(_chair.Session.Relay);
    }

    [Fact]
    public void Stopping_early_switches_off_and_reports_stopped()
    {
        Command("session_start", ",\"minutes\":10,\"order\":\"o-1\"");
        _chair.Run(1000);
        Command("session_stop");

        Assert.False(_chair.Session!.Relay);
        Assert.Equal("stopped", _chair.LastEvent().Code);
    }

    [Fact]
    public void The_emergency_stop_cuts_power_at_once_and_blocks_new_sessions_until_released()
    {
        Command("session_start", ",\"minutes\":10,\"order\":\"o-1\"");
        _chair.Session!.EmergencyStopPressed = true;
        _chair.Run(10);

        Assert.False(_chair.Session.Relay);
        Assert.Equal("emergency_stop", _chair.LastEvent().Code);
        Assert.Contains("alarm", _chair.Beeper.Played);
        Command("session_start", ",\"minutes\":10,\"order\":\"o-2\"");
        Assert.Equal("rejected:emergency_stop", _chair.AckSummaries().Last());

        _chair.Session.EmergencyStopPressed = false;
        _chair.Run(10);
        Command("session_start", ",\"minutes\":10,\"order\":\"o-2\"");
        Assert.Equal("ok", _chair.AckSummaries().Last());
        Assert.True(_chair.Session.Relay);
    }

    [Theory]
    [InlineData("session_extend", ",\"minutes\":5", "rejected:no_session")]
    [InlineData("session_stop", "", "rejected:no_session")]
    [InlineData("session_start", ",\"minutes\":500,\"order\":\"o\"", "rejected:too_long")]
    [InlineData("session_start", ",\"minutes\":5", "rejected:missing_field: order: required for session_start")]
    [InlineData("unlock", ",\"slot\":0,\"order\":\"o\"", "rejected:unknown_slot")]
    public void Session_commands_that_cannot_run_are_rejected_with_a_reason(string type, string extra, string expected)
    {
        Command(type, extra);

        Assert.Equal([expected], _chair.AckSummaries());
        Assert.False(_chair.Session!.Relay);
    }

    [Fact]
    public void A_second_start_while_running_is_refused()
    {
        Command("session_start", ",\"minutes\":10,\"order\":\"o-1\"");
        Command("session_start", ",\"minutes\":10,\"order\":\"o-2\"");

        Assert.Equal(["ok", "rejected:session_running"], _chair.AckSummaries());
    }

    [Fact]
    public void A_karaoke_booth_has_a_door_slot_and_a_session()
    {
        var booth = new DeviceHarness("karaoke-booth");

        booth.Unlock(0, "o-1");
        booth.Run(100);
        booth.Slots[0].DoorOpen = true;
        booth.Run(20);
        booth.Slots[0].DoorOpen = false;
        booth.Run(20);
        booth.Send("{\"v\":1,\"id\":\"s\",\"type\":\"session_start\",\"minutes\":30,\"order\":\"o-1\"}");

        Assert.Equal(["opened", "closed", "dispensed", "session_started"], booth.EventTypes());
        Assert.True(booth.Session!.Relay);
    }
}
