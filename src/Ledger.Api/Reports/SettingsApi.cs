using Ledger.Api.Hosting;
using Ledger.Api.Idempotency;
using Ledger.Api.Security;
using Ledger.Domain.Common;
using Ledger.EventStore;
using Ledger.Projections.Analytics;
using Ledger.Projections.Reports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ledger.Api.Reports;

/// <summary>Finance sets the valuation model and the dated conversion rates; both are recorded as events.</summary>
public static class SettingsApi
{
    public sealed record SettingRecorded(long Position);

    public static RouteGroupBuilder MapSettingsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api").WithTags("Valuation settings");
        group.MapPost("/valuation-models", SetModel).Admits(Roles.Finance).WithSummary("Set a new version of the valuation model (recorded as an event)");
        group.MapGet("/valuation-models/current", CurrentModel).Admits(Roles.Reports).WithSummary("The valuation model in force; ?asOf=position");
        group.MapPost("/conversion-rates", SetRate).Admits(Roles.Finance).WithSummary("Record a dated conversion rate into the reporting currency (an event)");
        return group;
    }

    public static async Task<Created<SettingRecorded>> SetModel(ValuationModel model, HttpContext http, LedgerDatabase database, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = model.Validate();
        if (errors.Count > 0) throw DomainException.Validation(errors[0].Code, "The valuation model is invalid.", errors);
        var (current, _) = await ReportSettings.LoadAsync(database.Store, null, cancellationToken);
        if (model.Version <= current.Version && current != ValuationModel.Default)
            throw DomainException.Conflict("stale_model_version", $"The model in force is version {current.Version}; a new model needs a higher version.");
        var result = await database.Store.AppendAsync(ReportSettings.ModelStream, ExpectedVersion.Any,
            [ReportSettings.ModelSet(model, RequestIds.For(http, "valuation-model"), new EventMetadata(http.User.Actor(), clock.GetUtcNow()))], cancellationToken);
        return TypedResults.Created("/api/valuation-models/current", new SettingRecorded(result.LastPosition));
    }

    public static async Task<Ok<ValuationModel>> CurrentModel(long? asOf, LedgerDatabase database, CancellationToken cancellationToken) =>
        TypedResults.Ok((await ReportSettings.LoadAsync(database.Store, asOf, cancellationToken)).Model);

    public static async Task<Created<SettingRecorded>> SetRate(ConversionRate rate, HttpContext http, LedgerDatabase database, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!CurrencyCodes.IsKnown(rate.Currency))
            throw DomainException.Invalid("unknown_currency", "currency", $"'{rate.Currency}' is not an active upper-case ISO 4217 code.");
        if (rate.RateToReporting <= 0)
            throw DomainException.Invalid("non_positive_rate", "rateToReporting", "The rate must be greater than zero.");
        var result = await database.Store.AppendAsync(ReportSettings.RatesStream, ExpectedVersion.Any,
            [ReportSettings.RateSet(rate, RequestIds.For(http, "conversion-rate"), new EventMetadata(http.User.Actor(), clock.GetUtcNow()))], cancellationToken);
        return TypedResults.Created("/api/conversion-rates", new SettingRecorded(result.LastPosition));
    }
}
