using System.Globalization;

namespace CxBot.Features.Setup;

/// <summary>
/// The time zones and currencies setup offers as lists (never typed): the IANA zones this system knows that have a Windows
/// equivalent, labelled "(UTC+01:00) Europe/Paris", and the ISO 4217 currencies of the world's regions, labelled
/// "EUR – Euro". The server accepts only a listed value (or the one already stored, so an older setup can be saved unchanged).
/// </summary>
internal static class SetupChoices
{
    private static readonly Lazy<IReadOnlyList<Choice>> Zones = new(LoadZones);
    private static readonly Lazy<IReadOnlyList<Choice>> Money = new(LoadCurrencies);

    public const string PickTimeZone = "Pick a time zone from the list.";
    public const string PickCurrency = "Pick a currency from the list.";

    public static IReadOnlyList<Choice> TimeZones => Zones.Value;

    public static IReadOnlyList<Choice> Currencies => Money.Value;

    public static bool IsListedTimeZone(string? id) => id is not null && TimeZones.Any(z => z.Value == id);

    public static bool IsListedCurrency(string? code) => code is not null && Currencies.Any(c => c.Value == code);

    /// <summary>The list with <paramref name="current"/> in it: a stored zone the list lacks (an older setup's) stays pickable.</summary>
    public static IReadOnlyList<Choice> TimeZonesWith(string? current) =>
        current is null || IsListedTimeZone(current) || !SetupRules.IsTimeZone(current) ? TimeZones : [Zone(TimeZoneInfo.FindSystemTimeZoneById(current)), .. TimeZones];

    public static IReadOnlyList<Choice> CurrenciesWith(string? current) =>
        current is null || IsListedCurrency(current) || current.Length != 3 || !current.All(char.IsAsciiLetterUpper) ? Currencies : [new(current, current), .. Currencies];

    /// <summary>"(UTC+01:00) Europe/Paris" for a zone id, or the id itself when this system does not know it.</summary>
    public static string TimeZoneLabel(string id) => TimeZones.FirstOrDefault(z => z.Value == id)?.Title ?? id;

    private static List<Choice> LoadZones()
    {
        var zones = TimeZoneInfo.GetSystemTimeZones().Where(z => z.Id != "UTC" && SetupRules.IsTimeZone(z.Id))
            .OrderBy(z => z.BaseUtcOffset).ThenBy(z => z.Id, StringComparer.Ordinal).Select(Zone).ToList();
        zones.Insert(zones.FindIndex(z => z.Title.StartsWith("(UTC+", StringComparison.Ordinal)) is var i and >= 0 ? i : zones.Count, new Choice("(UTC) Coordinated Universal Time", "UTC"));
        return zones;
    }

    private static Choice Zone(TimeZoneInfo zone)
    {
        var offset = zone.BaseUtcOffset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return new Choice($"(UTC{sign}{offset.Duration():hh\\:mm}) {zone.Id.Replace('_', ' ')}", zone.Id);
    }

    private static List<Choice> LoadCurrencies()
    {
        var byCode = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            RegionInfo region;
            try
            {
                region = new RegionInfo(culture.Name);
            }
            catch (ArgumentException)
            {
                continue; // A culture with no region of its own.
            }

            var code = region.ISOCurrencySymbol;
            if (code.Length == 3 && code.All(char.IsAsciiLetterUpper) && !byCode.ContainsKey(code) && !string.IsNullOrWhiteSpace(region.CurrencyEnglishName))
            {
                byCode[code] = region.CurrencyEnglishName;
            }
        }

        return [.. byCode.Select(c => new Choice($"{c.Key} – {c.Value}", c.Key))];
    }
}
