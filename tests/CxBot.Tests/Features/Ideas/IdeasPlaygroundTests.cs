using System.Net;
using System.Text.Json.Nodes;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Xunit.Abstractions;

namespace CxBot.Tests.Features.Ideas;

/// <summary>Ideas with the real Agents Playground: share an idea from the personal chat, see it posted to the team, vote on it there.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class IdeasPlaygroundTests(AzuriteFixture azurite, ITestOutputHelper output) : PlaygroundTests(azurite, output)
{
    [Fact]
    public async Task Playground_ShareIdeaThenVoteInTeam_ChannelCardPostedAndVoteCounted()
    {
        var config = await Playground.GetConfigAsync();
        var chat = config["personalChat"]!["id"]!.GetValue<string>();
        var user = config["currentUser"]!["id"]!.GetValue<string>();
        var team = config["teams"]![0]!["id"]!.GetValue<string>();
        await Playground.InstallAsync(chat);
        await Playground.WaitForAsync(e => e.ToJsonString().Contains("first CxBot admin", StringComparison.Ordinal), Wait);
        // The Playground's install events carry no name: its user chats first, so CxBot knows them when the team card names them.
        await Playground.SendTextAsync(chat, user, "help");
        await Playground.WaitForAsync(e => e.ToJsonString().Contains("What would you like to do?", StringComparison.Ordinal), Wait);
        await Playground.InstallAsync(team);
        await Playground.WaitForAsync(e => e.ToJsonString().Contains("Save team setup", StringComparison.Ordinal), Wait);

        await Playground.SendTextAsync(chat, user, "idea");
        var form = await Playground.WaitForAsync(e => e.ToJsonString().Contains("Share an idea", StringComparison.Ordinal) && e.ToJsonString().Contains("proposal", StringComparison.Ordinal), Wait);
        var token = Guid.NewGuid().ToString("N");
        var (status, shared) = await ExecuteAsync(chat, user, IdOf(form), "ideas.submit", new JsonObject
        {
            ["token"] = token, ["teamId"] = team, ["problem"] = "Late slots cause calls.", ["proposal"] = "Text customers when late.",
        });
        var posted = await Playground.WaitForAsync(e => e["actionConversationId"]?.ToString() == team && e.ToJsonString().Contains("Idea for", StringComparison.Ordinal), Wait);
        var ideaId = shared!["value"]!["refresh"]!["action"]!["data"]!["ideaId"]!.GetValue<string>();
        // A channel post is its own thread: the invoke names it as the playground does.
        var thread = posted["message"]?["postConversationId"]?.ToString() ?? team;
        var (voteStatus, voted) = await ExecuteAsync(thread, user, IdOf(posted), "ideas.vote", new JsonObject { ["ideaId"] = ideaId });

        Assert.True(status == 200, shared?.ToJsonString());
        Assert.Contains("shared with", shared!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("0 votes", posted.ToJsonString(), StringComparison.Ordinal);
        Assert.True(voteStatus == 200, voted?.ToJsonString());
        Assert.Contains("\"1 vote\"", voted!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Thanks for your vote.", voted.ToJsonString(), StringComparison.Ordinal);
        await AssertEverythingReadableAsync();
    }

    private Task<(int Status, JsonNode? Body)> ExecuteAsync(string conversation, string user, string replyToId, string verb, JsonObject data) =>
        Playground.InvokeAsync(new JsonObject
        {
            ["name"] = "adaptiveCard/action",
            ["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data }, ["trigger"] = "manual" },
            ["from"] = new JsonObject { ["id"] = user },
            ["conversation"] = new JsonObject { ["id"] = conversation },
            ["replyToId"] = replyToId,
        });

    private static string IdOf(JsonNode node) =>
        node["message"]?["messageId"]?.ToString() ?? throw new InvalidOperationException("No message id in " + node.ToJsonString());
}
