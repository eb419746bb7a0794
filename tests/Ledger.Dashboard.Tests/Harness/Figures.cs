using System.Globalization;
using System.Text.Json;

namespace Ledger.Dashboard.Tests.Harness;

/// <summary>How the dashboard should show the API's numbers in the en-US browser of the tests.</summary>
public static class Figures
{
    /// <summary>€76,429.67 / -€53.80: what Intl.NumberFormat("en-US", { style: "currency", currency: "EUR" }) writes.</summary>
    public static string Euros(decimal value) =>
        (value < 0 ? "-€" : "€") + Math.Abs(value).ToString("N2", CultureInfo.InvariantCulture);

    /// <summary>A data-value attribute (the number the page received) as a decimal.</summary>
    public static decimal Parse(string? value) =>
        decimal.Parse(value ?? throw new ArgumentNullException(nameof(value)), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static IEnumerable<JsonElement> Items(this JsonElement element, string property) =>
        element.GetProperty(property).EnumerateArray();
}
