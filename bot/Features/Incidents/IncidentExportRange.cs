using System.Globalization;

namespace CxBot.Features.Incidents;

/// <summary>The export's date range (UTC days, both ends included), checked on the server: real dates, from ≤ to, at most <see cref="MaxDays"/> days.</summary>
internal sealed record IncidentExportRange(DateOnly From, DateOnly To)
{
    public const int MaxDays = 366;
    public const int DefaultDays = 30;
    public const string Format = "yyyy-MM-dd";

    public const string Invalid = "Pick a first and a last day (the first on or before the last), at most 366 days apart.";

    /// <summary>The first instant of <see cref="From"/>, UTC.</summary>
    public DateTimeOffset Start => new(From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The first instant after <see cref="To"/>, UTC.</summary>
    public DateTimeOffset End => new(To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public static string Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime).ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>The range, or null when either end is missing or not a date, from is after to, or it spans more than <see cref="MaxDays"/> days.</summary>
    public static IncidentExportRange? Parse(string? from, string? to) =>
        DateOnly.TryParseExact(from, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var f)
        && DateOnly.TryParseExact(to, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
        && f <= t && t.DayNumber - f.DayNumber < MaxDays
            ? new IncidentExportRange(f, t)
            : null;
}
