using Ledger.Domain;
using Ledger.Projections.Analytics;
using Ledger.Projections.Reports;
using Ledger.Projections.Transactions;

namespace Ledger.Projections.ReadModels;

/// <summary>
/// The ROI read model: per initiative and UTC day, the recorded costs and the facts in force summed per what
/// valuation distinguishes (kind, subtype, currency, unit). A fold over the transactions projection's fact rows in
/// log order: a fact adds its measure, a reversal subtracts the fact it reverses, so the totals are always those of
/// the facts in force. The totals do not depend on the valuation model or the rates; their values do, and are kept
/// per day (<see cref="RoiDay"/>) until the day or the settings change, so that a report folds again only the days
/// that changed and then runs <see cref="Roi.FromDays"/> over a few hundred days.
/// <para>
/// Why valuing a total gives exactly the sum of the facts' values: every valuation is linear in one measure —
/// amount × rate of the day, quantity × rate, rate × valence × intensity, and one model value per informational
/// fact — and <see cref="decimal"/> sums and products are exact below 28 significant digits. The measure's scale
/// (number of decimals) is part of the key, so a total carries the same scale as the facts it sums and the rounded
/// figures print the same digits (<c>10.50</c>, not <c>10.5</c>) as a computation over the facts one by one.
/// </para>
/// </summary>
public sealed class RoiTotals
{
    private readonly Dictionary<Guid, InitiativeTotals> _initiatives = [];

    /// <summary>Folds one fact row (sign +1 or −1). Facts outside any initiative are not part of an ROI.</summary>
    public void Apply(short sign, TransactionFact fact)
    {
        if (fact.InitiativeId is not { } initiative) return;
        var measure = Measure(fact);
        var on = Period.UtcDate(fact.OccurredAt);
        var key = new TotalKey(fact.Kind, fact.Subtype, fact.Currency, fact.Unit, measure.Scale);
        var (totals, day) = DayOf(initiative, on);
        if (!day.Totals.TryGetValue(key, out var total)) day.Totals[key] = total = new Total();
        if (sign < 0)
        {
            total.Measure -= measure;
            total.Count--;
        }
        else
        {
            total.Measure += measure;
            total.Count++;
        }
        // A total whose facts were all reversed is gone (and a day left empty is no longer a day of the curve).
        if (total.Count == 0) day.Totals.Remove(key);
        totals.Changed(on);
    }

    /// <summary>Folds one recorded initiative cost (costs are never reversed).</summary>
    public void Apply(CostInForce cost)
    {
        var on = Period.UtcDate(cost.IncurredAt);
        var (totals, day) = DayOf(cost.InitiativeId, on);
        day.Costs.Add(cost);
        totals.Changed(on);
    }

    /// <summary>Changes with every fact or cost folded into <paramref name="initiativeId"/>'s totals (0 before any).</summary>
    public long VersionOf(Guid initiativeId) => _initiatives.TryGetValue(initiativeId, out var totals) ? totals.Version : 0;

    /// <summary>Number of totals kept (all initiatives and days).</summary>
    public int Count => _initiatives.Values.Sum(i => i.Days.Values.Sum(d => d.Totals.Count));

    /// <summary>
    /// The ROI of one initiative under <paramref name="model"/> and <paramref name="rates"/>, which
    /// <paramref name="settings"/> identifies: days are valued again when they changed or when it changes. The same
    /// <see cref="Roi"/> fold as over the facts (<see cref="RoiDay"/>, then <see cref="Roi.FromDays"/>), fed one
    /// valued transaction per total. On an exception (a missing rate) nothing kept changes.
    /// </summary>
    public RoiReport Compute(Guid initiativeId, ValuationModel model, ConversionRates rates, int settings)
    {
        var currency = model.ReportingCurrency;
        if (!_initiatives.TryGetValue(initiativeId, out var totals)) return Roi.FromDays(currency, new Dictionary<DateOnly, RoiDay>());
        var revalue = totals.SumsUnder != settings;
        var sums = revalue ? new Dictionary<DateOnly, RoiDay>(totals.Days.Count) : totals.Sums;
        var folded = new List<(DateOnly On, RoiDay? Sums)>();
        foreach (var on in revalue ? (IEnumerable<DateOnly>)totals.Days.Keys : totals.Dirty)
        {
            var day = totals.Days.GetValueOrDefault(on);
            folded.Add((on, day is null || day.IsEmpty ? null : Fold(on, day, model, rates)));
        }
        // Everything was valued: keep it.
        foreach (var (on, daySums) in folded)
        {
            if (daySums is not null) sums[on] = daySums;
            else
            {
                sums.Remove(on);
                totals.Days.Remove(on);
            }
        }
        totals.Sums = sums;
        totals.SumsUnder = settings;
        totals.Dirty.Clear();
        return Roi.FromDays(currency, sums);
    }

