using System.Globalization;

namespace CxBot.Features.Scorecards;

/// <summary>
/// The one money format of the scorecards: the organisation's currency code, then the amount with thousands separators and two
/// decimals ("GBP 1,240.50"), the same in every fact, site row and gap (the setup holds a currency, not a culture).
/// </summary>
internal static class ScorecardMoney
{
    public static string Format(decimal amount, string? currency) =>
        $"{currency} {amount.ToString("#,0.00", CultureInfo.InvariantCulture)}".Trim();
}
