using Ledger.EventStore.Verification;
using Ledger.Testing;

namespace Ledger.EventStore.Tests;

public sealed class VerificationTests(DatabaseFixture database) : StoreTestBase(database)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        for (var i = 0; i < 10; i++)
            await Store.AppendAsync(NewStream(), ExpectedVersion.Any, [Event(json: $$"""{"i": {{i}}, "note": "ünïcode ✓"}"""), Event()]);
    }

    [Fact]
    public async Task An_untouched_log_verifies_up_to_its_head()
    {
        var result = await Store.VerifyAsync();
        var head = await Store.ReadHeadAsync();

        result.Intact.ShouldBeTrue();
        result.VerifiedUpTo.ShouldBe(20);
        result.HeadHash.ShouldBe(head.HashHex);
        result.EventsChecked.ShouldBe(20);
        (await Store.VerifyAsync(5, 12)).ShouldBe(VerificationResult.Ok(12, (await AllAsync())[11].HashHex, 8));
    }

    [Fact]
    public async Task Detects_one_changed_byte_of_data_at_its_position()
    {
        await TamperAsync("UPDATE {s}.events SET data = jsonb_set(data, '{i}', '7') WHERE position = 7");
        var result = await Store.VerifyAsync();
        result.Intact.ShouldBeFalse();
        result.FirstBadPosition.ShouldBe(7);
        result.VerifiedUpTo.ShouldBe(6);
    }

    [Theory]
    [InlineData("actor = 'mallory'", 9)]
    [InlineData("occurred_at = occurred_at + interval '1 microsecond'", 4)]
    [InlineData("recorded_at = recorded_at - interval '1 second'", 15)]
    [InlineData("hash = decode(repeat('ab', 32), 'hex')", 3)]
    [InlineData("stream_version = stream_version + 100", 18)]
    public async Task Detects_altered_metadata_or_hash_at_its_position(string change, long position)
    {
        await TamperAsync($"UPDATE {{s}}.events SET {change} WHERE position = {position}");
        (await Store.VerifyAsync()).FirstBadPosition.ShouldBe(position);
    }

    [Fact]
    public async Task Detects_a_deleted_row_as_a_missing_position()
    {
        await TamperAsync("DELETE FROM {s}.events WHERE position = 11");
        var result = await Store.VerifyAsync();
        result.FirstBadPosition.ShouldBe(11);
        result.Problem!.ShouldContain("missing");
    }

    [Fact]
    public async Task Detects_a_deleted_last_row_against_the_head()
    {
        await TamperAsync("DELETE FROM {s}.events WHERE position = 20");
        (await Store.VerifyAsync()).FirstBadPosition.ShouldBe(20);
    }

    [Fact]
    public async Task Detects_two_rows_with_swapped_data_at_the_first_of_them()
    {
        await TamperAsync("""
            UPDATE {s}.events e SET data = o.data
            FROM (SELECT position, data FROM {s}.events WHERE position IN (5, 13)) o
            WHERE (e.position, o.position) IN ((5, 13), (13, 5))
            """);
        (await Store.VerifyAsync()).FirstBadPosition.ShouldBe(5);
    }

    [Fact]
    public async Task Detects_a_row_appended_directly_with_a_forged_hash()
    {
        await TamperAsync("""
            INSERT INTO {s}.events SELECT 21, stream_id, stream_version + 1, gen_random_uuid(), event_type, schema_version, data,
                actor, correlation_id, causation_id, occurred_at, recorded_at, decode(repeat('cd', 32), 'hex')
            FROM {s}.events WHERE position = 20
            """);
        (await Store.VerifyAsync()).FirstBadPosition.ShouldBe(21);
    }

    [Fact]
    public async Task A_row_forged_with_a_correct_hash_but_not_acknowledged_by_the_head_is_detected()
    {
        // The hash function is public, so a forger can compute a valid next link; the head still does not acknowledge it.
        var last = (await AllAsync())[^1];
        var id = Guid.NewGuid();
        var recordedAt = last.RecordedAt.AddSeconds(1);
        Span<byte> digest = stackalloc byte[32];
        var hash = new byte[32];
        Hashing.EventHasher.ContentDigest(21, 1, id, 1, last.OccurredAt, recordedAt, "forged-stream", "thing-happened", "mallory",
            null, null, "{\"n\": 1}"u8, digest);
        Hashing.EventHasher.Chain(last.Hash, digest, hash);
        var sql = "INSERT INTO {s}.events VALUES (21, 'forged-stream', 1, '" + id + "', 'thing-happened', 1, '{\"n\": 1}', 'mallory', NULL, NULL, '"
                  + last.OccurredAt.ToString("O") + "', '" + recordedAt.ToString("O") + "', decode('" + Convert.ToHexStringLower(hash) + "', 'hex'))";
        await TamperAsync(sql);
        (await AllAsync()).Count.ShouldBe(21); // the forged row is there...

        var result = await Store.VerifyAsync();
        result.FirstBadPosition.ShouldBe(21);  // ...and is reported.
        result.Problem!.ShouldContain("beyond the head");
    }

    [Fact]
    public async Task Verifies_against_an_earlier_signed_digest_while_the_log_only_grew()
    {
        using var signer = DigestSigner.CreateEphemeral();
        var digest = await Store.CreateDigestAsync(signer);
        await Store.AppendAsync(NewStream(), ExpectedVersion.Any, [Event(), Event(), Event()]);

        digest.Position.ShouldBe(20);
        digest.HasValidSignature().ShouldBeTrue();
        var result = await Store.VerifyAgainstDigestAsync(digest);
        result.Intact.ShouldBeTrue();
        result.VerifiedUpTo.ShouldBe(23);
    }

    [Fact]
    public async Task A_history_rewritten_with_recomputed_hashes_fails_against_the_earlier_digest()
    {
        using var signer = DigestSigner.CreateEphemeral();
        var digest = await Store.CreateDigestAsync(signer);

        // The forger rebuilds a whole consistent chain from scratch (here: a second log with other content).
        await TamperAsync("DELETE FROM {s}.events; UPDATE {s}.head SET position = 0, hash = decode(repeat('00', 32), 'hex'), recorded_at = '-infinity'");
        for (var i = 0; i < 10; i++)
            await Store.AppendAsync(NewStream(), ExpectedVersion.Any, [Event(json: """{"rewritten": true}"""), Event()]);

        (await Store.VerifyAsync()).Intact.ShouldBeTrue(); // internally consistent...
        var result = await Store.VerifyAgainstDigestAsync(digest);
        result.Intact.ShouldBeFalse();                      // ...but not what was signed.
        result.FirstBadPosition.ShouldBe(20);
    }

    [Fact]
    public async Task A_digest_with_a_forged_signature_or_position_is_refused()
    {
        using var signer = DigestSigner.CreateEphemeral();
        var digest = await Store.CreateDigestAsync(signer);

        (digest with { Position = 19 }).HasValidSignature().ShouldBeFalse();
        (digest with { HeadHash = new string('0', 64) }).HasValidSignature().ShouldBeFalse();
        using var otherSigner = DigestSigner.CreateEphemeral();
        (digest with { PublicKey = otherSigner.PublicKeyBase64 }).HasValidSignature().ShouldBeFalse();
        (await Store.VerifyAgainstDigestAsync(digest with { Position = 19 })).Intact.ShouldBeFalse();
    }

    [Fact]
    public async Task The_signing_key_is_created_once_and_reloaded_from_its_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ledger-key-{Guid.NewGuid():N}", "digest.pem");
        string keyId;
        using (var created = DigestSigner.LoadOrCreate(path)) keyId = created.KeyId;
        using var loaded = DigestSigner.LoadOrCreate(path);

        loaded.KeyId.ShouldBe(keyId);
        File.ReadAllText(path).ShouldContain("BEGIN PRIVATE KEY");
        if (!OperatingSystem.IsWindows())
            File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }
}
