using System.Globalization;

namespace CxBot.Cards;

/// <summary>
/// The one money format people see: the currency code, then the amount with thousands separators and two decimals
/// ("GBP 1,240.50"), the same on every card (the setup holds a currency code, not a culture, so no symbol is guessed).
/// </summary>
public static class MoneyText
{
    public static string Format(decimal amount, string? currency) =>
        $"{currency} {amount.ToString("#,0.00", CultureInfo.InvariantCulture)}".Trim();
}
