using System.Text.Json.Nodes;
using CxBot.Cards;

namespace CxBot.Tests.Cards;

/// <summary>The public binding API: data objects serialized camelCase, nulls left out, unknown names and failures reported.</summary>
public sealed class CardTemplatesTests
{
    private enum Mood
    {
        VeryHappy,
    }

    [Fact]
    public void Bind_RecordData_BindsCamelCaseProperties()
    {
        var data = new HomeData("Welcome", "Hi Avery, pick one.", false, [new HomeGroup([new HomeButton("Log an incident", "command.run", "log incident")])]);

        var card = Bound.Real.Bind("welcome/personal", data);

        var set = Assert.Single(card["body"]!.AsArray(), e => (string?)e!["type"] == "ActionSet")!;
        var action = Assert.Single(set["actions"]!.AsArray())!;
        Assert.Equal("Log an incident", (string?)action["title"]);
        Assert.Equal("Action.Submit", (string?)action["type"]);
        Assert.Equal("command.run", (string?)action["data"]!["verb"]);
        Assert.Equal("log incident", (string?)action["data"]!["command"]);
        Assert.Contains(card["body"]!.AsArray(), e => ((string?)e!["text"])?.StartsWith("Hi Avery,", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Bind_NullOptionalField_IsLeftOutSoWhenDropsItsElement()
    {
        var withText = Bound.Real.Bind("recognition/give", new GiveData("t", [], [], 500, "gibberish", ""));

        var withoutText = Bound.Real.Bind("recognition/give", new GiveData("t", [], [], 500, null, ""));

        Assert.Equal(withText["body"]!.AsArray().Count - 1, withoutText["body"]!.AsArray().Count);
        Assert.DoesNotContain("${", withoutText.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_EnumValue_IsCamelCaseText()
    {
        var card = Bound.Samples.Bind("hostile", new { author = Mood.VeryHappy, comment = "c", entries = Array.Empty<object>() });

        Assert.Equal("veryHappy", (string?)card["body"]![0]!["text"]);
    }

    [Fact]
    public void Bind_UnknownName_Throws()
    {
        var ex = Assert.Throws<CardTemplateException>(() => Bound.Real.Bind("welcome/nope", new { }));

        Assert.Contains("welcome/nope", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_DataMakingAnExpressionFail_LeavesThatElementOut()
    {
        var card = Bound.Samples.Bind("error-count", new { number = 3 });

        Assert.Empty(card["body"]!.AsArray());
        Assert.DoesNotContain("${", card.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_SameTemplateTwice_ReturnsIndependentCards()
    {
        var first = Bound.Real.Bind("welcome/team", new { title = "CxBot has joined One", place = "this team", inChat = false, installer = new { id = "1", name = "A" } });

        var second = Bound.Real.Bind("welcome/team", new { title = "CxBot has joined Two", place = "this team", inChat = false, installer = new { id = "2", name = "B" } });
        first["body"]!.AsArray().Clear();

        Assert.NotEmpty(second["body"]!.AsArray());
        Assert.Contains("Two", (string?)second["body"]![0]!["text"], StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_JsonNodeData_IsOnlyRead()
    {
        var data = JsonNode.Parse("""{"title":"CxBot has joined One","place":"this team","inChat":false,"installer":{"id":"1","name":"A"}}""")!;
        var before = data.ToJsonString();

        var card = Bound.Real.Bind("welcome/team", data);
        card["msteams"]!["entities"]![0]!["mentioned"]!["name"] = "changed";

        Assert.Equal(before, data.ToJsonString());
    }

    [Fact]
    public async Task Bind_ManyThreadsAtOnce_GiveTheSameCard()
    {
        var expected = Bound.Real.Bind("help/help", new { line = "x", commands = new[] { new { command = "a", description = "b" } } }).ToJsonString();

        var cards = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() =>
            Bound.Real.Bind("help/help", new { line = "x", commands = new[] { new { command = "a", description = "b" } } }).ToJsonString())));

        Assert.All(cards, card => Assert.Equal(expected, card));
    }

    [Fact]
    public void Names_RealTemplates_ListsEachTemplateOnce()
    {
        Assert.Equal(Bound.Real.Names.Distinct(StringComparer.Ordinal).Count(), Bound.Real.Names.Count);
        Assert.Contains("welcome/personal", Bound.Real.Names);
        Assert.IsType<JsonObject>(Bound.Real.Bind("welcome/personal", null));
    }

    private sealed record HomeData(string Heading, string Line, bool ShowIntro, IReadOnlyList<HomeGroup> Groups);

    private sealed record HomeGroup(IReadOnlyList<HomeButton> Actions);

    private sealed record HomeButton(string Title, string Verb, string Command);


    private sealed record GiveData(string Token, IReadOnlyList<object> People, IReadOnlyList<object> Behaviours, int MessageMaxLength, string? Notice, string Picked);
}
