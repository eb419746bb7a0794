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
