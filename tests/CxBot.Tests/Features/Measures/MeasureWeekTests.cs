using CxBot.Features.Measures;

namespace CxBot.Tests.Features.Measures;

/// <summary>Weeks as people read them, and which may be recorded.</summary>
public sealed class MeasureWeekTests
{
    [Theory]
    [InlineData(2026, 11, 30, "Week 49 (30 Nov – 6 Dec)", "2026-W49")]
    [InlineData(2026, 12, 7, "Week 50 (7 – 13 Dec)", "2026-W50")]
    [InlineData(2026, 12, 28, "Week 53 (28 Dec – 3 Jan)", "2026-W53")]
    [InlineData(2027, 1, 4, "Week 1 (4 – 10 Jan)", "2027-W01")]
    public void TextAndKey_Monday_ReadAsAWeek(int year, int month, int day, string text, string key)
    {
        var monday = new DateOnly(year, month, day);

        Assert.Equal(text, MeasureWeek.Text(monday));
        Assert.Equal(key, MeasureWeek.Key(monday));
        Assert.True(MeasureWeek.TryParse(key, out var back));
        Assert.Equal(monday, back);
    }

    [Theory]
    [InlineData("49")]
    [InlineData("2026-W54")]
    [InlineData("2026-W00")]
    [InlineData("1999-W49")]
    [InlineData("")]
    public void TryParse_NotAWeek_False(string text) => Assert.False(MeasureWeek.TryParse(text, out _));

    [Fact]
    public void TryParse_LowerCaseW_TheSameWeek() =>
        Assert.True(MeasureWeek.TryParse("2026-w49", out var monday) && monday == new DateOnly(2026, 11, 30));

    [Fact]
    public void Allowed_Sunday_ThisWeekAndFourBackWithLastWeekTheDefault()
    {
        var sunday = new DateOnly(2026, 12, 13);

        Assert.Equal([new(2026, 12, 7), new(2026, 11, 30), new(2026, 11, 23), new(2026, 11, 16), new(2026, 11, 9)], MeasureWeek.Allowed(sunday));
        Assert.Equal(new DateOnly(2026, 11, 30), MeasureWeek.Default(sunday));
        Assert.Equal("Last week: Week 49 (30 Nov – 6 Dec)", MeasureWeek.Choice(new DateOnly(2026, 11, 30), sunday));
    }

    [Theory]
    [InlineData("2026-12-06T23:30:00Z", "Europe/London", 2026, 12, 6)]
    [InlineData("2026-12-06T23:30:00Z", "Europe/Berlin", 2026, 12, 7)]
    [InlineData("2026-12-07T03:00:00Z", "America/New_York", 2026, 12, 6)]
    [InlineData("2026-12-07T03:00:00Z", "Not/AZone", 2026, 12, 7)]
    public void LocalDate_TeamZone_ItsOwnDay(string at, string zone, int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), MeasureWeek.LocalDate(zone, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
}
