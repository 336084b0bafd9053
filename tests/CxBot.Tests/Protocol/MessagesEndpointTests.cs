using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CxBot.Features.Welcome;
using CxBot.Protocol.References;
using CxBot.Protocol.Routing;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Protocol;

[Collection(AzuriteCollection.Name)]
public sealed class MessagesEndpointTests(AzuriteFixture azurite) : LocalBotTests(azurite)
{
    [Fact]
    public async Task PersonalInstall_LocalMode_PostsWelcomeCardAndStoresReference()
    {
        var activity = TeamsFixtures.Personal("install-personal", Connector.ServiceUrl);

        using var response = await App.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Welcome answers first (registration order); setup may add a note for a tenant's first admin.
        var sent = Connector.Requests[0];
        Assert.Equal("POST", sent.Method);
        Assert.Equal($"/connector/v3/conversations/{activity["conversation"]!["id"]!.GetValue<string>()}/activities", sent.PathAndQuery);
        Assert.Equal("", sent.Authorization);
        var card = CardOf(sent);
        Assert.Contains("Welcome to CxBot", card.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Priya Shah", card.ToJsonString(), StringComparison.Ordinal);
        var store = App.Services.GetRequiredService<ConversationReferenceStore>();
        var reference = await store.GetAsync(ProactiveTarget.User("8f1c6f3e-2b7a-4c1d-9e55-0a1b2c3d4e5f", activity["from"]!["aadObjectId"]!.GetValue<string>()), default);
        Assert.NotNull(reference);
        Assert.Equal(Connector.ServiceUrl, reference.ServiceUrl);
        Assert.False(reference.Retired);
    }

    [Fact]
    public async Task TeamInstall_LocalMode_PostsTeamWelcomeCard()
    {
        var activity = TeamsFixtures.Load("install-team", Connector.ServiceUrl, "19:" + Guid.NewGuid().ToString("N") + "@thread.tacv2");

        using var response = await App.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Two cards; the team's roster is read too (a GET, after the answer).
        var posted = Connector.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal(2, posted.Count);
        var welcome = CardOf(posted[0]).ToJsonString();
        Assert.Contains("Store 42", welcome, StringComparison.Ordinal);
        Assert.Contains("Tom Okafor", welcome, StringComparison.Ordinal);
        Assert.Contains("Save team setup", CardOf(posted[1]).ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("help")]
    [InlineData("HELP")]
    [InlineData("  Help me please ")]
    public async Task HelpCommand_AnyCase_RepliesWithTheHomeCard(string text)
    {
        var activity = TeamsFixtures.Personal("message-personal", Connector.ServiceUrl);
        activity["text"] = text;

        var card = (await PostExpectingOneCardAsync(activity)).ToJsonString();
        Assert.Contains(WelcomeRoutes.HomeHeading, card, StringComparison.Ordinal);
        Assert.Contains("Log an incident", card, StringComparison.Ordinal);
        Assert.DoesNotContain("didn", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpCommand_ChannelMention_MentionStrippedAndHomeCardSent()
    {
        var activity = TeamsFixtures.Load("message-channel-mention", Connector.ServiceUrl);
        activity["text"] = "<at>CxBot</at> help\n";

        var card = await PostExpectingOneCardAsync(activity);

        Assert.Contains(WelcomeRoutes.HomeHeading, card.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownText_WithJsonAndTemplateSyntax_ShortFallbackThatDoesNotEchoIt()
    {
        var activity = TeamsFixtures.Personal("message-personal", Connector.ServiceUrl);
        activity["text"] = "what is ${userName} \"}";

        var card = await PostExpectingOneCardAsync(activity);
        var seen = VisibleText.Of(card);
        Assert.Equal(WelcomeRoutes.FallbackLine, seen[0]);
        Assert.Contains("Log an incident", seen);
        Assert.Empty(VisibleText.Problems(card));
    }

    [Fact]
    public async Task ActionExecute_HelpVerbOfAnOldWelcomeCard_ListComesAsANewMessageAndTheCardStays()
    {
        var activity = TeamsFixtures.Personal("invoke-action-execute", Connector.ServiceUrl);
        activity["value"]!["action"]!["verb"] = "help.show";

        using var response = await App.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.activity.message", body["type"]!.GetValue<string>());
        Assert.Contains("What you can type", CardOf(Assert.Single(Connector.Requests)).ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActionSubmit_HelpVerb_ReachesSameHandlerAndRepliesWithCard()
    {
        var activity = TeamsFixtures.Personal("message-action-submit", Connector.ServiceUrl);
        activity["value"]!["verb"] = "help.show";

        var card = await PostExpectingOneCardAsync(activity);

        Assert.Contains("What you can type", card.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActionExecute_UnknownVerb_FriendlyErrorResponse()
    {
        var activity = TeamsFixtures.Personal("invoke-action-execute", Connector.ServiceUrl);

        using var response = await App.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(400, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.error", body["type"]!.GetValue<string>());
        Assert.Contains("no longer works", body["value"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActionSubmit_UnknownVerb_FriendlyTextReply()
    {
        var activity = TeamsFixtures.Personal("message-action-submit", Connector.ServiceUrl);

        using var response = await App.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no longer works", Assert.Single(Connector.Requests).Json!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownInvoke_Returns501()
    {
        var activity = TeamsFixtures.Personal("invoke-action-execute", Connector.ServiceUrl);
        activity["name"] = "composeExtension/query";

        using var response = await App.PostAsync(activity);

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Empty(Connector.Requests);
    }

    [Theory]
    [InlineData("reaction-like")]
    [InlineData("member-added-to-team")]
    public async Task UnhandledEvent_Returns200AndSendsNothing(string fixture)
    {
        using var response = await App.PostAsync(TeamsFixtures.Load(fixture, Connector.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Nothing posted or changed; the people directory may read a joining member's name (a GET) after the answer.
        Assert.DoesNotContain(Connector.Requests, r => r.Method != "GET");
    }

    [Fact]
    public async Task NewEventType_Returns200()
    {
        var activity = TeamsFixtures.Personal("message-personal", Connector.ServiceUrl);
        activity["type"] = "somethingNew2027";

        using var response = await App.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("https://attacker.example.com/")]
    [InlineData("http://10.0.0.5/")]
    public async Task ServiceUrlOffAllowList_Returns403AndStoresNothing(string serviceUrl)
    {
        var activity = TeamsFixtures.Personal("install-personal", serviceUrl);

        using var response = await App.PostAsync(activity);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var stored = await App.Services.GetRequiredService<ConversationReferenceStore>()
            .GetAsync(ProactiveTarget.User("8f1c6f3e-2b7a-4c1d-9e55-0a1b2c3d4e5f", activity["from"]!["aadObjectId"]!.GetValue<string>()), default);
        Assert.Null(stored);
    }

    [Fact]
    public async Task BodyOverCap_Returns413AndSendsNothing()
    {
        var activity = TeamsFixtures.Personal("message-personal", Connector.ServiceUrl);
        activity["text"] = new string('x', 300 * 1024);

        using var response = await App.PostAsync(activity);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(Connector.Requests);
    }

    [Theory]
    [InlineData("{\"type\":\"message\",")]
    [InlineData("[1,2]")]
    [InlineData("{\"text\":\"no type\"}")]
    public async Task MalformedJson_Returns400(string body)
    {
        var client = App.CreateClient();
        using var response = await client.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(Connector.Requests);
    }

    [Fact]
    public async Task Uninstall_AfterInstall_RetiresReferenceAndProactiveSendStops()
    {
        var aad = Guid.NewGuid().ToString();
        var install = TeamsFixtures.Personal("install-personal", Connector.ServiceUrl, aad);
        var uninstall = TeamsFixtures.Load("uninstall-personal", Connector.ServiceUrl, install["conversation"]!["id"]!.GetValue<string>());
        uninstall["from"]!["aadObjectId"] = aad;
        (await App.PostAsync(install)).Dispose();
        var sender = App.Services.GetRequiredService<IProactiveSender>();
        var target = ProactiveTarget.User("8f1c6f3e-2b7a-4c1d-9e55-0a1b2c3d4e5f", aad);
        var onInstall = Connector.Requests.Count;
        var before = await sender.SendProactiveAsync(target, new CxBot.Protocol.Activity { Text = "ping", Summary = "ping" }, default);

        (await App.PostAsync(uninstall)).Dispose();
        var after = await sender.SendProactiveAsync(target, new CxBot.Protocol.Activity { Text = "ping", Summary = "ping" }, default);

        Assert.Equal(ProactiveOutcome.Sent, before.Outcome);
        Assert.Equal(install["conversation"]!["id"]!.GetValue<string>(), before.Reference?.ConversationId); // the reference it went through
        Assert.Equal(ProactiveOutcome.Retired, after.Outcome);
        Assert.Null(after.Reference);
        Assert.Equal(onInstall + 1, Connector.Requests.Count);
        Assert.Equal("ping", Connector.Requests[^1].Json!["text"]!.GetValue<string>());
        Assert.Equal(install["conversation"]!["id"]!.GetValue<string>(), Connector.Requests[^1].Json!["conversation"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task SendProactive_Blocked403_RetiresReference()
    {
        var install = TeamsFixtures.Personal("install-personal", Connector.ServiceUrl);
        (await App.PostAsync(install)).Dispose();
        var sender = App.Services.GetRequiredService<IProactiveSender>();
        var target = ProactiveTarget.User("8f1c6f3e-2b7a-4c1d-9e55-0a1b2c3d4e5f", install["from"]!["aadObjectId"]!.GetValue<string>());
        Connector.Enqueue(403, errorCode: "MessageWritesBlocked");

        var blocked = await sender.SendProactiveAsync(target, new CxBot.Protocol.Activity { Text = "ping", Summary = "ping" }, default);
        var next = await sender.SendProactiveAsync(target, new CxBot.Protocol.Activity { Text = "ping", Summary = "ping" }, default);

        Assert.Equal(ProactiveOutcome.Blocked, blocked.Outcome);
        Assert.Equal(ProactiveOutcome.Retired, next.Outcome);
    }

    [Fact]
    public async Task BotRemovedFromTeam_AfterMessage_ChannelReferenceRetired()
    {
        var channel = "19:" + Guid.NewGuid().ToString("N") + "@thread.tacv2";
        var message = TeamsFixtures.Load("message-channel-mention", Connector.ServiceUrl, channel + ";messageid=1");
        var removed = TeamsFixtures.Load("bot-added-to-team", Connector.ServiceUrl, channel);
        removed["membersRemoved"] = removed["membersAdded"]!.DeepClone();
        removed.Remove("membersAdded");
        removed["channelData"]!["eventType"] = "teamMemberRemoved";
        var store = App.Services.GetRequiredService<ConversationReferenceStore>();
        var target = ProactiveTarget.Conversation("8f1c6f3e-2b7a-4c1d-9e55-0a1b2c3d4e5f", channel);

        (await App.PostAsync(message)).Dispose();
        var before = await store.GetAsync(target, default);
        (await App.PostAsync(removed)).Dispose();
        var after = await store.GetAsync(target, default);

        Assert.False(before!.Retired);
        Assert.Equal(channel, before.ConversationId);
        Assert.Equal("19:Qx7nP2kR5sV8yB1eH4mJ6tW9zC3fL0gD@thread.tacv2", before.TeamId);
        Assert.True(after!.Retired);
    }

    [Fact]
    public async Task RunInBackground_AfterResponse_ReportsBackProactively()
    {
        await using var app = new BotApp(BotApp.With(Azurite.Server, [("Bot:AppId", "")]))
        {
            TestServices = s => s.AddSingleton<IBotRoutes>(new SlowRoutes()),
        };
        var activity = TeamsFixtures.Personal("message-personal", Connector.ServiceUrl);
        activity["text"] = "slow";

        using var response = await app.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await Connector.WaitForRequestsAsync(1, TimeSpan.FromSeconds(10)));
        var sent = Assert.Single(Connector.Requests).Json!;
        Assert.Equal("slow work done", sent["text"]!.GetValue<string>());
        Assert.Equal(activity["conversation"]!["id"]!.GetValue<string>(), sent["conversation"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task SendProactive_NeverInstalled_NoReference()
    {
        var sender = App.Services.GetRequiredService<IProactiveSender>();

        var result = await sender.SendProactiveAsync(ProactiveTarget.Conversation("t", "19:nobody@thread.tacv2"), new CxBot.Protocol.Activity { Text = "x", Summary = "x" }, default);

        Assert.Equal(ProactiveOutcome.NoReference, result.Outcome);
        Assert.Empty(Connector.Requests);
    }

    private async Task<JsonNode> PostExpectingOneCardAsync(JsonObject activity)
    {
        using var response = await App.PostAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return CardOf(Assert.Single(Connector.Requests));
    }

    private sealed class SlowRoutes : IBotRoutes
    {
        public void Map(BotRouteBuilder routes) => routes.OnCommand("slow", turn =>
        {
            turn.RunInBackground("test.slow", (background, ct) => background.SendTextAsync("slow work done", ct));
            return Task.CompletedTask;
        });
    }

    private static JsonNode CardOf(RecordedRequest request)
    {
        var attachment = request.Json!["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment["contentType"]!.GetValue<string>());
        return attachment["content"]!;
    }
}
