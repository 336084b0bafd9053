using System.Net;
using System.Text.Json.Nodes;
using CxBot.Features.CustomerVoice;
using CxBot.Features.Setup;
using CxBot.Storage;
using CxBot.Testing;
using CxBot.Tests.Features.Setup;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CxBot.Tests.Features.CustomerVoice;

/// <summary>
/// The manager's survey card through /api/messages: <c>customer survey</c> typed (pick card, straight to a named touchpoint, the
/// channel's team), the link card (team, touchpoint, link, QR code, the page's questions), front-line staff refused, card data
/// forged, the new link (the old one's page answers 410), the poster's consent card for a PDF, and redelivery issuing one link.
/// Seed: Checkout has two soft standards, Delivery only a hard one; Mia manages Harbourside and Hilltop (Hilltop's channel is
/// the test's Teams team), Max only Hilltop, Fran is front-line at Harbourside.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SurveyCardRoutesTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Checkout = "checkout";
    private const string Delivery = "delivery";
    private const string Harbourside = "harbourside";
    private const string Hilltop = "hilltop";
    private const string ListenedWording = "Did we listen to what you needed?";
    private const string ThankedWording = "How did we do on \u201cThanked & sent off\u201d?";
    private const string ConsentType = "application/vnd.microsoft.teams.card.file.consent";

    private FakeConnector _connector = null!;
    private BotApp _app = null!;
    private SetupActivities _t = null!;
    private readonly string _mia = Guid.NewGuid().ToString();
    private readonly string _max = Guid.NewGuid().ToString();
    private readonly string _fran = Guid.NewGuid().ToString();

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));
        _app = new BotApp(BotApp.With(azurite.Server, [("Bot:AppId", ""), ("Bot:ConnectorRetryDelay", "00:00:00.001"), ("Storage:TablePrefix", TestTables.UniquePrefix())]))
        {
            TestServices = s => s.AddSingleton<TimeProvider>(clock),
        };
        _t = new SetupActivities(_connector.ServiceUrl, Guid.NewGuid().ToString()).Named(_mia, "Mia Manager").Named(_max, "Max Manager").Named(_fran, "Fran Frontline");
        var from = new DateOnly(2020, 1, 1);
        Standard Soft(string id, string name, string? question) =>
            new(id, Checkout, StandardKind.Soft, name, null, null, null, false, question, [new TargetVersion(from, 4)], null) { StaffQuestion = "How well did we do today?" };
        await TestTenant.WriteSetupAsync(_app.Services.GetRequiredService<SetupStore>(), _t.Tenant, new TenantSetup(
            new Organisation("Contoso Stores", "Europe/London", "GBP", []),
            [new Touchpoint(Checkout, 1, "Checkout", "At the till", "Stores"), new Touchpoint(Delivery, 2, "Delivery", "At the door", "Operations")],
            [
                Soft("listened", "Customer felt listened to", ListenedWording),
                Soft("thanked", "Thanked & sent off", null),
                new("slot", Delivery, StandardKind.Hard, "Delivery slot kept", "slot", "%", Direction.HigherIsBetter, false, null, [new TargetVersion(from, 95)], null),
            ],
            [
                new TeamSetup(Harbourside, "Harbourside Store", null, "Europe/London", new TimeOnly(17, 0),
                    [new TeamMember(_mia, "Mia Manager", TeamRole.Manager), new TeamMember(_fran, "Fran Frontline", TeamRole.FrontLine)], []),
                new TeamSetup(Hilltop, "Hilltop Store", _t.TeamId, "Europe/London", new TimeOnly(17, 0),
                    [new TeamMember(_mia, "Mia Manager", TeamRole.Manager), new TeamMember(_max, "Max Manager", TeamRole.Manager)], []),
            ],
            []), _mia, clock.GetUtcNow());
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _connector.DisposeAsync();
        var problems = SentChecks.Problems(_connector, _app);
        Assert.True(problems.Count == 0, "What the bot sent in this test is wrong:\n" + string.Join('\n', problems));
    }

    private ISurveyLinks Links => _app.Services.GetRequiredService<ISurveyLinks>();

    private async Task<JsonNode> TypeAsync(string aad, string text, bool inChannel = false)
    {
        var activity = inChannel ? _t.ChannelText(aad, text) : _t.PersonalText(aad, text);
        using var response = await _app.PostAsync(activity);
        response.EnsureSuccessStatusCode();
        return _connector.ReplyTo(activity).Json!;
    }

    private async Task<(string Type, string Value)> AnswerAsync(JsonObject activity)
    {
        using var response = await _app.PostAsync(activity);
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var value = body["value"]!;
        return ((string)body["type"]!, value is JsonValue v && v.TryGetValue<string>(out var text) ? text : value.ToJsonString());
    }

    private static JsonObject? CardOf(JsonNode reply) => reply["attachments"]?[0]?["content"] as JsonObject;

    private static JsonObject Target(string team = Harbourside, string touchpoint = Checkout) => new() { ["teamId"] = team, ["touchpoint"] = touchpoint };

    private async Task<HttpStatusCode> PageStatusAsync(string url)
    {
        using var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        using var response = await client.GetAsync(new Uri(url).AbsolutePath);
        return response.StatusCode;
    }

    /// <summary>The link card's survey link (the Open the survey button's URL).</summary>
    private static string UrlOf(JsonNode card) => (string)Descendants(card).First(o => (string?)o["type"] == "Action.OpenUrl")["url"]!;

    private static IEnumerable<JsonObject> Descendants(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Descendants(p.Value))),
        JsonArray a => a.SelectMany(Descendants),
        _ => [],
    };

    [Fact]
    public async Task Typed_ManagerOfTwoTeams_PicksFromTheTouchpointsWithSoftStandards_ThenGetsTheLinkCard()
    {
        var pick = CardOf(await TypeAsync(_mia, "customer survey"))!;
        var choices = Descendants(pick).Single(o => (string?)o["id"] == CustomerVoiceNames.PickField)["choices"]!.AsArray();
        var shown = VisibleText.Of(pick);

        Assert.Equal(["Harbourside Store · Checkout", "Hilltop Store · Checkout"], choices.Select(c => (string)c!["title"]!));
        Assert.Contains("Not offered, as they have no soft standards to ask customers about: Delivery (Harbourside Store, Hilltop Store).", shown);
        Assert.Empty(VisibleText.Problems(pick));

        var (type, value) = await AnswerAsync(_t.Execute(_mia, CustomerVoiceNames.Show, new JsonObject { [CustomerVoiceNames.PickField] = "hilltop|checkout" }));
        var card = JsonNode.Parse(value)!;
        var live = await Links.CurrentAsync(_t.Tenant, Hilltop, Checkout, default);
        var text = VisibleText.Of(card);

        Assert.Equal("application/vnd.microsoft.card.adaptive", type);
        Assert.NotNull(live);
        Assert.Equal("Customer survey · Checkout · Hilltop Store", text[0]);
        Assert.Equal(live.Url, UrlOf(card));
        Assert.Contains(live.Url, text);
        Assert.Contains("• " + ListenedWording, text);
        Assert.Contains("• " + ThankedWording, text);
        var qr = (string)Descendants(card).Single(o => (string?)o["type"] == "Image")["url"]!;
        Assert.Equal(SurveyQr.PngDataUri(live.Url), qr);
        var png = SurveyQrDecoding.ReadPng(Convert.FromBase64String(qr["data:image/png;base64,".Length..]));
        Assert.Equal(live.Url, SurveyQrDecoding.Decode(png.Grey, png.Width, png.Height));
        Assert.Empty(VisibleText.Problems(card));
        Assert.Equal(HttpStatusCode.OK, await PageStatusAsync(live.Url));
    }

    [Theory]
    [InlineData("customer survey Checkout")]
    [InlineData("Customer Survey checkout please")]
    [InlineData("survey link chekout")]
    [InlineData("customer survey for the checkout please")]
    public async Task Typed_InTheTeamsChannel_WithTheTouchpoint_GoesStraightToTheLinkCard_AndReusesTheLiveLink(string text)
    {
        var issued = await Links.IssueAsync(_t.Tenant, Hilltop, Checkout, _max, default);

        var card = CardOf(await TypeAsync(_max, text, inChannel: true))!;

        Assert.Equal("Customer survey · Checkout · Hilltop Store", VisibleText.Of(card)[0]);
        Assert.Equal(issued.Url, UrlOf(card));
    }

    [Theory]
    [InlineData("customer survey", false)]
    [InlineData("survey poster", false)]
    [InlineData("customer survey Checkout", true)]
    public async Task Typed_FrontLine_RefusedWithWhoCan_AndNoLinkIssued(string text, bool inChannel)
    {
        var reply = await TypeAsync(_fran, text, inChannel);

        Assert.Equal(SurveyCardRoutes.ManagersOnly, (string?)reply["text"]);
        Assert.Null(await Links.CurrentAsync(_t.Tenant, Harbourside, Checkout, default));
    }

    [Fact]
    public async Task Buttons_ForgedCardData_Refused_NothingIssuedOrRevoked()
    {
        var live = await Links.IssueAsync(_t.Tenant, Harbourside, Checkout, _mia, default);

        // Max manages Hilltop only; Fran no team; a team and a touchpoint that are not in the setup; a touchpoint without soft standards.
        var otherTeam = await AnswerAsync(_t.Execute(_max, CustomerVoiceNames.Reissue, Target()));
        var frontLine = await AnswerAsync(_t.Execute(_fran, CustomerVoiceNames.Reissue, Target()));
        var frontLinePoster = await AnswerAsync(_t.Execute(_fran, CustomerVoiceNames.Poster, Target()));
        var noTeam = await AnswerAsync(_t.Execute(_mia, CustomerVoiceNames.Reissue, Target(team: "rival-store")));
        var noTouchpoint = await AnswerAsync(_t.Execute(_mia, CustomerVoiceNames.Show, Target(touchpoint: "returns")));
        var pickForged = await AnswerAsync(_t.Execute(_max, CustomerVoiceNames.Show, new JsonObject { [CustomerVoiceNames.PickField] = "harbourside|checkout" }));
        var nothingToAsk = await AnswerAsync(_t.Execute(_mia, CustomerVoiceNames.Show, Target(touchpoint: Delivery)));

        Assert.Equal(SurveyCardRoutes.NotYourTeam, otherTeam.Value);
        Assert.Equal(SurveyCardRoutes.ManagersOnly, frontLine.Value);
        Assert.Equal(SurveyCardRoutes.ManagersOnly, frontLinePoster.Value);
        Assert.Equal(SurveyCardRoutes.NotFound, noTeam.Value);
        Assert.Equal(SurveyCardRoutes.NotFound, noTouchpoint.Value);
        Assert.Equal(SurveyCardRoutes.NotYourTeam, pickForged.Value);
        Assert.Equal("Delivery has no soft standards for Harbourside Store, so a survey would have nothing to ask. Add one in **setup** first.", nothingToAsk.Value);
        Assert.Equal(live.Id, (await Links.CurrentAsync(_t.Tenant, Harbourside, Checkout, default))?.Id);
        Assert.Null(await Links.CurrentAsync(_t.Tenant, Harbourside, Delivery, default));
        Assert.DoesNotContain(_connector.Requests, r => r.Body.Contains(ConsentType, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reissue_NewLinkOnTheCardWithTheNotice_OldPageAnswers410_RedeliveryRevokesOnce()
    {
        var old = await Links.IssueAsync(_t.Tenant, Harbourside, Checkout, _mia, default);
        var activity = _t.Execute(_mia, CustomerVoiceNames.Reissue, Target());

        var (type, value) = await AnswerAsync(activity);
        var card = JsonNode.Parse(value)!;
        var after = await Links.CurrentAsync(_t.Tenant, Harbourside, Checkout, default);
        var again = await AnswerAsync(activity);

        Assert.Equal("application/vnd.microsoft.card.adaptive", type);
        Assert.Equal(SurveyCardRoutes.Reissued, VisibleText.Of(card)[0]);
        Assert.NotNull(after);
        Assert.NotEqual(old.Url, after.Url);
        Assert.Equal(after.Url, UrlOf(card));
        Assert.Equal(HttpStatusCode.Gone, await PageStatusAsync(old.Url));
        Assert.Equal(HttpStatusCode.OK, await PageStatusAsync(after.Url));
        // The same activity again: the card shows the link it issued, and that link still works.
        Assert.Equal(after.Url, UrlOf(JsonNode.Parse(again.Value)!));
        Assert.Equal(after.Id, (await Links.CurrentAsync(_t.Tenant, Harbourside, Checkout, default))?.Id);
        Assert.Equal(HttpStatusCode.OK, await PageStatusAsync(after.Url));
    }

    [Fact]
    public async Task Reissue_AsSubmitFallback_NewCardReplied()
    {
        var old = await Links.IssueAsync(_t.Tenant, Harbourside, Checkout, _mia, default);
        var data = Target();
        data["verb"] = CustomerVoiceNames.Reissue;

        var card = CardOf(await TypeSubmitAsync(_mia, data))!;

        Assert.Equal(SurveyCardRoutes.Reissued, VisibleText.Of(card)[0]);
        Assert.NotEqual(old.Url, UrlOf(card));
        Assert.Equal(HttpStatusCode.Gone, await PageStatusAsync(old.Url));
    }

    private async Task<JsonNode> TypeSubmitAsync(string aad, JsonObject data)
    {
        var activity = _t.PersonalText(aad, "");
        activity.Remove("text");
        activity["value"] = data;
        using var response = await _app.PostAsync(activity);
        response.EnsureSuccessStatusCode();
        return _connector.ReplyTo(activity).Json!;
    }

    [Fact]
    public async Task Typed_RedeliveredActivity_AtOnceAndLater_IssuesOneLink()
    {
        // Max manages Hilltop only, so "customer survey" goes straight to its one touchpoint with questions.
        var activity = _t.PersonalText(_max, "customer survey");
        var first = _app.PostAsync(activity);
        var second = _app.PostAsync(activity.DeepClone());
        using (var a = await first)
        using (var b = await second)
        {
            a.EnsureSuccessStatusCode();
            b.EnsureSuccessStatusCode();
        }

        using (var c = await _app.PostAsync(activity.DeepClone()))
        {
            c.EnsureSuccessStatusCode();
        }

        var cards = _connector.Requests.Select(r => r.Json).OfType<JsonObject>().Select(CardOf).OfType<JsonObject>().ToList();
        var live = await Links.CurrentAsync(_t.Tenant, Hilltop, Checkout, default);

        Assert.NotNull(live);
        Assert.Equal(3, cards.Count);
        Assert.All(cards, c => Assert.Equal(live.Url, UrlOf(c)));
        Assert.Equal(1, await LinkRowsAsync());
    }

    [Fact]
    public async Task Reissue_RedeliveredAtOnce_RevokesOnce_BothAnswersShowTheNewLink()
    {
        var old = await Links.IssueAsync(_t.Tenant, Hilltop, Checkout, _max, default);
        var activity = _t.Execute(_max, CustomerVoiceNames.Reissue, Target(team: Hilltop));

        var answers = await Task.WhenAll(AnswerAsync(activity), AnswerAsync((JsonObject)activity.DeepClone()));
        var live = await Links.CurrentAsync(_t.Tenant, Hilltop, Checkout, default);

        Assert.NotNull(live);
        Assert.NotEqual(old.Id, live.Id);
        Assert.All(answers, a => Assert.Equal(live.Url, UrlOf(JsonNode.Parse(a.Value)!)));
        Assert.Equal(2, await LinkRowsAsync());
    }

    /// <summary>How many links were ever issued in the tenant (<c>link|…</c> rows).</summary>
    private async Task<int> LinkRowsAsync()
    {
        var table = _app.Services.GetRequiredService<TableServiceClient>().GetTableClient(CustomerVoiceNames.LinksTable);
        var count = 0;
        await foreach (var row in table.QueryAsync(TableFilter.Create($"PartitionKey eq {TableKeys.ToSafeKey(_t.Tenant)}"), default))
        {
            count += row.RowKey.StartsWith("link|", StringComparison.Ordinal) ? 1 : 0;
        }

        return count;
    }

    [Fact]
    public async Task Poster_ManagerGetsAConsentCardForThePdf_InTheChannelToldItWentToThePersonalChat()
    {
        var live = await Links.IssueAsync(_t.Tenant, Hilltop, Checkout, _max, default);

        var inChat = await AnswerAsync(_t.Execute(_max, CustomerVoiceNames.Poster, Target(team: Hilltop)));
        var inChannel = await AnswerAsync(_t.Execute(_max, CustomerVoiceNames.Poster, Target(team: Hilltop), inChannel: true));

        Assert.Equal(SurveyCardRoutes.PosterSent, inChat.Value);
        Assert.Equal(SurveyCardRoutes.PosterSent, inChannel.Value);
        var consents = _connector.Requests.Where(r => r.Body.Contains(ConsentType, StringComparison.Ordinal)).Select(r => r.Json!["attachments"]![0]!).ToList();
        Assert.Equal(2, consents.Count);
        foreach (var consent in consents)
        {
            Assert.Equal("Customer survey poster \u2013 Checkout \u2013 Hilltop Store.pdf", (string?)consent["name"]);
            Assert.Equal("The A5 customer survey poster of Checkout at Hilltop Store (PDF)", (string?)consent["content"]!["description"]);
            Assert.InRange((int)consent["content"]!["sizeInBytes"]!, 2_000, 2_000_000);
            Assert.Equal(live.Id, (string?)consent["content"]!["acceptContext"]!["linkId"]);
            Assert.Equal(CustomerVoiceNames.PosterKind, (string?)consent["content"]!["acceptContext"]!["kind"]);
        }

        Assert.Equal(live.Id, (await Links.CurrentAsync(_t.Tenant, Hilltop, Checkout, default))?.Id);
    }

    [Theory]
    [InlineData("Checkout", "Harbourside Store", "Customer survey poster \u2013 Checkout \u2013 Harbourside Store.pdf")]
    [InlineData("Till / Returns: \"fast\"", "Store #42 <Leeds>", "Customer survey poster \u2013 Till Returns fast \u2013 Store 42 Leeds.pdf")]
    [InlineData("..", "Café & Bar", "Customer survey poster \u2013 team \u2013 Café & Bar.pdf")]
    public void PosterFileName_OnlySafeCharacters(string touchpoint, string team, string expected) =>
        Assert.Equal(expected, SurveyCardRoutes.PosterFileName(touchpoint, team));
}
