using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Ledger.Api.Tests.Harness;

/// <summary>
/// The API host started as the README's run command starts it (<c>--Ledger:Demo=true</c>): the demo company is loaded
/// into its fresh, empty database before the first request.
/// </summary>
public sealed class DemoLedgerApiFactory : LedgerApiFactory
{
    public const int Seed = 42;
    public const long Events = 3_000;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        DemoSettings(builder);
    }

    private static void DemoSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Ledger:Demo", "true");
        builder.UseSetting("Ledger:DemoSeed", Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Ledger:DemoEvents", Events.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Another API process over the same database, started the same way (a restart of the run command).</summary>
    public WebApplicationFactory<Program> Restart() => new SameDatabaseHost(this);

    private sealed class SameDatabaseHost(DemoLedgerApiFactory first) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:Ledger", first.ConnectionString);
            builder.UseSetting("Ledger:DataDirectory", first.DataDirectory);
            builder.UseSetting("Ledger:BootstrapAdminKey", first.AdminKey);
            DemoSettings(builder);
        }
    }
}
