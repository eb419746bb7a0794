namespace Ledger.Reliability.Harness;

/// <summary>
/// The exactly-once guarantee, checked against PostgreSQL itself: every acknowledged interaction is stored once, at
/// the position the API reported; nothing unacknowledged or duplicated was stored; positions are 1..N without gaps;
/// the hash chain verifies.
/// </summary>
public static class ExactlyOnce
{
    public static async Task AssertAsync(ReliabilityHarness harness, AppendWorkload workload, ITestOutputHelper output)
    {
        var stored = await LedgerFacts.InteractionPositionsAsync(harness.ConnectionString);
        var (rows, min, max, head) = await LedgerFacts.PositionsAsync(harness.ConnectionString);
        var verify = await harness.VerifyAsync();
        var planned = workload.Planned.Count;
        var acknowledged = workload.Acknowledged.Values.ToList();
        output.WriteLine($"planned {planned}, acknowledged {acknowledged.Count} ({acknowledged.Count(a => a.Replayed)} replayed, " +
                         $"{acknowledged.Count(a => a.Position is null)} re-executed as no-ops), interaction events stored {stored.Values.Sum(p => p.Count)} " +
                         $"for {stored.Count} distinct interactions; log rows {rows}, positions {min}..{max}, head {head}; verify: {verify}");
        output.WriteLine($"responses: {workload.Tally}");
        foreach (var line in workload.Tally.UnexpectedResponses) output.WriteLine($"unexpected: {line}");

        workload.Tally.Statuses.Where(s => s >= 500 && s != 503).ShouldBeEmpty("no response may be a 5xx other than a retriable 503");
        workload.Tally.UnexpectedResponses.ShouldBeEmpty("every answer was 201 or a retriable 503 / 409-in-progress");
        workload.Tally.RetriableWithoutRetryAfter.ShouldBe(0, "every 503 and 409-in-progress says when to retry (Retry-After)");
        acknowledged.Count.ShouldBe(planned, "every append was eventually acknowledged");
        acknowledged.Select(a => a.InteractionId).Distinct().Count().ShouldBe(planned, "each Idempotency-Key got its own interaction");

        var missing = acknowledged.Where(a => !stored.ContainsKey(a.InteractionId)).Select(a => a.InteractionId).ToList();
        missing.ShouldBeEmpty("an acknowledged interaction is missing from the log");
        var duplicated = stored.Where(p => p.Value.Count > 1).Select(p => $"{p.Key} at {string.Join(",", p.Value)}").ToList();
        duplicated.ShouldBeEmpty("an interaction is stored more than once");
        var misreported = acknowledged.Where(a => a.Position is { } p && stored[a.InteractionId][0] != p)
            .Select(a => $"{a.InteractionId}: acknowledged at {a.Position}, stored at {stored[a.InteractionId][0]}").ToList();
        misreported.ShouldBeEmpty("the acknowledged position is where the interaction is stored");
        stored.Values.Sum(p => p.Count).ShouldBe(planned, "interaction events stored == distinct appends");

        min.ShouldBe(1L);
        max.ShouldBe(rows, "positions 1..N without gaps");
        head.ShouldBe(rows, "the head names the last stored position");
        verify.GetProperty("intact").GetBoolean().ShouldBeTrue(verify.ToString());
        verify.GetProperty("verifiedUpTo").GetInt64().ShouldBe(rows);
    }
}
