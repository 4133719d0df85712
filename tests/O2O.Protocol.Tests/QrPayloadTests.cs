using System.Text;

namespace O2O.Protocol.Tests;

public sealed class QrPayloadTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("device-secret-for-tests-only-32b");
    private const long Now = 1_800_000_000;

    [Fact]
    public void A_fresh_code_verifies_and_yields_its_fields()
    {
        string url = QrPayload.Build("https://pay.o2o.example/q", "cab-001", 3, "9f1c", Now + 60, Secret);

        Assert.Null(QrPayload.Verify(url, Secret, Now, out string? device, out int slot, out string? nonce));
        Assert.Equal(("cab-001", 3, "9f1c"), (device, slot, nonce));
        Assert.Equal("cab-001", QrPayload.PeekDeviceId(url));
    }

    [Fact]
    public void An_expired_code_is_refused()
    {
        string url = QrPayload.Build("https://q", "cab-001", 0, "n", Now - 1, Secret);

        Assert.Equal("expired code", QrPayload.Verify(url, Secret, Now, out string? device, out _, out _));
        Assert.Null(device);
    }

    [Theory]
    [InlineData("s=3", "s=4")]
    [InlineData("d=cab-001", "d=cab-002")]
    [InlineData("n=9f1c", "n=9f1d")]
    public void Changing_any_signed_field_breaks_the_signature(string from, string to)
    {
        string url = QrPayload.Build("https://q", "cab-001", 3, "9f1c", Now + 60, Secret).Replace(from, to);

        Assert.Equal("bad signature", QrPayload.Verify(url, Secret, Now, out _, out _, out _));
    }

    [Fact]
    public void A_code_signed_with_another_devices_secret_is_refused()
    {
        string url = QrPayload.Build("https://q", "cab-001", 0, "n", Now + 60, Encoding.UTF8.GetBytes("some-other-secret"));

        Assert.Equal("bad signature", QrPayload.Verify(url, Secret, Now, out _, out _, out _));
    }

    [Theory]
    [InlineData("https://example.com/sticker")]
    [InlineData("https://q?d=cab-001&s=0&n=x&e=1")]
    [InlineData("")]
    public void Foreign_or_damaged_codes_are_refused_without_throwing(string url)
    {
        Assert.NotNull(QrPayload.Verify(url, Secret, Now, out _, out _, out _));
    }
}
