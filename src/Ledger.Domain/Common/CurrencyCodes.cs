using System.Collections.Frozen;

namespace Ledger.Domain.Common;

/// <summary>
/// Active ISO 4217 alphabetic codes that denote money: national currencies and fund codes.
/// Precious metals (XAU, XAG, XPT, XPD), bond-market units (XBA-XBD), XDR/XSU/XUA, the test code XTS and
/// the no-currency code XXX are deliberately absent: they never price a business transaction.
/// Codes in their transition period (ANG alongside XCG, BGN after the euro switch) are kept so that
/// historical imports still validate.
/// </summary>
public static class CurrencyCodes
{
    private const string Codes =
        "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP " +
        "BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR " +
        "FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES " +
        "KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR " +
        "MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF " +
        "SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS " +
        "UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG";

    private static readonly FrozenSet<string> Known =
        Codes.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);

    public static IReadOnlyCollection<string> All => Known;

    /// <summary>Exact match on three upper-case letters; call <see cref="Normalise"/> first to accept "eur".</summary>
    public static bool IsKnown(string? code) => code is { Length: 3 } && Known.Contains(code);

    public static string Normalise(string? code) => (code ?? "").Trim().ToUpperInvariant();

    /// <summary>Decimals of a currency's minor unit when it has no entry in the table: 2.</summary>
    public const int DefaultMinorUnits = 2;

    // ISO 4217 minor units that differ from 2 (active codes only).
    private static readonly FrozenDictionary<string, int> MinorUnitExceptions = new Dictionary<string, int>
    {
        ["BIF"] = 0, ["CLP"] = 0, ["DJF"] = 0, ["GNF"] = 0, ["ISK"] = 0, ["JPY"] = 0, ["KMF"] = 0, ["KRW"] = 0,
        ["PYG"] = 0, ["RWF"] = 0, ["UGX"] = 0, ["UYI"] = 0, ["VND"] = 0, ["VUV"] = 0, ["XAF"] = 0, ["XOF"] = 0,
        ["XPF"] = 0,
        ["BHD"] = 3, ["IQD"] = 3, ["JOD"] = 3, ["KWD"] = 3, ["LYD"] = 3, ["OMR"] = 3, ["TND"] = 3,
        ["CLF"] = 4, ["UYW"] = 4,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Decimals of the currency's minor unit (EUR 2, JPY 0, KWD 3); 2 when not in the table.</summary>
    public static int MinorUnits(string? currency) =>
        MinorUnitExceptions.TryGetValue(Normalise(currency), out var units) ? units : DefaultMinorUnits;
}
