using O2O.Protocol.Json;

namespace O2O.Protocol.Tests;

public sealed class JsonWriterTests
{
    [Theory]
    [InlineData(0L, "0")]
    [InlineData(-7L, "-7")]
    [InlineData(long.MaxValue, "9223372036854775807")]
    [InlineData(long.MinValue, "-9223372036854775808")]
    public void Numbers_are_written_exactly(long value, string expected)
    {
        Assert.Equal(expected, Codec.Encode(w => w.Number(value)));
    }

    [Fact]
    public void Integer_extremes_survive_a_round_trip_through_the_reader()
    {
        foreach (long value in new[] { long.MinValue, long.MaxValue, -1L, 0L })
        {
            byte[] bytes = Codec.Bytes(Codec.Encode(w => { w.BeginObject(); w.Property("n", value); w.EndObject(); }));
            var reader = new JsonReader();
            reader.Reset(bytes, 0, bytes.Length);
            Assert.True(reader.BeginObject());
            Assert.True(reader.NextProperty());
            Assert.True(reader.ReadInt64("n", out long read));
            Assert.Equal(value, read);
        }
    }

    [Fact]
    public void Strings_escape_quotes_backslashes_and_control_characters_and_encode_utf8()
    {
        Assert.Equal("\"a\\\"b\\\\c\\n\\t\\u0001€😀\"", Codec.Encode(w => w.String("a\"b\\c\n\t\u0001€😀")));
    }

    [Fact]
    public void A_lone_surrogate_becomes_the_replacement_character_so_the_output_stays_valid_utf8()
    {
        Assert.Equal("\"x\uFFFDy\"", Codec.Encode(w => w.String("x\uD800y")));
    }

    [Fact]
    public void Commas_go_between_members_and_elements_at_every_level()
    {
        string json = Codec.Encode(w =>
        {
            w.BeginObject();
            w.Property("a", 1);
            w.Name("b");
            w.BeginArray();
            w.Number(1);
            w.BeginObject();
            w.EndObject();
            w.Bool(false);
            w.Null();
            w.EndArray();
            w.OptionalProperty("skipped", null);
            w.Property("c", "x");
            w.EndObject();
        });

        Assert.Equal("{\"a\":1,\"b\":[1,{},false,null],\"c\":\"x\"}", json);
    }

    [Fact]
    public void Unbalanced_use_is_a_programming_error_reported_at_once()
    {
        var writer = new JsonWriter(16);
        Assert.Throws<InvalidOperationException>(writer.EndObject);
        writer.BeginObject();
        writer.Name("a");
        Assert.Throws<InvalidOperationException>(() => writer.Name("b"));
    }

    [Fact]
    public void The_buffer_grows_and_reset_reuses_it_without_reallocating()
    {
        var writer = new JsonWriter(16);
        writer.String(new string('x', 1000));
        byte[] grown = writer.Buffer;

        writer.Reset();
        writer.String("short");

        Assert.Same(grown, writer.Buffer);
        Assert.Equal("\"short\"", System.Text.Encoding.UTF8.GetString(writer.ToArray()));
    }
}
