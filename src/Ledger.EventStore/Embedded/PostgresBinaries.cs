using System.Diagnostics;

namespace Ledger.EventStore.Embedded;

/// <summary>Finds the PostgreSQL server binaries (initdb, pg_ctl) installed on this machine.</summary>
public static class PostgresBinaries
{
    /// <summary>The message shown when no server binaries can be found: it names every way out.</summary>
    public const string NotFoundMessage =
        "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH, via pg_config, or under /usr/lib/postgresql/*/bin. " +
        "Install them (Debian/Ubuntu: apt-get install -y postgresql), set LEDGER_PG_BIN to their folder, " +
        "point Ledger at an existing server with LEDGER_CONNECTION=\"Host=...;Username=...;Password=...;Database=...\", " +
        "or run 'docker compose up' from the repository root.";

    /// <summary>Returns the folder holding initdb and pg_ctl, or throws <see cref="PostgresNotFoundException"/>.</summary>
    public static string Locate() => Locate(Candidates());

    internal static string Locate(IEnumerable<string> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (!string.IsNullOrWhiteSpace(candidate) && HasServerBinaries(candidate))
                return candidate;
        }
        throw new PostgresNotFoundException(NotFoundMessage);
    }

    private static IEnumerable<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable("LEDGER_PG_BIN") is { Length: > 0 } configured)
            yield return configured;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            yield return dir;
        if (PgConfigBinDir() is { } fromPgConfig)
            yield return fromPgConfig;
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            // Prefer the newest major version installed.
            foreach (var dir in Directory.GetDirectories(debianRoot)
                         .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                yield return Path.Combine(dir, "bin");
        }
    }

    private static bool HasServerBinaries(string dir) =>
        File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));

    private static string? PgConfigBinDir()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pg_config", "--bindir")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // pg_config is not installed: not an error, just one less place to look.
        }
    }
}

/// <summary>No PostgreSQL server binaries are installed and no connection string was configured.</summary>
public sealed class PostgresNotFoundException(string message) : Exception(message);
