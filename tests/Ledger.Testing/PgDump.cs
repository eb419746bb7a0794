using System.Diagnostics;
using Ledger.EventStore.Embedded;
using Npgsql;

namespace Ledger.Testing;

/// <summary>Runs <c>pg_dump</c> (plain SQL, every schema and all data) of a test database into memory.</summary>
public static class PgDump
{
    public static async Task<byte[]> DumpAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(Executable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList =
            {
                "--host", connection.Host ?? "127.0.0.1",
                "--port", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--username", connection.Username ?? "postgres",
                "--dbname", connection.Database ?? throw new InvalidOperationException("The connection string names no database."),
                "--no-password",
                "--format=plain",
                "--encoding=UTF8",
            },
        };
        if (!string.IsNullOrEmpty(connection.Password)) start.Environment["PGPASSWORD"] = connection.Password;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("pg_dump did not start.");
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await Task.WhenAll(copy, errors, process.WaitForExitAsync(cancellationToken));
        if (process.ExitCode != 0) throw new InvalidOperationException($"pg_dump exited with {process.ExitCode}: {await errors}");
        return output.ToArray();
    }

    /// <summary>
    /// pg_dump beside the server binaries the tests run; when those are symlinks gathered in another folder (initdb and
    /// pg_ctl alone in /usr/local/bin, say), beside the file initdb links to.
    /// </summary>
    private static string Executable()
    {
        var folder = PostgresBinaries.Locate();
        var beside = Path.Combine(folder, "pg_dump");
        if (File.Exists(beside)) return beside;
        var initdb = File.ResolveLinkTarget(Path.Combine(folder, "initdb"), returnFinalTarget: true)
            ?? throw new FileNotFoundException($"pg_dump is not in {folder} and initdb there is no link.");
        return Path.Combine(Path.GetDirectoryName(initdb.FullName)!, "pg_dump");
    }

    /// <summary>How many times <paramref name="needle"/> occurs in <paramref name="haystack"/>.</summary>
    public static int Occurrences(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle)
    {
        var count = 0;
        for (var at = haystack.IndexOf(needle); at >= 0; at = haystack.IndexOf(needle))
        {
            count++;
            haystack = haystack[(at + needle.Length)..];
        }
        return count;
    }
}
