using Ledger.EventStore.Verification;
using Ledger.Testing;

namespace Ledger.EventStore.Tests;

public sealed class OfflineVerifierTests(DatabaseFixture database) : StoreTestBase(database)
{
    private async Task<List<string>> ExportAsync() => [.. (await AllAsync()).Select(LedgerExport.ToLine)];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        for (var i = 0; i < 12; i++)
            await Store.AppendAsync(NewStream(), ExpectedVersion.Any, [Event(json: $$"""{"i": {{i}}, "amount": {{i}}.50, "note": "naïve ✓ \"quoted\""}""")]);
    }

    [Fact]
    public async Task An_export_verifies_offline_against_the_signed_digest_of_its_head()
    {
        using var signer = DigestSigner.CreateEphemeral();
        var digest = await Store.CreateDigestAsync(signer);
        var lines = await ExportAsync();

        var result = OfflineVerifier.Verify(lines, digest);

        result.Intact.ShouldBeTrue(result.Problem);
        result.VerifiedUpTo.ShouldBe(12);
        result.HeadHash.ShouldBe(digest.HeadHash);
        LedgerExport.FromLine(lines[3]).ShouldBe((await AllAsync())[3], new StoredEventComparer());
    }

    [Theory]
    [InlineData(5, "\\\"amount\\\": 4.50", "\\\"amount\\\": 4.51")]
    [InlineData(8, "\"actor\":\"tester\"", "\"actor\":\"mallory\"")]
    [InlineData(2, "\"streamVersion\":1", "\"streamVersion\":2")]
    public async Task A_tampered_line_is_caught_at_its_position(int position, string original, string forged)
    {
        var lines = await ExportAsync();
        lines[position - 1].ShouldContain(original);
        lines[position - 1] = lines[position - 1].Replace(original, forged, StringComparison.Ordinal);

        OfflineVerifier.Verify(lines, null).FirstBadPosition.ShouldBe(position);
    }

    [Fact]
    public async Task A_missing_line_a_garbled_line_and_a_foreign_digest_are_caught()
    {
        var lines = await ExportAsync();
        OfflineVerifier.Verify(lines.Where((_, i) => i != 6), null).FirstBadPosition.ShouldBe(7);
        OfflineVerifier.Verify(lines.Select((l, i) => i == 9 ? l[..20] : l), null).FirstBadPosition.ShouldBe(10);

        using var signer = DigestSigner.CreateEphemeral();
        var digest = await Store.CreateDigestAsync(signer);
        OfflineVerifier.Verify(lines.Take(11), digest).Intact.ShouldBeFalse();                     // export shorter than the digest
        OfflineVerifier.Verify(lines, digest with { HeadHash = new string('0', 64) }).Intact.ShouldBeFalse(); // signature no longer holds
    }

    private sealed class StoredEventComparer : IEqualityComparer<StoredEvent>
    {
        public bool Equals(StoredEvent? x, StoredEvent? y) =>
            x is not null && y is not null && x with { Hash = [] } == y with { Hash = [] } && x.Hash.AsSpan().SequenceEqual(y.Hash);

        public int GetHashCode(StoredEvent obj) => obj.Position.GetHashCode();
    }
}
