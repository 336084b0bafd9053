using System.Text.Json.Nodes;
using CxBot.Cards;

namespace CxBot.Tests.Cards;

/// <summary>Text users typed comes out exactly as typed: never evaluated, never breaking the JSON, never adding elements.</summary>
public sealed class UserTextTests
{
    public static TheoryData<int> Texts => [.. Enumerable.Range(0, HostileText.All.Length)];

    [Theory]
    [MemberData(nameof(Texts))]
    public void Bind_HostileText_ComesOutExactlyAsTyped(int index)
    {
        var text = HostileText.All[index];
        var data = new { author = text, comment = text, entries = new[] { new { label = text, text } }, secret = "SECRET" };

        var card = Bound.Samples.Bind("hostile", data);

        Assert.Equal(text, (string?)card["body"]![0]!["text"]);
        Assert.Equal($"From {text}: {text}", (string?)card["body"]![1]!["text"]);
        Assert.Equal(text, (string?)card["body"]![2]!["facts"]![0]!["title"]);
        Assert.Equal(text, (string?)card["actions"]![0]!["data"]!["about"]);
        Assert.Equal(text, (string?)card["actions"]![0]!["fallback"]!["data"]!["about"]);
        Assert.DoesNotContain("SECRET", card.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Bind_HostileText_KeepsTheCardsShape(int index)
    {
        var text = HostileText.All[index];
        var plain = Bound.Samples.Bind("hostile", new { author = "a", comment = "c", entries = new[] { new { label = "l", text = "t" } } });

        var card = Bound.Samples.Bind("hostile", new { author = text, comment = text, entries = new[] { new { label = text, text } } });

        Assert.Equal(Shape(plain), Shape(card));
        Assert.True(JsonNode.DeepEquals(card, JsonNode.Parse(card.ToJsonString())), "the card survives a JSON round trip");
    }

    [Fact]
    public void Bind_HomeCardWithHostileLine_ShowsItVerbatimInOneTextBlock()
    {
        var text = string.Concat(HostileText.All);

        var card = Bound.Real.Bind("welcome/personal", new { heading = "", line = text, showIntro = false, groups = Array.Empty<object>() });

        var echoes = card["body"]!.AsArray().Where(e => ((string?)e!["text"])?.Contains(text, StringComparison.Ordinal) == true).ToList();
        Assert.Single(echoes);
        Assert.Equal("TextBlock", (string?)echoes[0]!["type"]);
    }

    [Fact]
    public void Bind_LongTextClippedForItsField_EndsWithEllipsisWithinTheLimit()
    {
        var text = string.Concat(Enumerable.Repeat("A long comment 👩‍👩‍👧 ", 40));

        var card = Bound.Samples.Bind("hostile", new { author = CardText.Clip(text, 50), comment = "c", entries = Array.Empty<object>() });

        var author = (string)card["body"]![0]!["text"]!;
        Assert.InRange(author.Length, 40, 50);
        Assert.EndsWith(CardText.Ellipsis, author, StringComparison.Ordinal);
        Assert.StartsWith(author[..^CardText.Ellipsis.Length].TrimEnd(), text, StringComparison.Ordinal);
    }

    private static List<string> Shape(JsonNode? node) => node switch
    {
        JsonObject o => [.. o.SelectMany(p => Shape(p.Value).Select(s => p.Key + "/" + s).Prepend(p.Key))],
        JsonArray a => [.. a.SelectMany((item, i) => Shape(item).Select(s => i + "/" + s).Prepend(i.ToString(System.Globalization.CultureInfo.InvariantCulture)))],
        _ => [],
    };
}
