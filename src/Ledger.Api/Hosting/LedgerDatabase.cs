using Ledger.EventStore.Embedded;
using Ledger.EventStore.Verification;
using Npgsql;

namespace Ledger.Api.Hosting;

/// <summary>
/// The ledger's PostgreSQL and event store for this process. A configured connection string
/// (<c>ConnectionStrings:Ledger</c> or the <c>LEDGER_CONNECTION</c> environment variable) always wins; otherwise an
/// embedded cluster is started from the installed PostgreSQL binaries with its data under
/// <c>Ledger:DataDirectory</c> (default <c>.ledger/</c>), reused across runs.
/// </summary>
public sealed class LedgerDatabase(IConfiguration configuration, ILogger<LedgerDatabase> logger) : IHostedService, IAsyncDisposable
{
    private LocalPostgresCluster? _cluster;
    private EventStore.EventStore? _store;
    private NpgsqlDataSource? _dataSource;
    private DigestSigner? _signer;

    public EventStore.EventStore Store => _store ?? throw new InvalidOperationException("The ledger database has not started yet.");
    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("The ledger database has not started yet.");
    public DigestSigner Signer => _signer ?? throw new InvalidOperationException("The ledger database has not started yet.");

    /// <summary>"configured" or "embedded (folder)": shown on /health.</summary>
    public string Source { get; private set; } = "";

    /// <summary>
    /// Where the embedded cluster and the signing key live. A relative path is taken from the repository root when the
    /// API runs from a checkout (so <c>dotnet run</c> from any folder uses the same <c>.ledger/</c>), else from the
    /// current directory.
    /// </summary>
    public string DataDirectory
    {
        get
        {
            var configured = configuration["Ledger:DataDirectory"] ?? ".ledger";
            return Path.IsPathRooted(configured) ? configured : Path.GetFullPath(Path.Combine(RepositoryRoot() ?? Directory.GetCurrentDirectory(), configured));
        }
    }

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ledger.sln"))) return dir.FullName;
        }
        return null;
    }

    /// <summary>
    /// Before the host starts: without a configured connection string the embedded server needs PostgreSQL's binaries.
    /// When they are missing, print one line saying what to install or set (not a stack trace) and return false.
    /// </summary>
    public static bool CanStart(IConfiguration configuration)
    {
        if (ConfiguredConnection(configuration) is not null) return true;
        try
        {
            PostgresBinaries.Locate();
            return true;
        }
        catch (PostgresNotFoundException ex)
        {
            Console.Error.WriteLine($"ledger: {ex.Message}");
            return false;
        }
    }

    private static string? ConfiguredConnection(IConfiguration configuration) =>
        configuration.GetConnectionString("Ledger") is { Length: > 0 } configured
            ? configured
            : Environment.GetEnvironmentVariable("LEDGER_CONNECTION") is { Length: > 0 } fromEnvironment ? fromEnvironment : null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var connectionString = ConfiguredConnection(configuration);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var folder = Path.Combine(DataDirectory, "pgdata");
            logger.LogInformation("No connection string configured: starting embedded PostgreSQL in {Folder}", folder);
            _cluster = await LocalPostgresCluster.StartAsync(folder, new LocalPostgresOptions(), cancellationToken);
            await EnsureDatabaseAsync(_cluster, "ledger", cancellationToken);
            connectionString = _cluster.ConnectionStringFor("ledger");
            Source = $"embedded ({folder}, port {_cluster.Port})";
        }
        else
        {
            Source = "configured";
        }

        var builder = EventStore.EventStore.Tune(new NpgsqlDataSourceBuilder(connectionString));
        builder.ConnectionStringBuilder.ApplicationName ??= "ledger-api";
        _dataSource = builder.Build();
        _store = await EventStore.EventStore.OpenAsync(_dataSource, new EventStore.EventStoreOptions(), cancellationToken);
        await AuxiliarySchema.MigrateAsync(_dataSource, cancellationToken);

        var keyPath = configuration["Ledger:DigestKeyPath"] ?? Path.Combine(DataDirectory, "digest-signing-key.pem");
        _signer = DigestSigner.LoadOrCreate(keyPath);
        logger.LogInformation("Ledger database ready ({Source}); digest signing key {KeyId} at {KeyPath}", Source, _signer.KeyId, keyPath);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    private readonly Lock _disposing = new();
    private Task? _disposal;

    /// <summary>Idempotent and safe to call concurrently (the host may stop a service twice at shutdown).</summary>
    public ValueTask DisposeAsync()
    {
        lock (_disposing) _disposal ??= DisposeOnceAsync();
        return new ValueTask(_disposal);
    }

    private async Task DisposeOnceAsync()
    {
        if (Interlocked.Exchange(ref _store, null) is { } store) await store.DisposeAsync();
        if (Interlocked.Exchange(ref _dataSource, null) is { } dataSource) await dataSource.DisposeAsync();
        Interlocked.Exchange(ref _signer, null)?.Dispose();
        if (Interlocked.Exchange(ref _cluster, null) is { } cluster) await cluster.StopAsync(CancellationToken.None);
    }

    private static async Task EnsureDatabaseAsync(LocalPostgresCluster cluster, string name, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.AddWithValue(name);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null) return;
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }
}
