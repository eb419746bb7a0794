using System.Globalization;

namespace Ledger.Projections.Analytics;

public enum PeriodGranularity
{
    Day,

    /// <summary>ISO 8601 week: Monday to Sunday, week 1 holds the year's first Thursday.</summary>
    Week,
    Month,
    Quarter,
}

/// <summary>Buckets instants into report periods, always by their UTC calendar date.</summary>
public static class Period
{
    /// <summary>The UTC calendar date of an instant (2026-11-24T23:30-02:00 is 2026-11-25).</summary>
    public static DateOnly UtcDate(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    /// <summary>
    /// The period key: day <c>2026-11-24</c>, ISO week <c>2026-W48</c> (the ISO week-numbering year, so
    /// 2027-01-01 is <c>2026-W53</c> and 2024-12-30 is <c>2025-W01</c>), month <c>2026-11</c>, quarter <c>2026-Q4</c>.
    /// Keys of one granularity sort chronologically as strings.
    /// </summary>
    public static string Key(DateTimeOffset at, PeriodGranularity granularity) => Key(UtcDate(at), granularity);

    /// <inheritdoc cref="Key(DateTimeOffset, PeriodGranularity)"/>
    public static string Key(DateOnly date, PeriodGranularity granularity)
    {
        var inv = CultureInfo.InvariantCulture;
        return granularity switch
        {
            PeriodGranularity.Day => date.ToString("yyyy-MM-dd", inv),
            PeriodGranularity.Week => string.Create(inv, $"{ISOWeek.GetYear(ToDateTime(date)):D4}-W{ISOWeek.GetWeekOfYear(ToDateTime(date)):D2}"),
            PeriodGranularity.Month => date.ToString("yyyy-MM", inv),
            PeriodGranularity.Quarter => string.Create(inv, $"{date.Year:D4}-Q{((date.Month - 1) / 3) + 1}"),
            _ => throw new ArgumentOutOfRangeException(nameof(granularity), granularity, "Unknown granularity."),
        };
    }

    /// <summary>The first day of the period holding <paramref name="date"/> (a Monday for weeks).</summary>
    public static DateOnly Start(DateOnly date, PeriodGranularity granularity) => granularity switch
    {
        PeriodGranularity.Day => date,
        PeriodGranularity.Week => date.AddDays(-(((int)date.DayOfWeek + 6) % 7)),
        PeriodGranularity.Month => new DateOnly(date.Year, date.Month, 1),
        PeriodGranularity.Quarter => new DateOnly(date.Year, (((date.Month - 1) / 3) * 3) + 1, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(granularity), granularity, "Unknown granularity."),
    };

    private static DateTime ToDateTime(DateOnly date) => date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
}
