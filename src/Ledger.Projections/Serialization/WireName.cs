using System.Text.Json;

namespace Ledger.Projections.Serialization;

/// <summary>
/// The name an enum value has outside the process: camelCase, as the API's JSON writes it. Read models store it, reports
/// and pilots key their figures by it, and valuation labels subtypes with it: one spelling everywhere.
/// </summary>
public static class WireName
{
    public static string Of<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