    private static RoiDay Fold(DateOnly on, DayTotals day, ValuationModel model, ConversionRates rates)
    {
        var sums = new RoiDay(model.ReportingCurrency);
        foreach (var cost in day.Costs) sums.Add(RoiByInitiative.Cost(cost, rates));
        foreach (var (key, total) in day.Totals) sums.Add(Value(on, key, total, model, rates));
        return sums;
    }

    private static ValuedTransaction Value(DateOnly on, TotalKey key, Total total, ValuationModel model, ConversionRates rates)
    {
        // The total as one fact whose measure is the sum, valued by the same function as every fact.
        var fact = new TransactionFact(
            Guid.Empty, Guid.Empty, key.Kind, key.Subtype,
            Amount: key.Kind == TransactionKind.Monetary ? total.Measure : 0m, key.Currency,
            Quantity: key.Kind == TransactionKind.Logistical ? total.Measure : 1m, key.Unit,
            Valence: key.Kind == TransactionKind.Emotional ? total.Measure : 0m, Intensity: 1,
            OccurredAt: new DateTimeOffset(on.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            InitiativeId: null, Channel: "", Department: null, CounterpartId: null, SenderId: Guid.Empty, ReceiverIds: []);
        var valued = RoiByInitiative.Transaction(fact, model, rates).Transaction;
        // An informational fact is worth the model's value whatever it carries: the total is that value × the count.
        return key.Kind == TransactionKind.Informational ? valued with { Amount = valued.Amount * total.Count } : valued;
    }

    /// <summary>What a fact's value is linear in (its scale becomes part of the key).</summary>
    private static decimal Measure(TransactionFact fact) =>
        fact.Kind switch
        {
            TransactionKind.Monetary => fact.Amount,
            TransactionKind.Logistical => fact.Quantity,
            TransactionKind.Emotional => fact.Valence * fact.Intensity,
            _ => 0m,
        };

    private (InitiativeTotals Totals, DayTotals Day) DayOf(Guid initiativeId, DateOnly on)
    {
        if (!_initiatives.TryGetValue(initiativeId, out var totals)) _initiatives[initiativeId] = totals = new InitiativeTotals();
        if (!totals.Days.TryGetValue(on, out var day)) totals.Days[on] = day = new DayTotals();
        return (totals, day);
    }

    private readonly record struct TotalKey(TransactionKind Kind, string Subtype, string? Currency, string? Unit, byte Scale);

    private sealed class Total
    {
        public decimal Measure { get; set; }

        public long Count { get; set; }
    }

    private sealed class DayTotals
    {
        public Dictionary<TotalKey, Total> Totals { get; } = [];

        public List<CostInForce> Costs { get; } = [];

        public bool IsEmpty => Totals.Count == 0 && Costs.Count == 0;
    }

    private sealed class InitiativeTotals
    {
        public Dictionary<DateOnly, DayTotals> Days { get; } = [];

        /// <summary>Each day's sums under the settings <see cref="SumsUnder"/>, except the <see cref="Dirty"/> days.</summary>
        public Dictionary<DateOnly, RoiDay> Sums { get; set; } = [];

        public int SumsUnder { get; set; }

        public HashSet<DateOnly> Dirty { get; } = [];

        public long Version { get; private set; }

        public void Changed(DateOnly on)
        {
            Dirty.Add(on);
            Version++;
        }
    }
}
