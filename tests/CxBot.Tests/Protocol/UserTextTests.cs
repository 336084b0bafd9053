using CxBot.Protocol;

namespace CxBot.Tests.Protocol;

/// <summary>The one rule for typed text: no control characters reach storage; line breaks only where a field is multi-line.</summary>
public sealed class UserTextTests
{
    [Theory]
    [InlineData("a\u0000b", false, "ab")]
    [InlineData("a\u0000b", true, "ab")]
    [InlineData("bell\u0007 escape\u001b[31m del\u007f c1\u0085", false, "bell escape[31m del c1")]
    [InlineData("one\r\ntwo\rthree\nfour\tfive", true, "one\ntwo\nthree\nfour\tfive")]
    [InlineData("one\r\ntwo\rthree\nfour\tfive", false, "one two three four five")]
    [InlineData("  Own the problem  ", false, "Own the problem")]
    [InlineData("👍🏽 Café ${x} <at>Bob</at> \u202e", false, "👍🏽 Café ${x} <at>Bob</at> \u202e")]
    public void Clean_ControlCharacters_RemovedAndLineBreaksKeptOnlyWhenMultiLine(string typed, bool multiLine, string expected)
    {
        Assert.Equal(expected, UserText.Clean(typed, multiLine));
    }

    [Theory]
    [InlineData("\u0000")]
    [InlineData("\u0000\u0001 \u001f")]
    [InlineData(" \r\n\t ")]
    [InlineData("")]
    [InlineData(null)]
    public void Clean_NothingButControlsOrSpace_IsNull(string? typed)
    {
        Assert.Null(UserText.Clean(typed, multiLine: true));
    }

    [Theory]
    [InlineData("💚")]
    [InlineData("⭐")]
    [InlineData("❤️")]
    [InlineData("👍🏽")]
    [InlineData("👩‍👩‍👧")]
    [InlineData("🇬🇧")]
    [InlineData("1️⃣")]
    [InlineData("🚚")]
    public void IsOneEmoji_OneEmoji_True(string emoji)
    {
        Assert.True(UserText.IsOneEmoji(emoji));
    }

    [Theory]
    [InlineData("\u0000")]
    [InlineData("a")]
    [InlineData("OK")]
    [InlineData("1")]
    [InlineData("💚💚")]
    [InlineData("💚 ")]
    [InlineData("💚a")]
    [InlineData("\u200d")]
    [InlineData("\ufe0f")]
    [InlineData("🏽")]
    [InlineData("")]
    [InlineData(null)]
    public void IsOneEmoji_AnythingElse_False(string? text)
    {
        Assert.False(UserText.IsOneEmoji(text));
    }
}
