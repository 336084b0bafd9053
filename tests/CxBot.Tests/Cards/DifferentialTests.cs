using System.Text.Json.Nodes;
using CxBot.Cards;

namespace CxBot.Tests.Cards;

/// <summary>
/// The C# binder against the official npm <c>adaptivecards-templating</c>, sample by sample. One difference is on purpose:
/// where the JS library writes a missing value back as <c>${…}</c> (or fails), CxBot leaves that element out (<see cref="Unbound"/>).
/// </summary>
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
            // The JS library fails on the whole card; CxBot leaves out the element with the failing expression.
            Assert.False(string.IsNullOrEmpty((string?)error));
            var kept = Bound.Card(name);
            Assert.Empty(kept["body"]!.AsArray());
            Assert.DoesNotContain("${", kept.ToJsonString(), StringComparison.Ordinal);
            return;
        }

        var card = Bound.Card(name);
        var hasOwnExpressions = CardSamples.All[name].Data.ToJsonString().Contains("${", StringComparison.Ordinal);
        var expected = hasOwnExpressions ? js["card"] : Unbound.LeaveOut(js["card"]);
        var difference = JsonSemantic.FirstDifference(expected, card);
        Assert.True(difference is null, $"{name} differs from adaptivecards-templating at {difference}\nJS: {expected?.ToJsonString()}\nC#: {card.ToJsonString()}");
    }

    [Fact]
    public void Samples_CoverEveryTemplateAndErrorCases_AllPresent()
    {
        Assert.Equal(Bound.RealNames.Order(StringComparer.Ordinal), CardSamples.Real.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("samples/error-count", CardSamples.All.Keys);
        Assert.True(CardSamples.All.Count >= Bound.RealNames.Count + 4);
    }
}
