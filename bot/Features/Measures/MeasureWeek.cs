using System.Globalization;
using CxBot.Cards;

namespace CxBot.Features.Measures;

/// <summary>
/// Weeks of the weekly figures: Monday to Sunday in the team's time zone, keyed by ISO week (<c>2026-W49</c>) and shown as
/// people read them ("Week 49 (30 Nov – 6 Dec)"). A manager may record this week so far and up to <see cref="WeeksBack"/> before it.
/// </summary>
internal static class MeasureWeek
{
    public const int WeeksBack = 4;

    public static DateOnly MondayOf(DateOnly day) => IsoWeeks.MondayOf(day);

    /// <summary>The local date <paramref name="at"/> falls on in the zone named <paramref name="zoneId"/> (UTC when it is unknown).</summary>
    public static DateOnly LocalDate(string? zoneId, DateTimeOffset at)
    {
        var zone = zoneId is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var z) ? z : TimeZoneInfo.Utc;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
    }

    /// <summary>"2026-W49".</summary>
    public static string Key(DateOnly monday) => IsoWeeks.Label(monday);

    /// <summary>Reads "2026-W49" (its Monday); false for anything else.</summary>
    public static bool TryParse(string? text, out DateOnly monday) => IsoWeeks.TryParse(text, out monday);

    /// <summary>"Week 49 (30 Nov – 6 Dec)", "Week 50 (7 – 13 Dec)".</summary>
    public static string Text(DateOnly monday)
    {
        var sunday = monday.AddDays(6);
        var week = ISOWeek.GetWeekOfYear(monday.ToDateTime(TimeOnly.MinValue));
        var from = monday.Month == sunday.Month ? monday.Day.ToString(CultureInfo.InvariantCulture) : monday.ToString("d MMM", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"Week {week} ({from} – {sunday.ToString("d MMM", CultureInfo.InvariantCulture)})");
    }

    /// <summary>"week 49 (30 Nov – 6 Dec)", inside a sentence.</summary>
    public static string InSentence(DateOnly monday) => "w" + Text(monday)[1..];

    /// <summary>The weeks that may be recorded on <paramref name="today"/>: this week first, then each week back.</summary>
    public static IReadOnlyList<DateOnly> Allowed(DateOnly today) =>
        [.. Enumerable.Range(0, WeeksBack + 1).Select(i => MondayOf(today).AddDays(-7 * i))];

    /// <summary>The week a form opens on: last week, whose figures are complete.</summary>
    public static DateOnly Default(DateOnly today) => MondayOf(today).AddDays(-7);

    /// <summary>How a week is offered in the picker: "Last week: Week 49 (30 Nov – 6 Dec)".</summary>
    public static string Choice(DateOnly monday, DateOnly today)
    {
        var back = (MondayOf(today).DayNumber - monday.DayNumber) / 7;
        var when = back switch { 0 => "This week so far", 1 => "Last week", _ => $"{back} weeks ago" };
        return $"{when}: {Text(monday)}";
    }
}
