using System.Globalization;

namespace CxBot.Cards;

/// <summary>Weeks named by ISO week ("2026-W47"), as cards carry and show them: Monday to Sunday, the name of the week's Monday.</summary>
public static class IsoWeeks
{
    /// <summary>The Monday of the week <paramref name="day"/> falls in.</summary>
    public static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>"2026-W47": the ISO year and week of <paramref name="monday"/>.</summary>
    public static string Label(DateOnly monday)
    {
        var day = monday.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(day):D4}-W{ISOWeek.GetWeekOfYear(day):D2}");
    }

    /// <summary>Reads "2026-W47" (or "2026-w47") as the week's Monday; false for anything else, and for years outside 2000–2999.</summary>
    public static bool TryParse(string? text, out DateOnly monday)
    {
        monday = default;
        if (text is not { Length: 8 } || text[4] != '-' || (text[5] != 'W' && text[5] != 'w')
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var week)
            || year is < 2000 or > 2999 || week < 1 || week > ISOWeek.GetWeeksInYear(year))
        {
            return false;
        }

        monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
        return true;
    }
}
