using System.Net;
using System.Text.Json.Nodes;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Xunit.Abstractions;

namespace CxBot.Tests.Protocol;

/// <summary>The bot on a real Kestrel port in local mode, chatting with the real Agents Playground over its HTTP API and WebSocket stream.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PlaygroundEndToEndTests(AzuriteFixture azurite, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private BotApp _bot = null!;
    private PlaygroundServer _playground = null!;

    public async Task InitializeAsync()
    {
        var port = FreePort.Next();
        // Its own tables: the playground's tenant and user are the same in every test, and the first installer becomes admin.
        _bot = BotApp.Local(azurite.Server, ("Storage:TablePrefix", TestTables.UniquePrefix()));
        _bot.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        _bot.StartServer();
        _playground = await PlaygroundServer.StartAsync(new Uri($"http://127.0.0.1:{port}/api/messages"));
    }

    public async Task DisposeAsync()
    {
        foreach (var seen in _playground.Seen)
        {
            output.WriteLine(seen.ToJsonString());
        }

        await _playground.DisposeAsync();
        await _bot.DisposeAsync();
    }

    [Fact]
    public async Task Playground_InstallHelpAndExecute_WelcomeCardHelpCardAndInvokeResponse()
    {
        var config = await _playground.GetConfigAsync();
        var chat = config["personalChat"]!["id"]!.GetValue<string>();
        var user = config["currentUser"]!["id"]!.GetValue<string>();

        await _playground.InstallAsync(chat);
        var welcome = await _playground.WaitForAsync(e => HasCardText(e, "Welcome to CxBot"), Wait);

        await _playground.SendTextAsync(chat, user, "help");
        await _playground.WaitForAsync(e => HasCardText(e, "What you can ask me"), Wait);

        var replyToId = ActivityIdOf(welcome);
        var (status, body) = await ExecuteAsync(chat, user, replyToId, "help.show", new JsonObject { ["verb"] = "help.show" });

        Assert.Equal(200, status);
        Assert.Contains("application/vnd.microsoft.card.adaptive", body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("What you can ask me", body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Playground_FreshInstall_InstallerIsAdminAndPicksStarterJourney()
    {
        var config = await _playground.GetConfigAsync();
        var chat = config["personalChat"]!["id"]!.GetValue<string>();
        var user = config["currentUser"]!["id"]!.GetValue<string>();

        await _playground.InstallAsync(chat);
        await _playground.WaitForAsync(e => HasCardText(e, "Welcome to CxBot"), Wait);
        await _playground.WaitForAsync(e => e.ToJsonString().Contains("first CxBot admin", StringComparison.Ordinal), Wait);
        await _playground.SendTextAsync(chat, user, "setup");
        var setupCard = await _playground.WaitForAsync(e => HasCardText(e, "Start from a ready-made journey"), Wait);
        var (status, body) = await ExecuteAsync(chat, user, ActivityIdOf(setupCard), "setup.journey.pick", new JsonObject { ["journey"] = "delivery" });

        Assert.True(status == 200, body?.ToJsonString());
        Assert.Contains("Delivery slot kept", body!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Playground_TeamInstall_TeamWelcomeCardInTheChannel()
    {
        var config = await _playground.GetConfigAsync();
        var team = config["teams"]![0]!["id"]!.GetValue<string>();

        await _playground.InstallAsync(team);

        var welcome = await _playground.WaitForAsync(e => HasCardText(e, "CxBot has joined"), Wait);
        Assert.Equal(team, welcome["actionConversationId"]!.GetValue<string>());
    }

    /// <summary>The user presses an <c>Action.Execute</c> button on the message <paramref name="replyToId"/>.</summary>
    private Task<(int Status, JsonNode? Body)> ExecuteAsync(string chat, string user, string replyToId, string verb, JsonObject data) =>
        _playground.InvokeAsync(new JsonObject
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
