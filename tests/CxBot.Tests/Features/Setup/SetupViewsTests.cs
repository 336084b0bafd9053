using CxBot.Features.Setup;

namespace CxBot.Tests.Features.Setup;

/// <summary>How lists of people read on the setup cards.</summary>
public sealed class SetupViewsTests
{
    [Theory]
    [InlineData(new[] { "Tom Okafor" }, "Tom Okafor")]
    [InlineData(new[] { "Dee Driver", "Tom Okafor" }, "Dee Driver and Tom Okafor")]
    [InlineData(new[] { "A", "B", "C" }, "A, B and C")]
    [InlineData(new[] { "A", "B", "C", "D", "E", "F", "G" }, "A, B, C, D, E and 2 more")]
    public void NameList_OneToMany_ReadsAsASentence(string[] names, string expected) =>
        Assert.Equal(expected, SetupViews.NameList(names));
}
