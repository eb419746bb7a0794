using Ledger.Api.Hosting;
using Ledger.Projections.Daemon;
using Ledger.Projections.Transactions;

namespace Ledger.Api.Projections;

/// <summary>Starts the projection daemon once the database is up (<c>Ledger:Projections:Enabled</c>, default true).</summary>
public sealed class ProjectionHost(LedgerDatabase database, IConfiguration configuration, ILoggerFactory loggers, LedgerTelemetry telemetry) : IHostedService
{
    private ProjectionDaemon? _daemon;

    public ProjectionDaemon Daemon => _daemon ?? throw new InvalidOperationException("The projection daemon is not running.");

    public bool Enabled => configuration.GetValue("Ledger:Projections:Enabled", true);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _daemon = new ProjectionDaemon(database.Store, [new TransactionsProjection()], loggers, telemetry.Meter);
        if (Enabled) await _daemon.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_daemon is not null) await _daemon.DisposeAsync();
    }
}
