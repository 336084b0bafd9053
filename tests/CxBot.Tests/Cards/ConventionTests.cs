using System.Text.Json.Nodes;

namespace CxBot.Tests.Cards;

/// <summary>Every template, bound to its sample, follows the Teams card conventions; the checker itself catches each breach.</summary>
public sealed class ConventionTests
{
    public static TheoryData<string> Templates => CardSamples.Names(CardSamples.Real.Keys.Append("samples/chart"));

    [Theory]
    [MemberData(nameof(Templates))]
    public void Bind_Template_FollowsTeamsConventions(string name)
    {
        var findings = CardConventions.Check(Bound.Card(name));

        Assert.True(findings.Count == 0, $"{name}: {string.Join("; ", findings)}");
    }

    [Theory]
    [InlineData("""{"type":"AdaptiveCard","version":"1.4","$schema":"s"}""", "version")]
    [InlineData("""{"type":"AdaptiveCard","version":"1.5"}""", "$schema")]
    [InlineData("""{"type":"AdaptiveCard","version":"1.5","$schema":"s","body":[{"type":"Table"}]}""", "msteams.width")]
    [InlineData("""{"type":"AdaptiveCard","version":"1.5","$schema":"s","body":[{"type":"TextBlock","text":"<at>Bo</at>"}]}""", "msteams.entities")]
    [InlineData("""{"type":"AdaptiveCard","version":"1.5","$schema":"s","actions":[{"type":"Action.Execute","verb":"v","data":{}}]}""", "fallback")]
    [InlineData("""{"type":"AdaptiveCard","version":"1.5","$schema":"s","actions":[{"type":"Action.Execute","verb":"v","data":{},"fallback":{"type":"Action.Submit","data":{"verb":"w"}}}]}""", "same verb")]
    [InlineData("""{"type":"AdaptiveCard","version":"1.5","$schema":"s","actions":[{"type":"Action.Submit","data":{}}]}""", "verb in its data")]
    [InlineData("""{"type":"AdaptiveCard","version":"1.5","$schema":"s","body":[{"type":"Input.Text","id":"a","maxLength":5}]}""", "label")]
    [InlineData("""{"type":"AdaptiveCard","version":"1.5","$schema":"s","body":[{"type":"Input.Text","id":"a","label":"A","maxLength":5,"isRequired":true}]}""", "errorMessage")]
    [InlineData("""{"type":"AdaptiveCard","version":"1.5","$schema":"s","body":[{"type":"Input.Text","id":"a","label":"A"}]}""", "maxLength")]
    [InlineData("""{"type":"AdaptiveCard","version":"1.5","$schema":"s","msteams":{"width":"Full"},"body":[{"type":"Chart.Pie"}]}""", "fallback element")]
    public void Check_CardBreakingAConvention_ReportsIt(string card, string expected)
    {
        var findings = CardConventions.Check(JsonNode.Parse(card)!.AsObject());

        Assert.Contains(findings, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Check_CardFollowingConventions_ReportsNothing()
    {
        const string card = """
            {"type":"AdaptiveCard","version":"1.5","$schema":"s","msteams":{"width":"Full","entities":[{"type":"mention"}]},
             "body":[{"type":"TextBlock","text":"<at>Bo</at>"},{"type":"Input.Text","id":"a","label":"A","maxLength":5,"isRequired":true,"errorMessage":"Say something"},
                     {"type":"Chart.Pie","fallback":{"type":"TextBlock","text":"a table"}}],
             "actions":[{"type":"Action.Execute","verb":"v","data":{},"fallback":{"type":"Action.Submit","data":{"verb":"v"}}}]}
            """;

        Assert.Empty(CardConventions.Check(JsonNode.Parse(card)!.AsObject()));
    }
}
