using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Ledger.Dashboard.Tests.Harness;

/// <summary>
/// The real Ledger API on Kestrel (a browser needs a real socket) over a fresh PostgreSQL database with the demo
/// company loaded, exactly as <c>dotnet run --project src/Ledger.Api -- --Ledger:Demo=true</c> starts it; the content
/// root is src/Ledger.Api, so the dashboard is served from its wwwroot.
/// </summary>
public sealed class DashboardHost(string connectionString, string dataDirectory, string adminKey) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Ledger", connectionString);
        builder.UseSetting("Ledger:DataDirectory", dataDirectory);
        builder.UseSetting("Ledger:BootstrapAdminKey", adminKey);
        builder.UseSetting("Ledger:LogFile", Path.Combine(dataDirectory, "ledger.log.json"));
        builder.UseSetting("Ledger:Demo", "true");
    }

    public Uri Start()
    {
        UseKestrel(0);
        StartServer();
        return CreateClient().BaseAddress ?? throw new InvalidOperationException("Kestrel did not report its address.");
    }
}
