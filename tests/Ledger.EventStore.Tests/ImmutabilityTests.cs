using Ledger.Testing;
using Npgsql;

namespace Ledger.EventStore.Tests;

public sealed class ImmutabilityTests(DatabaseFixture database) : StoreTestBase(database)
{
    [Theory]
    [InlineData("UPDATE {s}.events SET data = '{\"forged\": true}' WHERE position = 1")]
    [InlineData("UPDATE {s}.events SET actor = 'mallory'")]
    [InlineData("DELETE FROM {s}.events WHERE position = 2")]
    [InlineData("DELETE FROM {s}.events")]
    [InlineData("TRUNCATE {s}.events")]
    [InlineData("TRUNCATE {s}.head")]
    [InlineData("DELETE FROM {s}.head")]
    [InlineData("UPDATE {s}.head SET position = 0")]
    public async Task The_database_refuses_to_rewrite_the_log_through_the_applications_connection(string sql)
    {
        await Store.AppendAsync(NewStream(), ExpectedVersion.Any, [Event(), Event()]);
        var before = Snapshot(await AllAsync());

        await using var connection = await Store.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql.Replace("{s}", Schema, StringComparison.Ordinal), connection);
        var error = await Should.ThrowAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        error.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
        error.MessageText.ShouldContain("ledger");
        Snapshot(await AllAsync()).ShouldBe(before);
        (await Store.VerifyAsync()).Intact.ShouldBeTrue();
    }

    private static List<string> Snapshot(List<StoredEvent> events) =>
        events.Select(e => $"{e.Position}|{e.StreamId}|{e.Actor}|{e.Data}|{e.HashHex}").ToList();
}
