namespace Ledger.Api.Security;

/// <summary>
/// On start, when no active admin key exists, creates one and prints it once (the run command's "bootstrap admin
/// key"). <c>Ledger:BootstrapAdminKey</c> / <c>LEDGER_BOOTSTRAP_ADMIN_KEY</c> fixes its value (tests, scripted demos).
/// </summary>
public sealed class BootstrapAdminKey(ApiKeyStore keys, IConfiguration configuration, ILogger<BootstrapAdminKey> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = configuration["Ledger:BootstrapAdminKey"] ?? Environment.GetEnvironmentVariable("LEDGER_BOOTSTRAP_ADMIN_KEY");
        if (configured is { Length: > 0 })
        {
            // Idempotent: the same configured key is inserted once (its hash is unique).
            await keys.CreateAsync("bootstrap-admin", Roles.Admin, "bootstrap", configured, cancellationToken);
            return;
        }
        if (await keys.AnyActiveAdminAsync(cancellationToken)) return;
        var (_, secret) = await keys.CreateAsync("bootstrap-admin", Roles.Admin, "bootstrap", null, cancellationToken);
        // Printed to the console on purpose, once: this is how a new operator gets in. It is not logged to files.
        Console.WriteLine();
        Console.WriteLine($"  Bootstrap admin API key (shown once): {secret}");
        Console.WriteLine("  Use it as the X-Api-Key header, e.g. to create keys for other roles: POST /api/keys");
        Console.WriteLine();
        logger.LogInformation("Created a bootstrap admin API key");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
