using System.Security.Cryptography;
using System.Text;

namespace O2O.Protocol.Tests;

public sealed class TechnicianTokenTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("technician-key-cab-001-tests-32b");
    private const long Now = 1_800_000_000;

    [Fact]
    public void A_built_code_has_the_documented_format_and_mac()
    {
        string token = TechnicianToken.Build("tech-7", Now + 3600, "cab-001", Key)!;

        // Independent computation of the documented MAC, so cloud and device cannot drift apart silently.
        byte[] hash = HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes("tech|cab-001|tech-7|" + (Now + 3600)));
        string mac = Convert.ToHexStringLower(hash, 0, 10);
        Assert.Equal("tech-7." + (Now + 3600) + "." + mac, token);
        Assert.Equal(20, mac.Length);
    }

    [Fact]
    public void A_fresh_code_verifies_and_yields_technician_and_expiry()
    {
        string token = TechnicianToken.Build("Tech_7-a", Now + 600, "cab-001", Key)!;

        Assert.Null(TechnicianToken.Verify(token, "cab-001", Key, Now, out string? id, out long expires));
        Assert.Equal("Tech_7-a", id);
        Assert.Equal(Now + 600, expires);
    }

    [Fact]
    public void Upper_case_mac_typed_by_a_human_is_accepted()
    {
        string token = TechnicianToken.Build("tech-7", Now + 600, "cab-001", Key)!;
        int lastDot = token.LastIndexOf('.');
        string upper = token[..(lastDot + 1)] + token[(lastDot + 1)..].ToUpperInvariant();

        Assert.Null(TechnicianToken.Verify(upper, "cab-001", Key, Now, out _, out _));
    }

    [Fact]
    public void A_code_for_another_device_is_a_wrong_code()
    {
        string token = TechnicianToken.Build("tech-7", Now + 600, "cab-002", Key)!;

        Assert.Equal(TechnicianToken.WrongCode, TechnicianToken.Verify(token, "cab-001", Key, Now, out string? id, out long expires));
        Assert.Null(id);
        Assert.Equal(0, expires);
    }

    [Fact]
    public void A_code_made_with_another_key_is_a_wrong_code()
    {
        string token = TechnicianToken.Build("tech-7", Now + 600, "cab-001", Encoding.UTF8.GetBytes("another-key"))!;

        Assert.Equal(TechnicianToken.WrongCode, TechnicianToken.Verify(token, "cab-001", Key, Now, out _, out _));
    }

    [Theory]
    [InlineData("tech-7", "tech-8")]
    [InlineData(".1800000600.", ".1800000601.")]
    [InlineData(".1800000600.", ".01800000600.")]
    public void Changing_any_part_breaks_the_mac(string from, string to)
    {
        string token = TechnicianToken.Build("tech-7", Now + 600, "cab-001", Key)!.Replace(from, to);

        Assert.Equal(TechnicianToken.WrongCode, TechnicianToken.Verify(token, "cab-001", Key, Now, out _, out _));
    }

    [Fact]
    public void Flipping_any_mac_character_breaks_it()
    {
        string token = TechnicianToken.Build("tech-7", Now + 600, "cab-001", Key)!;
        for (int i = token.LastIndexOf('.') + 1; i < token.Length; i++)
        {
            char other = token[i] == '0' ? '1' : '0';
            string tampered = token[..i] + other + token[(i + 1)..];
            Assert.Equal(TechnicianToken.WrongCode, TechnicianToken.Verify(tampered, "cab-001", Key, Now, out _, out _));
        }
    }

    [Theory]
    [InlineData(0, TechnicianToken.Expired)]
    [InlineData(-1, TechnicianToken.Expired)]
    [InlineData(1, null)]
    [InlineData(24 * 3600, null)]
    [InlineData(24 * 3600 + 1, TechnicianToken.TooFarAhead)]
    [InlineData(30L * 24 * 3600, TechnicianToken.TooFarAhead)]
    public void Expiry_must_be_ahead_but_at_most_a_day(long ahead, string? expected)
    {
        string token = TechnicianToken.Build("tech-7", Now + ahead, "cab-001", Key)!;

        Assert.Equal(expected, TechnicianToken.Verify(token, "cab-001", Key, Now, out _, out _));
    }

    [Fact]
    public void Without_a_clock_no_code_can_be_checked()
    {
        string token = TechnicianToken.Build("tech-7", Now + 600, "cab-001", Key)!;

        Assert.Equal(TechnicianToken.ClockNotSet, TechnicianToken.Verify(token, "cab-001", Key, 0, out _, out _));
        Assert.Equal("device clock not set; cannot check the code", TechnicianToken.ClockNotSet);
    }

    [Fact]
    public void Without_a_key_nothing_verifies()
    {
        string token = TechnicianToken.Build("tech-7", Now + 600, "cab-001", Key)!;

        Assert.Equal(TechnicianToken.NoKey, TechnicianToken.Verify(token, "cab-001", [], Now, out _, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("tech-7")]
    [InlineData("tech-7.1800000600")]
    [InlineData("tech-7.1800000600.")]
    [InlineData(".1800000600.0123456789abcdef0123")]
    [InlineData("tech 7.1800000600.0123456789abcdef0123")]
    [InlineData("tech.7.1800000600.0123456789abcdef0123")]
    [InlineData("tech-7.-1800000600.0123456789abcdef0123")]
    [InlineData("tech-7.+1800000600.0123456789abcdef0123")]
    [InlineData("tech-7.18e8.0123456789abcdef0123")]
    [InlineData("tech-7.9999999999999.0123456789abcdef0123")]
    [InlineData("tech-7.1800000600.0123456789abcdef012")]
    [InlineData("tech-7.1800000600.0123456789abcdef01234")]
    [InlineData("tech-7.1800000600.0123456789abcdef0123.x")]
    [InlineData("ééé.1800000600.0123456789abcdef0123")]
    [InlineData("abcdefghijabcdefghijabcdefghijabc.1800000600.0123456789abcdef0123")]
    public void Malformed_codes_are_refused_without_throwing(string token)
    {
        Assert.Equal(TechnicianToken.Malformed, TechnicianToken.Verify(token, "cab-001", Key, Now, out string? id, out _));
        Assert.Null(id);
    }

    [Fact]
    public void A_non_hex_mac_of_the_right_length_is_simply_wrong()
    {
        Assert.Equal(TechnicianToken.WrongCode, TechnicianToken.Verify("tech-7.1800000600.zzzzzzzzzzzzzzzzzzzz", "cab-001", Key, Now, out _, out _));
    }

    [Fact]
    public void A_very_long_input_is_refused_before_any_work()
    {
        Assert.Equal(TechnicianToken.Malformed, TechnicianToken.Verify(new string('a', 10_000), "cab-001", Key, Now, out _, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("has.dot")]
    [InlineData("abcdefghijabcdefghijabcdefghijabc")]
    public void Build_refuses_bad_technician_ids(string id)
    {
        Assert.False(TechnicianToken.IsValidTechnicianId(id));
        Assert.Null(TechnicianToken.Build(id, Now + 60, "cab-001", Key));
    }

    [Fact]
    public void Build_refuses_an_empty_key_or_a_non_positive_expiry()
    {
        Assert.Null(TechnicianToken.Build("tech-7", Now, "cab-001", []));
        Assert.Null(TechnicianToken.Build("tech-7", 0, "cab-001", Key));
    }

    [Fact]
    public void The_longest_valid_code_fits_the_declared_maximum()
    {
        string token = TechnicianToken.Build(new string('x', 32), 999_999_999_999, "cab-001", Key)!;

        Assert.Equal(TechnicianToken.MaxLength, token.Length);
        Assert.True(token.Length < 128, "must fit one console line with 'login '");
    }
}
