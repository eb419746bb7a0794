using Ledger.Testing;

namespace Ledger.EventStore.Tests;

public sealed class BadInputTests(DatabaseFixture database) : StoreTestBase(database)
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" padded")]
    [InlineData("tab\there")]
    public async Task Rejects_empty_or_malformed_stream_ids(string streamId)
    {
        var error = await Should.ThrowAsync<InvalidAppendException>(() => Store.AppendAsync(streamId, ExpectedVersion.Any, [Event()]));
        error.Field.ShouldBe("streamId");
        (await CountEventsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Rejects_over_long_stream_ids()
    {
        var error = await Should.ThrowAsync<InvalidAppendException>(() => Store.AppendAsync(new string('s', 201), ExpectedVersion.Any, [Event()]));
        error.Message.ShouldContain("limit is 200");
    }

    [Fact]
    public async Task Rejects_an_empty_event_list()
    {
        var error = await Should.ThrowAsync<InvalidAppendException>(() => Store.AppendAsync(NewStream(), ExpectedVersion.Any, []));
        error.Field.ShouldBe("events");
    }

    [Fact]
    public async Task Rejects_events_over_the_size_limit()
    {
        var big = $$"""{"blob": "{{new string('x', 70_000)}}"}""";
        var error = await Should.ThrowAsync<InvalidAppendException>(() => Store.AppendAsync(NewStream(), ExpectedVersion.Any, [Event(json: big)]));
        error.Field.ShouldBe("events[0].data");
        error.Message.ShouldContain("limit is 65536");
    }

    [Theory]
    [InlineData("[1, 2]", "must be a JSON object")]
    [InlineData("42", "must be a JSON object")]
    [InlineData("\"text\"", "must be a JSON object")]
    [InlineData("{\"a\": ", "is not valid JSON")]
    [InlineData("not json", "is not valid JSON")]
    [InlineData("{\"a\": \"\\u0000\"}", "\\u0000")]
    [InlineData("{\"a\": \"\\ud800\"}", "not valid Unicode")]
    [InlineData("{\"a\": 1e999}", "exponent")]
    public async Task Rejects_data_that_is_not_a_storable_json_object(string json, string expectedMessage)
    {
        var error = await Should.ThrowAsync<InvalidAppendException>(() => Store.AppendAsync(NewStream(), ExpectedVersion.Any, [Event(json: json)]));
        error.Field.ShouldBe("events[0].data");
        error.Message.ShouldContain(expectedMessage);
        (await CountEventsAsync()).ShouldBe(0);
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("latest")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999999")]
    public void Rejects_unknown_expected_version_values(string text)
    {
        var error = Should.Throw<InvalidAppendException>(() => ExpectedVersion.Parse(text));
        error.Field.ShouldBe("expectedVersion");
    }

    [Theory]
    [InlineData("any", -1)]
    [InlineData("no-stream", 0)]
    [InlineData("exists", -2)]
    [InlineData("7", 7)]
    public void Parses_known_expected_version_values(string text, long value) =>
        ExpectedVersion.Parse(text).Value.ShouldBe(value);

    [Fact]
    public async Task Rejects_duplicate_ids_within_one_append_and_an_empty_id()
    {
        var id = Guid.NewGuid();
        await Should.ThrowAsync<InvalidAppendException>(() => Store.AppendAsync(NewStream(), ExpectedVersion.Any, [Event(id: id), Event(id: id)]));
        await Should.ThrowAsync<InvalidAppendException>(() => Store.AppendAsync(NewStream(), ExpectedVersion.Any, [Event(id: Guid.Empty)]));
        await Should.ThrowAsync<InvalidAppendException>(() => Store.AppendAsync(NewStream(), ExpectedVersion.Any, [Event(type: "")]));
        await Should.ThrowAsync<InvalidAppendException>(() => Store.AppendAsync(NewStream(), ExpectedVersion.Any, [Event(actor: " ")]));
        (await CountEventsAsync()).ShouldBe(0);
    }
}
