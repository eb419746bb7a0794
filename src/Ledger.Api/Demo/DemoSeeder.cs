using Ledger.Api.Commands;
using Ledger.Projections.Serialization;
using Ledger.Api.Hosting;
using Ledger.Projections.Demo;
using Ledger.EventStore;

namespace Ledger.Api.Demo;

/// <summary>
/// With <c>Ledger:Demo=true</c> (the README's run command sets it), loads the demo company into an EMPTY ledger
/// through the bulk path, so a new user sees real data at once. A ledger that already holds events is left alone.
/// </summary>
public sealed class DemoSeeder(LedgerDatabase database, IConfiguration configuration, ILogger<DemoSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue("Ledger:Demo", false)) return;
        if ((await database.Store.ReadHeadAsync(cancellationToken)).Position > 0)
        {
            logger.LogInformation("Demo data not loaded: the ledger already holds events");
            return;
        }
        var seed = configuration.GetValue("Ledger:DemoSeed", 42);
        var conversations = configuration.GetValue("Ledger:DemoConversations", 400);
        var start = new DateTimeOffset(DateTime.UtcNow.Year - 1, DateTime.UtcNow.Month, 1, 0, 0, 0, TimeSpan.Zero);
        // The demo trades in USD and GBP too: give finance's reports the rates into EUR.
        var from = DateOnly.FromDateTime(start.UtcDateTime.AddDays(-1));
        await database.Store.AppendAsync(Ledger.Projections.Reports.ReportSettings.RatesStream, ExpectedVersion.Any,
        [
            Ledger.Projections.Reports.ReportSettings.RateSet(new Ledger.Projections.Analytics.ConversionRate("USD", from, 0.92m), DemoId(seed, "rate-usd"), new EventMetadata("demo-generator", start)),
            Ledger.Projections.Reports.ReportSettings.RateSet(new Ledger.Projections.Analytics.ConversionRate("GBP", from, 1.17m), DemoId(seed, "rate-gbp"), new EventMetadata("demo-generator", start)),
        ], cancellationToken);
        var history = DemoCompany.Generate(seed, conversations, start);
        var result = await database.Store.BulkImportAsync(ToEvents(history, seed), cancellationToken: cancellationToken);
        logger.LogInformation("Loaded demo company (seed {Seed}): {Events} events at positions {First}..{Last}", seed, result.Imported, result.FirstPosition, result.LastPosition);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static Guid DemoId(int seed, string what) => DeterministicId.From($"demo:{seed}:{what}");

    private static async IAsyncEnumerable<(string, EventData)> ToEvents(IReadOnlyList<(string StreamId, object Event, DateTimeOffset At)> history, int seed)
    {
        for (var i = 0; i < history.Count; i++)
        {
            var (streamId, e, at) = history[i];
            var id = DeterministicId.From($"demo-event:{seed}:{i}");
            yield return (streamId, EventSerializer.ToEventData(e, id, new EventMetadata("demo-generator", at, $"demo-{seed}")));
        }
        await Task.CompletedTask;
    }
}
