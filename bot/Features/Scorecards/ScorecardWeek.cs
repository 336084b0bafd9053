using CxBot.Cards;

namespace CxBot.Features.Scorecards;

/// <summary>
/// Scorecard weeks: Monday to Sunday in a team's time zone, named by ISO week ("2026-W47"). A week's bounds are the UTC
/// instants of its local Monday midnights, so a 23- or 25-hour day (daylight saving) belongs wholly to its week.
/// </summary>
internal static class ScorecardWeek
{
    public static DateOnly MondayOf(DateOnly day) => IsoWeeks.MondayOf(day);

    /// <summary>The local Monday of the week <paramref name="at"/> falls in, in <paramref name="zone"/>.</summary>
    public static DateOnly MondayOf(DateTimeOffset at, TimeZoneInfo zone) => MondayOf(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime));

    public static string Label(DateOnly monday) => IsoWeeks.Label(monday);

    /// <summary>Reads "2026-W47" (the week's Monday); false for anything else.</summary>
    public static bool TryParse(string? text, out DateOnly monday) => IsoWeeks.TryParse(text, out monday);

    /// <summary>The UTC instant the local day <paramref name="day"/> starts in <paramref name="zone"/> (the first valid local time when midnight is skipped).</summary>
    public static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The week's bounds: [start, end) in UTC.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Bounds(DateOnly monday, TimeZoneInfo zone) => (StartOf(monday, zone), StartOf(monday.AddDays(7), zone));

    /// <summary>An instant as people read it in the zone, naming the zone: "Mon 2 Nov 08:01 London time", "Tue 8 Dec 10:04 UTC".</summary>
    public static string AsOfText(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone).ToString("ddd d MMM HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var city = zone.Id.Contains('/', StringComparison.Ordinal) ? zone.Id[(zone.Id.LastIndexOf('/') + 1)..].Replace('_', ' ') + " time" : zone.Id;
        return $"{local} {city}";
    }

    public static TimeZoneInfo Zone(string? id) => id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
