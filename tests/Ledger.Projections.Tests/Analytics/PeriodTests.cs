using Ledger.Projections.Analytics;

namespace Ledger.Projections.Tests.Analytics;

public class PeriodTests
{
    [Theory]
    [InlineData("2026-11-24", "2026-11-24", "2026-W48", "2026-11", "2026-Q4")]
    [InlineData("2026-12-31", "2026-12-31", "2026-W53", "2026-12", "2026-Q4")] // a Thursday: 2026 has 53 ISO weeks
    [InlineData("2027-01-01", "2027-01-01", "2026-W53", "2027-01", "2027-Q1")] // Friday of the last week of 2026
    [InlineData("2027-01-03", "2027-01-03", "2026-W53", "2027-01", "2027-Q1")] // Sunday ends that week
    [InlineData("2027-01-04", "2027-01-04", "2027-W01", "2027-01", "2027-Q1")] // Monday starts week 1
    [InlineData("2024-12-30", "2024-12-30", "2025-W01", "2024-12", "2024-Q4")] // Monday of 2025's week 1
    [InlineData("2026-01-01", "2026-01-01", "2026-W01", "2026-01", "2026-Q1")] // a Thursday, so in week 1
    [InlineData("2021-01-03", "2021-01-03", "2020-W53", "2021-01", "2021-Q1")]
    [InlineData("2026-06-30", "2026-06-30", "2026-W27", "2026-06", "2026-Q2")]
    [InlineData("2026-07-01", "2026-07-01", "2026-W27", "2026-07", "2026-Q3")]
    public void Keys_use_iso_weeks_calendar_months_and_quarters(string date, string day, string week, string month, string quarter)
    {
        var at = DateTimeOffset.Parse(date + "T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        Period.Key(at, PeriodGranularity.Day).ShouldBe(day);
        Period.Key(at, PeriodGranularity.Week).ShouldBe(week);
        Period.Key(at, PeriodGranularity.Month).ShouldBe(month);
        Period.Key(at, PeriodGranularity.Quarter).ShouldBe(quarter);
    }

    [Fact]
    public void A_period_and_its_first_day_have_the_same_key_for_every_day_of_eight_years()
    {
        // Reports group by a period's first day and name the group by that day's key: the two must never disagree.
        for (var date = new DateOnly(2020, 1, 1); date < new DateOnly(2028, 1, 1); date = date.AddDays(1))
        {
            foreach (var granularity in Enum.GetValues<PeriodGranularity>())
            {
                var start = Period.Start(date, granularity);
                start.ShouldBeLessThanOrEqualTo(date);
                Period.Key(start, granularity).ShouldBe(Period.Key(date, granularity), $"{date} by {granularity}");
                if (start > DateOnly.MinValue) Period.Key(start.AddDays(-1), granularity).ShouldNotBe(Period.Key(date, granularity), "the day before the start is another period");
            }
        }
    }

    [Fact]
    public void Instants_are_bucketed_by_their_utc_date()
    {
        // 23:30 at UTC−2 on New Year's Eve is already 2027 in UTC; 00:30 at UTC+2 on 1 January is still 2026.
        var late = new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.FromHours(-2));
        Period.Key(late, PeriodGranularity.Day).ShouldBe("2027-01-01");
        Period.Key(late, PeriodGranularity.Quarter).ShouldBe("2027-Q1");
        var early = new DateTimeOffset(2027, 1, 1, 0, 30, 0, TimeSpan.FromHours(2));
        Period.Key(early, PeriodGranularity.Month).ShouldBe("2026-12");
        Period.UtcDate(early).ShouldBe(new DateOnly(2026, 12, 31));
    }

    [Fact]
    public void Periods_start_on_their_first_day_and_weeks_on_monday()
    {
        var date = new DateOnly(2027, 1, 1);
        Period.Start(date, PeriodGranularity.Day).ShouldBe(date);
        Period.Start(date, PeriodGranularity.Week).ShouldBe(new DateOnly(2026, 12, 28));
        Period.Start(new DateOnly(2026, 11, 29), PeriodGranularity.Week).ShouldBe(new DateOnly(2026, 11, 23)); // a Sunday
        Period.Start(new DateOnly(2026, 11, 23), PeriodGranularity.Week).ShouldBe(new DateOnly(2026, 11, 23)); // a Monday
        Period.Start(new DateOnly(2026, 11, 24), PeriodGranularity.Month).ShouldBe(new DateOnly(2026, 11, 1));
        Period.Start(new DateOnly(2026, 11, 24), PeriodGranularity.Quarter).ShouldBe(new DateOnly(2026, 10, 1));
    }
}
