using System.Globalization;
using System.Text;
using Ledger.Api.Hosting;
using Ledger.Api.Security;
using Ledger.Domain;
using Ledger.Projections.Analytics;
using Ledger.Projections.Reports;
using Ledger.Projections.Serialization;

namespace Ledger.Api.Reports;

/// <summary>Outcome metrics and ROI per initiative, as of any position or time, with drill-down and CSV.</summary>
public static class ReportsApi
{
    public sealed record OutcomesResponse(long AsOfPosition, string Currency, int ValuationModelVersion, string Period, IReadOnlyList<OutcomeRow> Rows);

    public sealed record RoiResponse(long AsOfPosition, string Currency, int ValuationModelVersion, IReadOnlyList<InitiativeRoi> Initiatives);

    public static RouteGroupBuilder MapReportsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/reports").WithTags("Reports");
        group.MapGet("/outcomes", Outcomes).Admits(Roles.Reports)
            .WithSummary("Count and value by transaction kind × initiative/channel/department × period; asOf=position or at=time; format=csv");
        group.MapGet("/outcomes/drilldown", DrillDownEndpoint.DrillDown).Admits(Roles.Reports)
            .WithSummary("The events behind one figure: an outcome figure (periodKey, kind), a relationship figure (participant, counterpart) or an initiative's curve point (initiative, through); their values or weights sum to it");
        group.MapGet("/roi", RoiReport).Admits(Roles.Reports)
            .WithSummary("ROI per initiative: costs, gain, value by kind, ROI, payback, cumulative curve; asOf=position or at=time; format=csv");
        group.MapGet("/attribution", AttributionReportEndpoint).Admits(Roles.Reports)
            .WithSummary("Revenue attributed to preceding conversations and initiatives: model=firstTouch|lastTouch|linear|timeDecay|positionBased, halfLifeDays, lookbackDays; format=csv");
        group.MapGet("/relationships", Relationships).Admits(Roles.Reports)
            .WithSummary("Who transacts with whom: weighted edges by kind, cross-department connectivity, counterparts' relationship levels and their history; format=csv");
        return group;
    }

    public sealed record AttributionResponse(long AsOfPosition, string Model, int LookbackDays, decimal Revenue, bool Reconciles, AttributionResult Result);

    public sealed record RelationshipsResponse(long AsOfPosition, RelationshipMapReport Map);

    public static async Task<IResult> AttributionReportEndpoint(
        long? asOf, DateTimeOffset? at, string? model, double? halfLifeDays, int? lookbackDays, string? format, ReportContext reports, CancellationToken cancellationToken)
    {
        var attributionModel = (model ?? "linear").ToLowerInvariant() switch
        {
            "firsttouch" or "first-touch" => AttributionModel.FirstTouch,
            "lasttouch" or "last-touch" => AttributionModel.LastTouch,
            "linear" => AttributionModel.Linear,
            "positionbased" or "position-based" => AttributionModel.PositionBased,
            "timedecay" or "time-decay" => halfLifeDays is > 0 and <= 3650
                ? AttributionModel.TimeDecay(TimeSpan.FromDays(halfLifeDays.Value))
                : throw new ClientInputException("halfLifeDays", "timeDecay needs halfLifeDays between 0 and 3650 (exclusive of 0).", "invalid_half_life"),
            _ => throw new ClientInputException("model", "model must be firstTouch, lastTouch, linear, timeDecay or positionBased.", "unknown_model"),
        };
        var lookback = lookbackDays ?? 90;
        if (lookback is < 1 or > 3650) throw new ClientInputException("lookbackDays", "lookbackDays must be between 1 and 3650.", "invalid_lookback");
        var (data, _, rates) = await reports.LoadAsync(asOf, at, cancellationToken);
        var result = Valued(() => Ledger.Projections.Reports.AttributionReport.Compute(data, rates, attributionModel, TimeSpan.FromDays(lookback)));
        var revenue = Valued(() => Ledger.Projections.Reports.AttributionReport.MonetaryRevenue(data, rates));
        if (IsCsv(format))
            return Csv("attribution", ["outcomeInteraction", "counterpart", "outcomeAmount", "touchInteraction", "conversation", "initiative", "amount"],
                result.Outcomes.SelectMany(o => o.Shares.Count == 0
                    ? [new object?[] { o.Outcome.InteractionId, o.Outcome.CounterpartId, o.Amount, null, null, null, o.Unattributed }]
                    : o.Shares.Select(sh => new object?[] { o.Outcome.InteractionId, o.Outcome.CounterpartId, o.Amount, sh.InteractionId, sh.ConversationId, sh.InitiativeId, sh.Amount })));
        return TypedResults.Ok(new AttributionResponse(data.AsOfPosition, attributionModel.ToString() ?? "", lookback, revenue, result.Total == revenue, result));
    }

    public static async Task<IResult> Relationships(long? asOf, DateTimeOffset? at, string? format, ReportContext reports, CancellationToken cancellationToken)
    {
        var (data, _, _) = await reports.LoadAsync(asOf, at, cancellationToken);
        var map = RelationshipMap.Compute(data);
        if (IsCsv(format))
            return Csv("relationships", ["a", "b", "weight", "monetary", "informational", "logistical", "emotional", "crossDepartment", "internalExternal"],
                map.Edges.Select(e => new object?[]
                {
                    e.A, e.B, e.Weight, e.ByKind.GetValueOrDefault(TransactionKind.Monetary), e.ByKind.GetValueOrDefault(TransactionKind.Informational),
                    e.ByKind.GetValueOrDefault(TransactionKind.Logistical), e.ByKind.GetValueOrDefault(TransactionKind.Emotional), e.CrossDepartment, e.InternalExternal,
                }));
        return TypedResults.Ok(new RelationshipsResponse(data.AsOfPosition, map));
    }

    public static async Task<IResult> Outcomes(
        long? asOf, DateTimeOffset? at, string? period, string? by, string? format, ReportContext reports, CancellationToken cancellationToken)
    {
        var granularity = ParsePeriod(period);
        var dimensions = ParseDimensions(by);
        var (data, model, rates) = await reports.LoadAsync(asOf, at, cancellationToken);
        var rows = Valued(() => OutcomeReport.Compute(data.Facts, model, rates, granularity, dimensions));
        if (IsCsv(format))
            return Csv("outcomes", ["period", "kind", "initiative", "channel", "department", "count", "gain", "cost", "value", "currency"],
                rows.Select(r => new object?[] { r.Period, WireName.Of(r.Kind), r.InitiativeId, r.Channel, r.Department, r.Count, r.Gain, r.Cost, r.Value, r.Currency }));
        return TypedResults.Ok(new OutcomesResponse(data.AsOfPosition, model.ReportingCurrency, model.Version, WireName.Of(granularity), rows));
    }

    public static async Task<IResult> RoiReport(long? asOf, DateTimeOffset? at, string? format, ReportContext reports, CancellationToken cancellationToken)
    {
        var roi = await ValuedAsync(() => reports.RoiAsync(asOf, at, cancellationToken));
        var initiatives = roi.Initiatives;
        if (IsCsv(format))
            return Csv("roi", ["initiative", "name", "currency", "cost", "monetaryGain", "informationalValue", "logisticalValue", "emotionalValue", "totalValue", "monetaryRoi", "totalRoi", "paybackDate"],
                initiatives.Select(i => new object?[]
                {
                    i.InitiativeId, i.Name, i.Roi.Currency, i.Roi.Cost, i.Roi.MonetaryGain, i.Roi.InformationalValue, i.Roi.LogisticalValue,
                    i.Roi.EmotionalValue, i.Roi.TotalValue, i.Roi.MonetaryRoi, i.Roi.TotalRoi, i.Roi.PaybackDate,
                }));
        return TypedResults.Ok(new RoiResponse(roi.AsOfPosition, roi.Model.ReportingCurrency, roi.Model.Version, initiatives));
    }

    /// <summary>A missing conversion rate is a configuration gap finance can fix: say which rate is missing (422).</summary>
    internal static T Valued<T>(Func<T> compute)
    {
        try
        {
            return compute();
        }
        catch (MissingConversionRateException ex)
        {
            throw MissingRate(ex);
        }
    }

    /// <inheritdoc cref="Valued{T}(Func{T})"/>
    private static async Task<T> ValuedAsync<T>(Func<Task<T>> compute)
    {
        try
        {
            return await compute();
        }
        catch (MissingConversionRateException ex)
        {
            throw MissingRate(ex);
        }
    }

    private static ClientInputException MissingRate(MissingConversionRateException ex) =>
        new("conversionRates", $"{ex.Message} Record the rate with POST /api/conversion-rates.", "missing_conversion_rate");

    internal static PeriodGranularity ParsePeriod(string? period) =>
        (period ?? "month").ToLowerInvariant() switch
        {
            "day" => PeriodGranularity.Day,
            "week" => PeriodGranularity.Week,
            "month" => PeriodGranularity.Month,
            "quarter" => PeriodGranularity.Quarter,
            _ => throw new ClientInputException("period", "period must be day, week, month or quarter.", "unknown_period"),
        };

    internal static HashSet<OutcomeDimension> ParseDimensions(string? by)
    {
        var dimensions = new HashSet<OutcomeDimension>();
        foreach (var part in (by ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Equals("kind", StringComparison.OrdinalIgnoreCase)) continue;
            if (!Enum.TryParse<OutcomeDimension>(part, ignoreCase: true, out var dimension))
                throw new ClientInputException("by", "by lists dimensions among initiative, channel, department (kind is always included).", "unknown_dimension");
            dimensions.Add(dimension);
        }
        return dimensions;
    }

    private static bool IsCsv(string? format) =>
        format switch
        {
            null or "" or "json" => false,
            "csv" => true,
            _ => throw new ClientInputException("format", "format must be json or csv.", "unknown_format"),
        };

    private static IResult Csv(string name, string[] header, IEnumerable<object?[]> rows)
    {
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', header));
        foreach (var row in rows) csv.AppendLine(string.Join(',', row.Select(CsvField)));
        return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv", $"{name}.csv");
    }

    private static string CsvField(object? value)
    {
        var text = value switch
        {
            null => "",
            decimal d => d.ToString(CultureInfo.InvariantCulture),
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        // RFC 4180 quoting; a leading =, +, - or @ is prefixed so spreadsheets do not run it as a formula.
        if (text.Length > 0 && "=+-@".Contains(text[0], StringComparison.Ordinal) && value is string) text = "'" + text;
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }
}
