namespace O2O.Protocol.Tests;

public sealed class TopicTests
{
    [Theory]
    [InlineData("o2o/v1/dev/cab-001/state", "cab-001", DeviceChannel.State)]
    [InlineData("o2o/v1/dev/cab-001/evt", "cab-001", DeviceChannel.Events)]
    [InlineData("o2o/v1/dev/cab-001/cmd", "cab-001", DeviceChannel.Commands)]
    [InlineData("o2o/v1/dev/cab-001/ack", "cab-001", DeviceChannel.Acks)]
    [InlineData("o2o/v1/dev/X_9/avail", "X_9", DeviceChannel.Availability)]
    public void Device_topics_parse_to_device_and_channel(string topic, string device, DeviceChannel channel)
    {
        Assert.True(Topics.TryParseDeviceTopic(topic, out string? parsedDevice, out DeviceChannel parsedChannel));
        Assert.Equal((device, channel), (parsedDevice, parsedChannel));
    }

    [Theory]
    [InlineData("o2o/v1/dev/cab-001/evt/extra")]
    [InlineData("o2o/v1/dev/+/evt")]
    [InlineData("o2o/v1/dev/#")]
    [InlineData("o2o/v1/dev//evt")]
    [InlineData("o2o/v2/dev/cab-001/evt")]
    [InlineData("o2o/v1/dev/cab-001/telemetry")]
    [InlineData("o2o/v1/dev/cab 001/evt")]
    [InlineData("o2o/v1/dev/0123456789012345678901234567890123/evt")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_a_device_topic(string? topic)
    {
        Assert.False(Topics.TryParseDeviceTopic(topic, out string? device, out DeviceChannel channel));
        Assert.Null(device);
        Assert.Equal(DeviceChannel.None, channel);
    }

    [Fact]
    public void Builders_and_parser_agree()
    {
        Assert.True(Topics.TryParseDeviceTopic(Topics.Acks("d-1"), out string? device, out DeviceChannel channel));
        Assert.Equal(("d-1", DeviceChannel.Acks), (device, channel));
        Assert.Equal("o2o/v1/site/site-1/up", Topics.SiteUplink("site-1"));
        Assert.Equal("o2o/v1/site/site-1/down", Topics.SiteDownlink("site-1"));
    }
}
