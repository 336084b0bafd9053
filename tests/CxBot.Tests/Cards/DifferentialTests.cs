using System.Text.Json.Nodes;
using CxBot.Cards;

namespace CxBot.Tests.Cards;

/// <summary>The C# binder against the official npm <c>adaptivecards-templating</c>, sample by sample.</summary>
public sealed class DifferentialTests
{
    public static TheoryData<string> Samples => CardSamples.Names(CardSamples.All.Keys);

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Bind_Sample_MatchesJsTemplatingLibrary(string name)
    {
        var js = await JsReference.ExpandAsync(name);

        if (js["error"] is { } error)
        {
            var ex = Assert.Throws<CardTemplateException>(() => Bound.Card(name));
            Assert.Contains(name.Split('/')[^1], ex.Message, StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty((string?)error));
            return;
        }

        var card = Bound.Card(name);
        var difference = JsonSemantic.FirstDifference(js["card"], card);
        Assert.True(difference is null, $"{name} differs from adaptivecards-templating at {difference}\nJS: {js["card"]?.ToJsonString()}\nC#: {card.ToJsonString()}");
    }

    [Fact]
    public void Samples_CoverEveryTemplateAndErrorCases_AllPresent()
    {
        Assert.Equal(Bound.RealNames.Order(StringComparer.Ordinal), CardSamples.Real.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("samples/error-count", CardSamples.All.Keys);
        Assert.True(CardSamples.All.Count >= Bound.RealNames.Count + 4);
    }
}
