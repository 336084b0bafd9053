namespace CxBot.Tests.Hardening;

/// <summary>The fuzzer's table scan finds each kind of value no card could produce, and passes what cards do produce.</summary>
public sealed class StoredTextTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Check_ValuesCardsProduce_NoProblem()
    {
        var row = Row(new Dictionary<string, object>
        {
            ["What"] = "Late again.\r\nCustomer called\t twice 😀",
            ["Problem"] = "0001-01-01 is what they typed", // free text may say anything
            ["EffectiveFrom"] = "2027-01-04",
            ["LoggedAt"] = Now.AddDays(-3),
            ["Cost"] = 45.5,
            ["Json"] = "{\"text\":{\"what\":\"a\\nb\"},\"versions\":[{\"effectiveFrom\":\"2026-11-02\"}]}",
        });

        Assert.Empty(StoredText.Check([row], Now));
    }

    [Theory]
    [InlineData("What", "a\u0000b", "control character")]
    [InlineData("EffectiveFrom", "9999-12-31", "outside")]
    [InlineData("Date", "0001-01-01", "outside")]
    [InlineData("Json", "{\"versions\":[{\"effectiveFrom\":\"2126-01-01\"}]}", "outside")]
    [InlineData("Json", "{\"note\":\"a\\u0000b\"}", "control character")]
    [InlineData("Json", "{\"note\":\"\\ud800\"}", "lone UTF-16 surrogate")]
    [InlineData("Json", "{\"a\\u0001\":1}", "control character")]
    public void Check_ValueNoCardProduces_Found(string property, string value, string kind)
    {
        var problem = Assert.Single(StoredText.Check([Row(new Dictionary<string, object> { [property] = value })], Now));

        Assert.Contains(kind, problem, StringComparison.Ordinal);
        Assert.StartsWith("T.", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LoneSurrogates_Found()
    {
        // Built from chars: an attribute's string cannot hold a lone surrogate.
        var row = Row(new Dictionary<string, object> { ["What"] = "lone " + '\ud800' + " high", ["Note"] = "trailing " + '\ud83d', ["Name"] = '\udc00' + "low first" });

        var problems = StoredText.Check([row], Now);

        Assert.Equal(3, problems.Count(p => p.Contains("lone UTF-16 surrogate", StringComparison.Ordinal)));
    }

    [Fact]
    public void Check_TypedDateOrNumberOutOfRange_Found()
    {
        var row = Row(new Dictionary<string, object> { ["DueAt"] = DateTimeOffset.MaxValue, ["Cost"] = double.PositiveInfinity, ["Big"] = 1e300 });

        Assert.Equal(3, StoredText.Check([row], Now).Count);
    }

    [Fact]
    public void Check_ControlCharacterInAKey_Found()
    {
        Assert.Single(StoredText.Check([new StoredRow("T", "tenant\u0000", "r", new Dictionary<string, object>())], Now));
    }

    private static StoredRow Row(Dictionary<string, object> properties) => new("T", "p", "r", properties);
}
