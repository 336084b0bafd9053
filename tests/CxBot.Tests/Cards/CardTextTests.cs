using CxBot.Cards;

namespace CxBot.Tests.Cards;

public sealed class CardTextTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("exactly ten")]
    public void Clip_TextWithinLimit_ReturnsItUnchanged(string? text)
    {
        Assert.Same(text, CardText.Clip(text, 11));
    }

    [Fact]
    public void Clip_TextOverLimit_CutsAtLimitWithEllipsis()
    {
        var clipped = CardText.Clip("abcdefghijklmnop", 10);

        Assert.Equal("abcdefghi" + CardText.Ellipsis, clipped);
        Assert.Equal(10, clipped!.Length);
    }

    [Fact]
    public void Clip_CutFallsInsideAnEmoji_KeepsTheEmojiWholeOrDropsIt()
    {
        const string family = "👩‍👩‍👧";
        var text = "abcd" + family + "efgh";

        var clipped = CardText.Clip(text, 8)!;

        Assert.Equal("abcd" + CardText.Ellipsis, clipped);
        Assert.Equal("abcd" + family + CardText.Ellipsis, CardText.Clip(text, 4 + family.Length + 1));
    }

    [Fact]
    public void Clip_CutAfterASpace_TrimsTheSpaceBeforeTheEllipsis()
    {
        Assert.Equal("one two" + CardText.Ellipsis, CardText.Clip("one two three", 9));
    }

    [Fact]
    public void Clip_LimitBelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CardText.Clip("text", 0));
    }
}
