using System.Text;
using Ledger.EventStore.Hashing;
using Ledger.Testing;
using Npgsql;

namespace Ledger.EventStore.Tests;

/// <summary>
/// The chain hashes the client's canonical text and Verify hashes PostgreSQL's <c>jsonb::text</c>: they must be equal
/// byte for byte, or an honest log would fail verification.
/// </summary>
public sealed class CanonicalJsonTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    public static TheoryData<string> Documents => new()
    {
        """{}""",
        """{"b":1,"a":2,"aa":3,"B":4}""",
        """{"a":1,"a":2}""",
        """{"nested":{"z":[1,2,{"y":null,"x":true}],"e":[]},"f":false}""",
        """{"n":[0,-0,1.0,-1.50,1e2,1E+2,1.5e-3,12.345e1,1.50e1,0.000,-0.0,123456789012345678901234567890,1e-7,2.5E3,0.1e1]}""",
        """{"s":"quote \" backslash \\ slash / tab \t nl \n cr \r bs \b ff \f ctl \u0001 \u001f del \u007f"}""",
        """{"u":"ünïcödé ✓ 日本語 😀 \u00e9 \ud83d\ude00"}""",
        """{"keys":{"é":1,"e":2,"ee":3,"😀":4,"":5}}""",
        """{"big":99999999999999999999.99999999999,"neg":-42,"exp":-1.25e-10}""",
        """{ "spaced" :  [ 1 , 2 ]  , "t" : true }""",
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task Client_canonical_text_equals_postgresql_jsonb_text(string json)
    {
        var canonical = Encoding.UTF8.GetString(JsonbCanonical.Canonicalize(Encoding.UTF8.GetBytes(json), "data"));

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT $1::jsonb::text", connection);
        command.Parameters.AddWithValue(json);
        var server = (string)(await command.ExecuteScalarAsync())!;

        canonical.ShouldBe(server);
    }

    [Fact]
    public async Task Random_documents_canonicalize_exactly_as_postgresql_does()
    {
        var random = new Random(20261124);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        for (var i = 0; i < 300; i++)
        {
            var json = "{" + string.Join(",", Enumerable.Range(0, random.Next(1, 6)).Select(_ => $"\"{RandomKey(random)}\":{RandomValue(random, 0)}")) + "}";
            var canonical = Encoding.UTF8.GetString(JsonbCanonical.Canonicalize(Encoding.UTF8.GetBytes(json), "data"));
            await using var command = new NpgsqlCommand("SELECT $1::jsonb::text", connection);
            command.Parameters.AddWithValue(json);
            canonical.ShouldBe((string)(await command.ExecuteScalarAsync())!, json);
        }
    }

    public static TheoryData<string> NearlyCanonical => new()
    {
        """{"a": 1, "b": 2}""",
        """{"a": 1,"b": 2}""",
        """{"a":1, "b": 2}""",
        """{"b": 1, "a": 2}""",
        """{"a": 1, "a": 2}""",
        """{"aa": 1, "b": 2}""",
        """{"a": [1, 2], "b": {}}""",
        """{"a": [1,2]}""",
        """{"a": [ 1, 2]}""",
        """{"a": {} }""",
        """ {"a": 1}""",
        """{"a": 1} """,
        """{"a": "\u00e9"}""",
        """{"a": "\/"}""",
        """{"a": "\u001F"}""",
        """{"a": "\u001f \" \\ \n"}""",
        """{"a": "\u0009"}""",
        """{"a": -0}""",
        """{"a": -0.00}""",
        """{"a": 1e2}""",
        """{"a": 1.50}""",
        """{"\u0061": 1}""",
        """{"a": true, "b": null, "c": false, "d": "x", "e": [], "f": [{}]}""",
    };

    /// <summary>
    /// The import fast path skips the rewrite when the text is already canonical; it must recognise exactly the texts
    /// PostgreSQL prints (a false "yes" would chain a hash Verify cannot reproduce) and, for the server's own output,
    /// always say yes (or canonical imports would silently take the slow path).
    /// </summary>
    [Theory]
    [MemberData(nameof(NearlyCanonical))]
    [MemberData(nameof(Documents))]
    public async Task Text_is_recognised_as_canonical_exactly_when_postgresql_prints_it_unchanged(string json)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var server = await ServerTextAsync(connection, json);
        JsonbCanonical.IsCanonical(Encoding.UTF8.GetBytes(json)).ShouldBe(server == json, json);
        JsonbCanonical.IsCanonical(Encoding.UTF8.GetBytes(server)).ShouldBeTrue(server);
        Encoding.UTF8.GetString(JsonbCanonical.Canonicalize(Encoding.UTF8.GetBytes(server), "data")).ShouldBe(server);
    }

    [Fact]
    public async Task Random_server_texts_are_canonical_and_their_variants_are_judged_like_postgresql_does()
    {
        var random = new Random(20261125);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        for (var i = 0; i < 300; i++)
        {
            var json = "{" + string.Join(",", Enumerable.Range(0, random.Next(1, 6)).Select(_ => $"\"{RandomKey(random)}\":{RandomValue(random, 0)}")) + "}";
            var server = await ServerTextAsync(connection, json);
            JsonbCanonical.IsCanonical(Encoding.UTF8.GetBytes(server)).ShouldBeTrue(server);
            // One-byte edits of canonical text: dropped spaces, swapped neighbours; judged as the server judges them.
            var at = random.Next(server.Length - 1);
            foreach (var variant in new[] { server.Remove(at, 1), server[..at] + server[at + 1] + server[at] + server[(at + 2)..] })
            {
                if (!IsWellFormedUtf16(variant)) continue; // an edit inside a surrogate pair is not text at all
                string? printed;
                try
                {
                    printed = await ServerTextAsync(connection, variant);
                }
                catch (PostgresException)
                {
                    printed = null; // not JSON at all
                }
                JsonbCanonical.IsCanonical(Encoding.UTF8.GetBytes(variant)).ShouldBe(printed == variant, variant);
            }
        }
    }

    private static bool IsWellFormedUtf16(string text)
    {
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetByteCount(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    private static async Task<string> ServerTextAsync(NpgsqlConnection connection, string json)
    {
        await using var command = new NpgsqlCommand("SELECT $1::jsonb::text", connection);
        command.Parameters.AddWithValue(json);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static string RandomKey(Random random) =>
        string.Concat(Enumerable.Range(0, random.Next(0, 4)).Select(_ => KeyParts[random.Next(KeyParts.Length)]));

    private static readonly string[] KeyParts = ["a", "b", "A", "Z", "é", "_", "1", "😀"];

    private static string RandomValue(Random random, int depth) =>
        random.Next(depth > 2 ? 4 : 6) switch
        {
            0 => RandomNumber(random),
            1 => $"\"{RandomKey(random)}\\n\\u0002\"",
            2 => random.Next(2) == 0 ? "true" : "null",
            3 => "false",
            4 => "[" + string.Join(",", Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomValue(random, depth + 1))) + "]",
            _ => "{" + string.Join(",", Enumerable.Range(0, random.Next(0, 4)).Select(_ => $"\"{RandomKey(random)}\":{RandomValue(random, depth + 1)}")) + "}",
        };

    private static string RandomNumber(Random random)
    {
        var sign = random.Next(3) == 0 ? "-" : "";
        var integer = random.Next(3) == 0 ? "0" : random.NextInt64(1, 10_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var fraction = random.Next(2) == 0 ? "" : "." + new string(Enumerable.Range(0, random.Next(1, 8)).Select(_ => (char)('0' + random.Next(10))).ToArray());
        var exponent = random.Next(3) == 0 ? $"e{random.Next(-12, 12)}" : "";
        return sign + integer + fraction + exponent;
    }
}
