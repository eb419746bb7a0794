namespace Ledger.Projections.Demo;

/// <summary>
/// The size of a streamed history. The fixed part — roster, day-one initiatives and the calendar — depends only on the
/// number of conversations; the rest of <c>targetEvents</c> is the conversations' budget, which they spend exactly (see
/// <see cref="DemoHistory"/>), so the history has exactly <c>max(targetEvents, FixedEvents)</c> events.
/// </summary>
/// <param name="TimeScale">
/// What the gaps inside a conversation are multiplied by (≤ 1) so that about <see cref="ActiveWindow"/> conversations are
/// open at once at busy times, whatever the size: conversations last days up to ~75k events, then hours (about one at
/// 10M events).
/// The active window is what bounds the generator's memory; openings stay spread over the working days of one year.
/// </param>
internal sealed record DemoPlan(long Conversations, int Staff, int Externals, int Moves, long FixedEvents, long ConversationEvents, double TimeScale)
{
    public const int ActiveWindow = 500;

    /// <summary>The budget each conversation gets on average: an opening, 4–5 interactions, mostly a close, some corrections.</summary>
    public const double EventsPerConversation = 6.5;

    /// <summary>How long an uncompressed conversation stays open on average (measured over the generated plans).</summary>
    public const double LifetimeHours = 120;

    private const double OfficeHoursPerYear = 261 * 10;

    /// <summary>The initiatives launched on day one (the others are on the calendar).</summary>
    public static readonly int DayOneLaunches = DemoCalendar.Initiatives.Count(i => i.LaunchMonth == 0);

    public static DemoPlan For(long targetEvents)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(targetEvents);
        long conversations = 0;
        for (var round = 0; round < 4; round++)
            conversations = (long)(Math.Max(0, targetEvents - Fixed(conversations)) / EventsPerConversation);
        var fixedEvents = Fixed(conversations);
        var budget = Math.Max(0, targetEvents - fixedEvents);
        if (budget > 0) conversations = Math.Max(1, conversations);
        var staff = StaffFor(conversations);
        // Conversations open in office hours (about 261 days × 10 hours a year): that rate, not the yearly average, sets the peak.
        var scale = conversations == 0 ? 1 : Math.Min(1, ActiveWindow * OfficeHoursPerYear / (conversations * LifetimeHours));
        return new DemoPlan(conversations, staff, ExternalsFor(conversations), MovesFor(staff), fixedEvents, budget, scale);
    }

    /// <summary>As <see cref="DemoCompany.Generate"/>: one colleague per 400 conversations and one counterpart per 20.</summary>
    private static int StaffFor(long conversations) => (int)Math.Max(24, conversations / 400);

    private static int ExternalsFor(long conversations) => (int)Math.Max(60, conversations / 20);

    private static int MovesFor(int staff) => Math.Min(staff / 12, 48);

    private static long Fixed(long conversations)
    {
        var staff = StaffFor(conversations);
        return staff + ExternalsFor(conversations) + DayOneLaunches + DemoCalendar.Build(DateTimeOffset.UnixEpoch, staff, MovesFor(staff)).Count;
    }
}
