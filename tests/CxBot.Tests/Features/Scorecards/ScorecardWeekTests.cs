using System.Globalization;
using CxBot.Features.Incidents;
using CxBot.Features.Scorecards;

namespace CxBot.Tests.Features.Scorecards;

/// <summary>Weeks run Monday to Sunday in the team's time zone, daylight saving included, and incidents are filed by them.</summary>
public sealed class ScorecardWeekTests
{
    [Theory]
    [InlineData("2026-10-18T23:30:00Z", "Europe/London", "2026-10-19")] // Monday 00:30 BST: the new week, though still Sunday in UTC
    [InlineData("2026-10-25T23:30:00Z", "Europe/London", "2026-10-19")] // Sunday 23:30 GMT, the day the clocks went back
    [InlineData("2026-10-26T00:00:00Z", "Europe/London", "2026-10-26")]
    [InlineData("2026-10-25T11:30:00Z", "Pacific/Auckland", "2026-10-26")] // Monday 00:30 NZDT
    [InlineData("2026-11-02T04:30:00Z", "America/New_York", "2026-10-26")] // Sunday 23:30 EST, the day after US clocks went back
    [InlineData("2026-11-02T05:00:00Z", "America/New_York", "2026-11-02")]
    public void MondayOf_InstantNearAWeekBoundary_IsTheLocalWeek(string at, string zone, string monday) =>
        Assert.Equal(Day(monday), ScorecardWeek.MondayOf(DateTimeOffset.Parse(at, CultureInfo.InvariantCulture), TimeZoneInfo.FindSystemTimeZoneById(zone)));

    [Fact]
    public void Bounds_WeekWithTheClocksGoingBack_Is169HoursFromLocalMidnightToLocalMidnight()
    {
        var (start, end) = ScorecardWeek.Bounds(Day("2026-10-19"), TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));

        Assert.Equal((new DateTimeOffset(2026, 10, 18, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 26, 0, 0, 0, TimeSpan.Zero)), (start, end));
        Assert.Equal(TimeSpan.FromHours(169), end - start);
    }

    [Fact]
    public void StartOf_DayWhoseMidnightIsSkipped_IsTheFirstValidLocalTime()
    {
        // Chile moves its clocks forward at midnight: 2026-09-06 starts at 01:00 local.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");
        var start = ScorecardWeek.StartOf(Day("2026-09-06"), zone);

        Assert.Equal(new TimeOnly(1, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, zone).DateTime));
        Assert.Equal(Day("2026-09-06"), DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, zone).DateTime));
    }

    [Theory]
    [InlineData("2026-W47", "2026-11-16")]
    [InlineData("2026-W01", "2025-12-29")]
    [InlineData("2026-W53", "2026-12-28")]
    public void TryParse_IsoWeek_GivesItsMonday_AndLabelGivesItBack(string label, string monday)
    {
        Assert.True(ScorecardWeek.TryParse(label, out var parsed));
        Assert.Equal((Day(monday), label), (parsed, ScorecardWeek.Label(parsed)));
    }

    [Theory]
    [InlineData("2025-W53")]
    [InlineData("2026-W00")]
    [InlineData("2026W47")]
    [InlineData("")]
    public void TryParse_NotAWeek_False(string label) => Assert.False(ScorecardWeek.TryParse(label, out _));

    [Fact]
    public void IncidentWeek_SundayEveningInNewYork_FiledUnderTheLocalWeekNotTheUtcOne()
    {
        var sundayEvening = new DateTimeOffset(2026, 11, 2, 3, 0, 0, TimeSpan.Zero); // Sunday 1 Nov, 22:00 EST; Monday in UTC

        Assert.EndsWith("|2026-W44", IncidentKeys.Week("tenant", "team", sundayEvening, TimeZoneInfo.FindSystemTimeZoneById("America/New_York")), StringComparison.Ordinal);
        Assert.EndsWith("|2026-W45", IncidentKeys.Week("tenant", "team", sundayEvening, TimeZoneInfo.Utc), StringComparison.Ordinal);
    }

    private static DateOnly Day(string text) => DateOnly.Parse(text, CultureInfo.InvariantCulture);
}
