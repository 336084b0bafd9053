using CxBot.Features.Checkins;

namespace CxBot.Tests.Features.Checkins;

/// <summary>Local times to instants in a team's zone, and preference windows.</summary>
public sealed class CheckinScheduleTests
{
    [Theory]
    [InlineData("Europe/London", "2026-01-05", "17:00", "2026-01-05T17:00:00+00:00")]
    [InlineData("Europe/London", "2026-07-06", "17:00", "2026-07-06T16:00:00+00:00")]
    [InlineData("Europe/London", "2026-03-29", "01:30", "2026-03-29T01:30:00+00:00")] // in the gap: moved on by an hour (02:30 BST)
    [InlineData("Europe/London", "2026-10-25", "01:30", "2026-10-25T00:30:00+00:00")] // twice: the first (BST)
    [InlineData("America/New_York", "2026-03-08", "02:30", "2026-03-08T07:30:00+00:00")] // in the gap: 03:30 EDT
    [InlineData("America/New_York", "2026-11-01", "01:30", "2026-11-01T05:30:00+00:00")] // twice: the first (EDT)
    [InlineData("America/New_York", "2026-03-08", "17:00", "2026-03-08T21:00:00+00:00")]
    [InlineData("Australia/Sydney", "2026-04-05", "02:30", "2026-04-04T15:30:00+00:00")] // twice: the first (AEDT)
    public void At_LocalShiftEnd_TheDocumentedInstant(string zone, string date, string time, string expected)
    {
        var at = CheckinSchedule.At(CheckinSchedule.Zone(zone), DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), at);
    }

    [Fact]
    public void Zone_UnknownId_Utc() => Assert.Equal(TimeZoneInfo.Utc, CheckinSchedule.Zone("Mars/Olympus"));

    [Theory]
    [InlineData("22:00", "07:00", "23:30", true)]
    [InlineData("22:00", "07:00", "06:59", true)]
    [InlineData("22:00", "07:00", "07:00", false)]
    [InlineData("12:00", "13:00", "12:30", true)]
    [InlineData("12:00", "13:00", "17:00", false)]
    public void IsQuiet_WindowIncludingAcrossMidnight_StartInEndOut(string from, string to, string at, bool quiet)
    {
        var p = new PersonPreferences(false, null, TimeOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(quiet, p.IsQuiet(TimeOnly.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Allows_PausedUntilADate_FromThatDateOn()
    {
        var p = PersonPreferences.None with { PausedUntil = new DateOnly(2026, 1, 7) };

        Assert.Equal((false, true), (p.Allows(new DateOnly(2026, 1, 6), new TimeOnly(17, 0)), p.Allows(new DateOnly(2026, 1, 7), new TimeOnly(17, 0))));
        Assert.False((p with { Stopped = true }).Allows(new DateOnly(2026, 2, 1), new TimeOnly(17, 0)));
    }
}
