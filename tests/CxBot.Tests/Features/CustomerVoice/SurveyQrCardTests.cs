using System.Text;
using System.Text.Json.Nodes;
using CxBot.Cards;
using CxBot.Features.CustomerVoice;
using CxBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CxBot.Tests.Features.CustomerVoice;

/// <summary>The manager's survey link card (<c>cards/customervoice/survey-link.json</c>) bound with a real QR code.</summary>
public class SurveyQrCardTests
{
    private const string Template = "customervoice/survey-link";
    private const string Url = "https://cxbot.contoso.com/s/7Kq2mXpL9a";

    private static readonly CardTemplates Cards = new(Path.Combine(RepoPaths.Root, "cards"), [Template], NullLogger<CardTemplates>.Instance);

    [Fact]
    public void Sample_CarriesTheRealQrCodeOfItsLink()
    {
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "cards", "customervoice", "survey-link.data.json")))!;

        Assert.Equal(SurveyQr.PngDataUri((string)sample["url"]!), (string?)sample["qrImage"]);
    }

    [Fact]
    public void Card_ShowsTheCodeLinkQuestionsAndWarning_WithButtonsForThisTouchpoint()
    {
        var card = Cards.Bind(Template, Data(["How warmly were you greeted?", "Did we listen to what you needed?"]));

        var texts = Texts(card);
        Assert.Contains("Customer survey · Checkout · Riverside store", texts);
        Assert.Contains(Url, texts);
        Assert.Contains("• How warmly were you greeted?", texts);
        Assert.Contains("• Did we listen to what you needed?", texts);
        Assert.Contains("Anyone with this link or code can answer. Revoke it if it is misused.", texts);
        Assert.DoesNotContain("No questions at this touchpoint yet.", texts);
        Assert.DoesNotContain(texts, t => t.Contains("${", StringComparison.Ordinal));

        var image = Nodes(card).Single(n => (string?)n["type"] == "Image");
        Assert.Equal(SurveyQr.PngDataUri(Url), (string?)image["url"]);
        Assert.Equal("QR code of the survey link for Checkout", (string?)image["altText"]);

        var actions = Nodes(card).Where(n => ((string?)n["type"])?.StartsWith("Action.", StringComparison.Ordinal) == true).ToList();
        var open = actions.Single(a => (string?)a["type"] == "Action.OpenUrl");
        Assert.Equal(("Open the survey", Url), ((string?)open["title"], (string?)open["url"]));
        foreach (var (title, verb) in new[] { ("Download poster (A5)", "customervoice.poster"), ("Yes, revoke and issue a new link", "customervoice.reissue") })
        {
            var execute = actions.Single(a => (string?)a["type"] == "Action.Execute" && (string?)a["title"] == title);
            Assert.Equal(verb, (string?)execute["verb"]);
            foreach (var data in new[] { execute["data"]!, execute["fallback"]!["data"]! })
            {
                Assert.Equal((verb, "store-42", "checkout"), ((string?)data["verb"], (string?)data["teamId"], (string?)data["touchpoint"]));
            }
        }

        var confirm = actions.Single(a => (string?)a["type"] == "Action.ShowCard");
        Assert.Equal("Revoke and issue a new link", (string?)confirm["title"]);
        Assert.Contains("stop working at once", Texts(confirm).Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Card_WithoutQuestions_SaysSoInsteadOfAnEmptyList()
    {
        var texts = Texts(Cards.Bind(Template, Data([])));

        Assert.Contains("No questions at this touchpoint yet.", texts);
        Assert.DoesNotContain(texts, t => t.StartsWith('•') || t.StartsWith("Each on a scale", StringComparison.Ordinal));
    }

    [Fact]
    public void Card_WithLongNamesAndManyQuestions_StaysFarUnderTheMessageLimit()
    {
        var name = new string('N', 200);
        var data = Data([.. Enumerable.Range(1, 12).Select(i => $"Question {i}: " + new string('q', 180))], team: name, touchpoint: name);

        var card = Cards.Bind(Template, data);

        var bytes = Encoding.UTF8.GetByteCount(card.ToJsonString());
        Assert.True(bytes < 28 * 1024, $"{bytes} bytes");
        Assert.Contains($"Customer survey · {name} · {name}", Texts(card));
    }

    private static object Data(string[] questions, string team = "Riverside store", string touchpoint = "Checkout") => new
    {
        TeamId = "store-42",
        TeamName = team,
        Touchpoint = new { Id = "checkout", Name = touchpoint },
        Url,
        QrImage = SurveyQr.PngDataUri(Url),
        Questions = questions.Select(q => new { Text = q }).ToList(),
    };

    private static List<string> Texts(JsonNode card) =>
        [.. Nodes(card).Where(n => (string?)n["type"] == "TextBlock").Select(n => (string)n["text"]!)];

    private static IEnumerable<JsonObject> Nodes(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Nodes(p.Value))),
        JsonArray a => a.SelectMany(Nodes),
        _ => [],
    };
}
