namespace CxBot.Features.Checkins;

/// <summary>
/// When a team's shift ends on a local date, in its time zone. A shift end that does not exist that day (clocks go forward
/// across it) moves forward by the gap (01:30 becomes 02:30); one that happens twice (clocks go back) is the first of the two.
/// </summary>
internal static class CheckinSchedule
{
    public static TimeZoneInfo Zone(string? timeZone) =>
        timeZone is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    public static DateOnly LocalDate(TimeZoneInfo zone, DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);

    public static TimeOnly LocalTime(TimeZoneInfo zone, DateTimeOffset now) => TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);

    /// <summary>The instant the local wall clock shows <paramref name="time"/> on <paramref name="date"/>, by the rule above.</summary>
    public static DateTimeOffset At(TimeZoneInfo zone, DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsAmbiguousTime(local))
        {
            // Clocks went back: the larger offset is the earlier instant.
            return new DateTimeOffset(local, zone.GetAmbiguousTimeOffsets(local).Max());
        }

        if (zone.IsInvalidTime(local))
        {
            // Clocks went forward: read it with the offset in force before the gap, which lands after it by the gap's length.
            return new DateTimeOffset(local, zone.GetUtcOffset(local.AddDays(-1)));
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
