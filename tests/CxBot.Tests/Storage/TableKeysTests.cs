using CxBot.Storage;

namespace CxBot.Tests.Storage;

public sealed class TableKeysTests
{
    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\tb")]
    [InlineData("a\u0000b")]
    [InlineData("a\u007Fb")]
    [InlineData("a\u0085b")]
    public void Validate_ForbiddenCharacter_ThrowsNamingPosition(string key)
    {
        var ex = Assert.Throws<ArgumentException>(() => TableKeys.Validate(key, "key"));

        Assert.Contains("position 1", ex.Message, StringComparison.Ordinal);
        Assert.False(TableKeys.IsValid(key));
    }

    [Fact]
    public void Validate_TooLong_Throws()
    {
        Assert.Throws<ArgumentException>(() => TableKeys.Validate(new string('k', TableKeys.MaxKeyChars + 1), "key"));
        TableKeys.Validate(new string('k', TableKeys.MaxKeyChars), "key");
    }

    [Theory]
    [InlineData("")]
    [InlineData("29:1a2b-c3d4")]
    [InlineData("O'Brien & Co. 👍 %20")]
    public void Validate_AllowedKeys_Pass(string key)
    {
        TableKeys.Validate(key, "key");
        Assert.True(TableKeys.IsValid(key));
    }

    [Fact]
    public void EntityConstructor_BadKey_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TableEntity("a/b", "r"));
        Assert.Throws<ArgumentException>(() => new TableEntity("p", "19:abc@thread.tacv2?x"));
    }

    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000001")]
    [InlineData("a/b\\c#d?e~f")]
    [InlineData("tab\there")]
    public void FromSafeKey_OfAShortText_GivesTheTextBack(string text) => Assert.Equal(text, TableKeys.FromSafeKey(TableKeys.ToSafeKey(text)));

    [Fact]
    public void FromSafeKey_OfAnEscapeWithoutItsFourHexDigits_IsNull() => Assert.Null(TableKeys.FromSafeKey("a~zz"));

    [Fact]
    public void ToSafeKey_Escapes_AndIsInjective()
    {
        Assert.Equal("a~002Fb", TableKeys.ToSafeKey("a/b"));
        Assert.Equal("a~007Eb", TableKeys.ToSafeKey("a~b"));
        Assert.NotEqual(TableKeys.ToSafeKey("a/b"), TableKeys.ToSafeKey("a~002Fb"));
        Assert.Equal("plain", TableKeys.ToSafeKey("plain"));
    }

    [Fact]
    public void ToSafeKey_RandomText_AlwaysValidAndDistinct()
    {
        var random = new Random(20261122);
        var alphabet = "ab/\\#?~\t\u0001\u007f\u0090é👍 '".ToCharArray();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < 5000; i++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(0, 40)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            var key = TableKeys.ToSafeKey(text);

            Assert.True(TableKeys.IsValid(key), $"'{key}' from '{text}' is not valid");
            if (seen.TryGetValue(key, out var earlier))
            {
                Assert.Equal(earlier, text);
            }

            seen[key] = text;
        }
    }

    [Fact]
    public void ToSafeKey_LongText_FitsAndStaysDistinct()
    {
        var a = new string('/', 2000) + "a";
        var b = new string('/', 2000) + "b";

        var keyA = TableKeys.ToSafeKey(a);
        var keyB = TableKeys.ToSafeKey(b);

        Assert.True(TableKeys.IsValid(keyA));
        Assert.True(keyA.Length <= TableKeys.MaxKeyChars);
        Assert.NotEqual(keyA, keyB);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1abc")]
    [InlineData("ab-c")]
    [InlineData("tables")]
    public void TableNames_Invalid_Throws(string name) => Assert.Throws<ArgumentException>(() => TableNames.Validate(name));
}
