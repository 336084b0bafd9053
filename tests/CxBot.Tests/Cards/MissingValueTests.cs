using System.Text.Json.Nodes;
using CxBot.Cards;
using CxBot.Tests.Hardening;
using Microsoft.Extensions.Logging;

namespace CxBot.Tests.Cards;

/// <summary>
/// A value the data lacks never shows as <c>${…}</c>: the element that needed it is left out, the rest of the card is sent,
/// and the template and expression (never the data) are logged.
/// </summary>
public sealed class MissingValueTests : IDisposable
{
    private const string Template = "semantics-missing";
    private readonly LogCapture _log = new();
    private readonly JsonObject _card;

    public MissingValueTests()
    {
        using var factory = LoggerFactory.Create(b => b.AddProvider(_log).SetMinimumLevel(LogLevel.Trace));
        var templates = new CardTemplates(CardSamples.SamplesDirectory, [], factory.CreateLogger<CardTemplates>());
        _card = templates.Bind(Template, CardSamples.All["samples/" + Template].Data.DeepClone());
    }

    private IEnumerable<string?> Texts => _card["body"]!.AsArray().Where(e => (string?)e!["type"] == "TextBlock").Select(e => (string?)e!["text"]);

    [Fact]
    public void Bind_MissingValues_NoExpressionLeftAnywhere()
    {
        Assert.DoesNotContain("${", _card.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Kept: Weekly view", Texts);
        Assert.Equal(["Still here"], _card["body"]!.AsArray().Last()!["items"]!.AsArray().Select(i => (string?)i!["text"]));
    }

    [Fact]
    public void Bind_WholeValueMissing_TextBlockLeftOut()
    {
        Assert.Equal(["Kept: Weekly view"], Texts);
        Assert.Contains(_log.Entries, Unbound("missing"));
    }

    [Fact]
    public void Bind_PathThroughNullOrNullIntoText_TextBlockLeftOut()
    {
        Assert.DoesNotContain(Texts, t => t!.StartsWith("Lead:", StringComparison.Ordinal));
        Assert.Contains(_log.Entries, Unbound("lead.name"));

        // A null written into text (the JS library fails there): samples/error-null-text, checked in DifferentialTests.
        var owner = Bound.Samples.Bind("error-null-text", JsonNode.Parse("""{"owner":null}"""));
        Assert.Empty(owner["body"]!.AsArray());
    }

    [Fact]
    public void Bind_MissingInsideText_WholeTextBlockLeftOut()
    {
        Assert.DoesNotContain(Texts, t => t!.Contains("Thanks", StringComparison.Ordinal) || t.Contains("for adding me", StringComparison.Ordinal));
        Assert.Contains(_log.Entries, Unbound("installer.name"));
    }

    [Fact]
    public void Bind_MissingInWhen_ElementDroppedWithoutAWarning()
    {
        Assert.DoesNotContain(Texts, t => t!.StartsWith("dropped by", StringComparison.Ordinal) || t.StartsWith("Installed by", StringComparison.Ordinal) || t.StartsWith("null lead", StringComparison.Ordinal));
        Assert.DoesNotContain(_log.Entries, e => e.Values.Contains("missingFlag", StringComparison.Ordinal));
    }

    [Fact]
    public void Bind_DataArrayItemMissingAValue_OnlyThatItemLeftOut()
    {
        var facts = _card["body"]!.AsArray().Where(e => (string?)e!["type"] == "FactSet").Select(e => e!["facts"]!.AsArray()).ToList();

        Assert.Equal(["Complete", "Also complete"], facts[0].Select(f => (string?)f!["title"]));
        Assert.Empty(facts[1]);
        Assert.Contains(_log.Entries, Unbound("noRows"));
        Assert.Contains(_log.Entries, Unbound("value"));
        Assert.Contains(_log.Entries, Unbound("label"));
    }

    [Fact]
    public void Bind_FunctionOfMissingValue_LeftOut()
    {
        // The JS library counts the text "${nothing}" here (count 10, length 10); CxBot leaves the element out.
        var folder = Directory.CreateTempSubdirectory("cxbot-cards-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "functions.json"), """
                { "type": "AdaptiveCard", "version": "1.5", "body": [
                  { "type": "TextBlock", "text": "Count ${count(nothing)}" },
                  { "type": "TextBlock", "text": "Length ${length(nothing)}" },
                  { "type": "TextBlock", "text": "${if(exists(nothing), nothing, 'Not known')}" },
                  { "type": "TextBlock", "text": "${if(true, nothing, 'x')}" } ] }
                """);
            using var factory = LoggerFactory.Create(b => b.AddProvider(_log));
            var card = new CardTemplates(folder.FullName, [], factory.CreateLogger<CardTemplates>()).Bind("functions", new { });

            Assert.Equal(["Not known"], card["body"]!.AsArray().Select(e => (string?)e!["text"]));
            Assert.Contains(_log.Entries, Unbound("count(nothing)"));
            Assert.Contains(_log.Entries, Unbound("length(nothing)"));
            Assert.Contains(_log.Entries, Unbound("if(true, nothing, 'x')"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Bind_MentionEntityMissingItsPerson_EntityLeftOutOthersKept()
    {
        var entity = Assert.Single(_card["msteams"]!["entities"]!.AsArray())!;

        Assert.Equal("<at>Sam Lead</at>", (string?)entity["text"]);
        Assert.Equal("29:lead", (string?)entity["mentioned"]!["id"]);
    }

    [Fact]
    public void Bind_ActionMissingAValueInItsData_ActionLeftOut()
    {
        Assert.Empty(_card["actions"]!.AsArray());
        Assert.Contains(_log.Entries, Unbound("id"));
    }

    [Fact]
    public void Bind_TopLevelPropertyMissing_PropertyLeftOutCardKept()
    {
        Assert.False(_card.ContainsKey("fallbackText"));
        Assert.Equal("Weekly view", (string?)_card["speak"]);
        Assert.Equal("AdaptiveCard", (string?)_card["type"]);
    }

    [Fact]
    public void Bind_MissingValues_LogNamesTemplateAndExpressionOnly()
    {
        var warnings = _log.Entries.Where(e => e.EventId == 3002).ToList();

        Assert.NotEmpty(warnings);
        Assert.All(warnings, w => Assert.Equal(LogLevel.Warning, w.Level));
        Assert.All(warnings, w => Assert.Contains("Template=" + Template, w.Values, StringComparison.Ordinal));
        Assert.Equal(warnings.Count, warnings.Select(w => w.Values).Distinct().Count());
        Assert.DoesNotContain(_log.Entries, e => e.ToString().Contains("Weekly view", StringComparison.Ordinal) || e.ToString().Contains("Sam Lead", StringComparison.Ordinal));
    }

    public void Dispose() => _log.Dispose();

    private static Predicate<LogEntry> Unbound(string expression) =>
        e => e.EventId == 3002 && e.Values.Contains("Expression=" + expression + ";", StringComparison.Ordinal);
}
