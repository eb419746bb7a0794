namespace Ledger.Projections.Demo;

/// <summary>Something the streamed company does on a date rather than in a conversation; each gives exactly one event.</summary>
internal abstract record CalendarItem(DateTimeOffset At);

internal sealed record LaunchItem(DateTimeOffset At, int Initiative) : CalendarItem(At);

internal sealed record CostItem(DateTimeOffset At, int Initiative, int Month) : CalendarItem(At);

internal sealed record EndItem(DateTimeOffset At, int Initiative) : CalendarItem(At);

internal sealed record MoveItem(DateTimeOffset At, int Staff, int Desk) : CalendarItem(At);

internal sealed record SnapshotItem(DateTimeOffset At, int Number, string Report, string? By) : CalendarItem(At);

/// <param name="Snapshots">Numbers of the report snapshots the decision cites.</param>
/// <param name="Decisions">Numbers of earlier decisions it cites.</param>
/// <param name="Interactions">How many recent interactions it cites (from the citation pool).</param>
internal sealed record DecisionItem(
    DateTimeOffset At, int Number, int DecidedBy, string Title, string Rationale, int[] Snapshots, int[] Decisions, int Interactions, int? Supersedes)
    : CalendarItem(At);

internal sealed record SupersedeItem(DateTimeOffset At, int Old, int New) : CalendarItem(At);

/// <summary>
/// The streamed company's year, independent of its size: four initiatives (three from day one, one launched in month 4
/// and ended in month 10) with monthly costs, colleagues changing department, a ROI snapshot at every month's end and a
/// budget review citing it, an outcomes-by-channel snapshot and a channel-strategy decision every quarter (the third
/// supersedes the second), and an attribution snapshot behind the decision to end the fourth initiative.
/// </summary>
internal static class DemoCalendar
{
    public static readonly (string Name, int OwnerDesk, string Hypothesis, int LaunchMonth, int? EndMonth)[] Initiatives =
    [
        ("Community forum", DemoRoster.Community, "A moderated forum answers support questions and turns members into advocates.", 0, null),
        ("Social engagement programme", DemoRoster.Marketing, "Engaging customers on social networks raises renewals and referrals.", 0, null),
        ("Partner enablement", DemoRoster.SalesBerlin, "Training partners brings in deals we would not reach alone.", 0, null),
        ("Supplier consolidation", DemoRoster.Logistics, "Fewer suppliers on framework contracts lower what we pay for hardware and services.", 3, 9),
    ];

    private static readonly string[] BudgetRationales =
    [
        "Forum answers keep support volume down; keep funding the programme.",
        "Partner-sourced revenue covers the enablement costs; extend the programme for another quarter.",
        "Social engagement has not moved renewals yet; hold its budget flat and review next month.",
    ];

    /// <summary>Every item of the year, in date order. The count depends only on <paramref name="moves"/>.</summary>
    public static List<CalendarItem> Build(DateTimeOffset start, int staff, int moves)
    {
        var items = new List<CalendarItem>();
        for (var i = 0; i < Initiatives.Length; i++)
        {
            if (Initiatives[i].LaunchMonth > 0) items.Add(new LaunchItem(start.AddMonths(Initiatives[i].LaunchMonth).AddHours(8), i));
        }
        for (var month = 0; month < 12; month++)
        {
            for (var i = 0; i < Initiatives.Length; i++)
            {
                var (_, _, _, launch, end) = Initiatives[i];
                if (month >= launch && (end is null || month < end)) items.Add(new CostItem(start.AddMonths(month).AddHours(9).AddMinutes(i), i, month));
            }
        }
        var stride = Math.Max(1, (staff - DemoRoster.Desks.Length) / Math.Max(1, moves));
        for (var j = 0; j < moves; j++)
        {
            // Colleagues beyond the first desks move once each, to another desk (another department or office).
            var colleague = DemoRoster.Desks.Length + j * stride;
            var desk = (DemoRoster.InitialDesk(colleague) + 1 + j % 5) % DemoRoster.Desks.Length;
            items.Add(new MoveItem(start.AddDays(14 + j * 330 / moves).AddHours(9), colleague, desk));
        }
        for (var month = 0; month < 12; month++)
        {
            var end = start.AddMonths(month + 1);
            items.Add(new SnapshotItem(end.AddHours(-7), month, "roi", null));
            items.Add(new DecisionItem(end.AddDays(2).AddHours(10), month, DemoRoster.Finance, $"Budget review, month {month + 1}",
                BudgetRationales[month % BudgetRationales.Length], [month], month > 0 ? [month - 1] : [], 3, null));
            if (month % 3 != 2) continue;
            var quarter = month / 3;
            items.Add(new SnapshotItem(end.AddHours(-6.5), 12 + quarter, "outcomes", "channel"));
            // The third quarter's strategy replaces the second's (decision 13).
            int? supersedes = quarter == 2 ? 12 + 1 : null;
            items.Add(new DecisionItem(end.AddDays(4).AddHours(11), 12 + quarter, DemoRoster.Management, $"Channel strategy Q{quarter + 1}",
                "Forum and chat resolve most community questions at a fraction of a call's cost; route first-line answers there.",
                [12 + quarter, month], [], 4, supersedes));
            if (supersedes is { } old) items.Add(new SupersedeItem(end.AddDays(4).AddHours(11).AddMinutes(1), old, 12 + quarter));
        }
        var windDown = start.AddMonths(9);
        items.Add(new SnapshotItem(windDown.AddDays(-3).AddHours(16), 16, "attribution", null));
        items.Add(new DecisionItem(windDown.AddHours(9), 16, DemoRoster.Management, "Wind down supplier consolidation",
            "Attribution shows little saving from the consolidated suppliers; end the initiative at the next milestone.", [16], [], 2, null));
        items.Add(new EndItem(windDown.AddHours(9).AddMinutes(5), 3));
        return [.. items.OrderBy(i => i.At)];
    }
}
