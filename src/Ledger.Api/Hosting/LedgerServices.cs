using Ledger.Api.Commands;
using Ledger.Api.Idempotency;
using Ledger.Api.PersonalData;
using Ledger.Api.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Json;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Serilog;
using Serilog.Formatting.Json;

namespace Ledger.Api.Hosting;

/// <summary>Service registration and the middleware pipeline, so that Program.cs stays a table of contents.</summary>
public static class LedgerServices
{
    public static WebApplicationBuilder AddLedger(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = Limits.MaxRequestBodyBytes);
        builder.AddLogging();
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<LedgerDatabase>();
        services.AddHostedService(sp => sp.GetRequiredService<LedgerDatabase>());
        services.AddSingleton<ApiKeyStore>();
        services.AddHostedService<BootstrapAdminKey>();
        services.AddSingleton<Projections.ProjectionHost>();
        services.AddSingleton<Reports.ReportContext>();
        services.AddSingleton<Pilots.PilotJobs>();
        services.AddSingleton<Lineage.LineageBuilder>();
        services.AddHostedService(sp => sp.GetRequiredService<Projections.ProjectionHost>());
        // After the daemon: the demo's report snapshots render reports as of positions the daemon must reach.
        services.AddSingleton<Demo.DemoSeeder>();
        services.AddHostedService(sp => sp.GetRequiredService<Demo.DemoSeeder>());
        services.AddSingleton<Demo.DemoLoads>();
        services.AddSingleton<LedgerTelemetry>();
        services.AddSingleton<ReferenceResolver>();
        services.AddSingleton<CommandExecutor>();
        services.AddSingleton<PersonalDataVault>();
        services.AddSingleton<Imports.IdentityDirectory>();
        services.AddSingleton<Imports.MessageImporter>();
        services.AddSingleton<Imports.EventLinesImporter>();
        services.Configure<JsonOptions>(options => JsonSetup.Configure(options.SerializerOptions));
        services.AddProblemDetails();
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        // Malformed bodies and parameters throw, so the one exception handler can answer them with field errors.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<ProblemHandling>();
        services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddAuthorization();
        services.AddOpenApi();
        builder.AddTelemetry();
        return builder;
    }

    public static WebApplication UseLedger(this WebApplication app)
    {
        app.UseMiddleware<RequestLogging>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDashboard();
        app.UseRouting();
        app.UseAuthentication();
        app.UseMiddleware<IdempotencyMiddleware>();
        app.UseAuthorization();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/openapi/v1.json", "Ledger API v1");
            options.RoutePrefix = "docs";
            options.DocumentTitle = "Ledger API";
        });
        return app;
    }

    private static void AddLogging(this WebApplicationBuilder builder)
    {
        // Serilog.AspNetCore is not installable here: plug Serilog in as the logging provider directly.
        var configuration = new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext();
        if (builder.Configuration["Ledger:LogFormat"] == "json") configuration.WriteTo.Console(new JsonFormatter(renderMessage: true));
        else configuration.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
        if (builder.Configuration["Ledger:LogFile"] is { Length: > 0 } logFile)
            configuration.WriteTo.File(new JsonFormatter(renderMessage: true), logFile);
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(configuration.CreateLogger(), dispose: true);
    }

    private static void AddTelemetry(this WebApplicationBuilder builder)
    {
        // OpenTelemetry.Extensions.Hosting is not installable here: build the providers and own them as singletons.
        // Without an OTLP endpoint nothing would receive the data, so no provider listens and no activity is created
        // (the instruments still exist; any MeterListener, e.g. dotnet-counters, can read them).
        var otlp = Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (string.IsNullOrEmpty(otlp)) return;
        builder.Services.AddSingleton(_ => Sdk.CreateTracerProviderBuilder()
            .AddSource(LedgerTelemetry.Name, "Microsoft.AspNetCore", "Npgsql")
            .AddOtlpExporter()
            .Build()!);
        builder.Services.AddSingleton(_ => Sdk.CreateMeterProviderBuilder()
            .AddMeter(LedgerTelemetry.Name, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Npgsql")
            .AddOtlpExporter()
            .Build()!);
        builder.Services.AddHostedService<TelemetryStarter>();
    }

    /// <summary>Resolves the providers at start so that they listen from the first request on.</summary>
    private sealed class TelemetryStarter(TracerProvider tracer, MeterProvider meter) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            tracer.ForceFlush(1000);
            meter.ForceFlush(1000);
            return Task.CompletedTask;
        }
    }
}
