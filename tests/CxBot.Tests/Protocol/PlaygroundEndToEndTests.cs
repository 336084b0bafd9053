using System.Net;
using System.Text.Json.Nodes;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Xunit.Abstractions;

namespace CxBot.Tests.Protocol;

/// <summary>The bot on a real Kestrel port in local mode, chatting with the real Agents Playground over its HTTP API and WebSocket stream.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PlaygroundEndToEndTests(AzuriteFixture azurite, ITestOutputHelper output) : PlaygroundTests(azurite, output)
{
    [Fact]
    public async Task Playground_InstallHelpAndExecute_WelcomeCardHomeCardAndTheListAsANewMessage()
    {
        var config = await Playground.GetConfigAsync();
        var chat = config["personalChat"]!["id"]!.GetValue<string>();
        var user = config["currentUser"]!["id"]!.GetValue<string>();

        await Playground.InstallAsync(chat);
        var welcome = await Playground.WaitForAsync(e => HasCardText(e, "Welcome to CxBot"), Wait);

        await Playground.SendTextAsync(chat, user, "help");
        await Playground.WaitForAsync(e => HasCardText(e, "What would you like to do?"), Wait);

        // An old welcome card's Action.Execute "What can I do?": the list comes as a new message and the card stays.
        var replyToId = ActivityIdOf(welcome);
        var (status, body) = await ExecuteAsync(chat, user, replyToId, "help.show", new JsonObject { ["verb"] = "help.show" });

        Assert.Equal(200, status);
        Assert.Contains("application/vnd.microsoft.activity.message", body!.ToJsonString(), StringComparison.Ordinal);
        await Playground.WaitForAsync(e => HasCardText(e, "What you can type"), Wait);
        await AssertEverythingReadableAsync();
    }

    [Fact]
    public async Task Playground_FreshInstall_InstallerIsAdminAndPicksStarterJourney()
    {
        var config = await Playground.GetConfigAsync();
        var chat = config["personalChat"]!["id"]!.GetValue<string>();
        var user = config["currentUser"]!["id"]!.GetValue<string>();

        await Playground.InstallAsync(chat);
        await Playground.WaitForAsync(e => HasCardText(e, "Welcome to CxBot"), Wait);
        await Playground.WaitForAsync(e => e.ToJsonString().Contains("first CxBot admin", StringComparison.Ordinal), Wait);
        await Playground.SendTextAsync(chat, user, "setup");
        var setupCard = await Playground.WaitForAsync(e => HasCardText(e, "Start from a ready-made journey"), Wait);
        var (status, body) = await ExecuteAsync(chat, user, ActivityIdOf(setupCard), "setup.journey.pick", new JsonObject { ["journey"] = "delivery" });

        Assert.True(status == 200, body?.ToJsonString());
        Assert.Contains("Delivery slot kept", body!.ToJsonString(), StringComparison.Ordinal);
        await AssertEverythingReadableAsync();
    }

    [Fact]
    public async Task Playground_TeamInstall_TeamWelcomeCardInTheChannel()
    {
        var config = await Playground.GetConfigAsync();
        var team = config["teams"]![0]!["id"]!.GetValue<string>();
        // The Playground's install events carry no name: its user chats first, so CxBot knows them when the team card names them.
        await Playground.SendTextAsync(config["personalChat"]!["id"]!.GetValue<string>(), config["currentUser"]!["id"]!.GetValue<string>(), "help");
        await Playground.WaitForAsync(e => HasCardText(e, "What would you like to do?"), Wait);

        await Playground.InstallAsync(team);

        var welcome = await Playground.WaitForAsync(e => HasCardText(e, "CxBot has joined"), Wait);
        Assert.Equal(team, welcome["actionConversationId"]!.GetValue<string>());
        await AssertEverythingReadableAsync();
    }

    /// <summary>The user presses an <c>Action.Execute</c> button on the message <paramref name="replyToId"/>.</summary>
    private Task<(int Status, JsonNode? Body)> ExecuteAsync(string chat, string user, string replyToId, string verb, JsonObject data) =>
        Playground.InvokeAsync(new JsonObject
        {
            ["name"] = "adaptiveCard/action",
            ["value"] = new JsonObject
            {
                ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data },
                ["trigger"] = "manual",
            },
            ["from"] = new JsonObject { ["id"] = user },
            ["conversation"] = new JsonObject { ["id"] = chat },
            ["replyToId"] = replyToId,
        });

    private static bool HasCardText(JsonNode node, string text) =>
        node.ToJsonString().Contains("application/vnd.microsoft.card.adaptive", StringComparison.Ordinal)
        && node.ToJsonString().Contains(text, StringComparison.Ordinal);

    // Stream events look like {"action":"createMessage","actionConversationId":…,"message":{"messageId":…,"attachments":[…]}}.
    private static string ActivityIdOf(JsonNode node) =>
        node["message"]?["messageId"]?.ToString() ?? throw new InvalidOperationException("No message id in " + node.ToJsonString());
}
