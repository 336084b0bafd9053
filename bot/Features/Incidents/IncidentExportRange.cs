using System.Globalization;

namespace CxBot.Features.Incidents;

/// <summary>
/// The export's date range (UTC days, both ends included), checked on the server: real dates, from ≤ to, at most
/// <see cref="MaxDays"/> days, none before <see cref="FirstDay"/> nor after tomorrow (UTC, so a team ahead of UTC can pick its today).
/// </summary>
internal sealed record IncidentExportRange(DateOnly From, DateOnly To)
{
    public const int MaxDays = 366;
    public const int DefaultDays = 30;
    public const string Format = "yyyy-MM-dd";

    /// <summary>No incident is older: the first day an export may start on (and the week arithmetic stays far from the calendar's ends).</summary>
    public static readonly DateOnly FirstDay = new(2000, 1, 1);

    public const string Invalid = "Pick a first and a last day between 1 January 2000 and today, the first on or before the last, at most 366 days apart.";

    /// <summary>The first instant of <see cref="From"/>, UTC.</summary>
    public DateTimeOffset Start => new(From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The first instant after <see cref="To"/>, UTC.</summary>
    public DateTimeOffset End => new(To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public static string Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime).ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>
    /// The range, or null when either end is missing or not a date, from is after to, it spans more than <see cref="MaxDays"/> days,
    /// starts before <see cref="FirstDay"/> or ends after the day after <paramref name="now"/> (UTC).
    /// </summary>
    public static IncidentExportRange? Parse(string? from, string? to, DateTimeOffset now) =>
        DateOnly.TryParseExact(from, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var f)
        && DateOnly.TryParseExact(to, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
        && f <= t && t.DayNumber - f.DayNumber < MaxDays
        && f >= FirstDay && t <= DateOnly.FromDateTime(now.UtcDateTime).AddDays(1)
            ? new IncidentExportRange(f, t)
            : null;
}
