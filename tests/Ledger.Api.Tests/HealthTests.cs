using Ledger.Api.Tests.Harness;

namespace Ledger.Api.Tests;

public sealed class HealthTests(LedgerApiFactory factory) : IClassFixture<LedgerApiFactory>
{
    [Fact]
    public async Task Health_reports_a_connected_database_at_the_latest_schema_version_without_a_key()
    {
        var health = await (await factory.Anonymous().GetAsync(new Uri("/health", UriKind.Relative))).ShouldBeAsync(200);

        health.GetProperty("status").GetString().ShouldBe("healthy");
        health.GetProperty("database").GetString().ShouldBe("connected");
        health.GetProperty("databaseSource").GetString().ShouldBe("configured");
        health.GetProperty("schemaVersion").GetInt32().ShouldBe(EventStore.EventStore.LatestSchemaVersion);
        health.GetProperty("latestSchemaVersion").GetInt32().ShouldBe(EventStore.EventStore.LatestSchemaVersion);
        health.GetProperty("headPosition").GetInt64().ShouldBeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public async Task Health_head_position_follows_the_log()
    {
        var anonymous = factory.Anonymous();
        var before = (await anonymous.GetJsonAsync("/health")).GetProperty("headPosition").GetInt64();

        await (await factory.RecorderAsync()).RegisterParticipantAsync();

        var after = (await anonymous.GetJsonAsync("/health")).GetProperty("headPosition").GetInt64();
        after.ShouldBeGreaterThan(before);
    }
}
