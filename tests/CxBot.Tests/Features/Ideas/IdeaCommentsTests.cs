using System.Text.Json.Nodes;
using CxBot.Features.Ideas;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Features.Ideas;

/// <summary>Short comments on the idea card: latest few on the card, all on request, user text shown as typed, redeliveries counted once.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class IdeaCommentsTests(AzuriteFixture azurite) : LocalBotTests(azurite)
{
    private const string Hostile = "Nice \" } ${notice} ${$root.ideaId} <at>All</at> **bold**";

    [Fact]
    public async Task Comment_FiveAndOneRedelivered_CardShowsLatestThreeAllOnRequestTextAsTyped()
    {
        var team = await new IdeaTeam(App, Connector).SetUpAsync();
        var id = IdeaTeam.IdeaIdOf(await team.SubmitAsync(team.Member, IdeaTeam.Form(Guid.NewGuid().ToString("N"), team.T.TeamId)));

        await CommentAsync(team, id, "first", "c1");
        await CommentAsync(team, id, "first", "c1");
        await CommentAsync(team, id, "second", "c2");
        await CommentAsync(team, id, Hostile, "c3");
        await CommentAsync(team, id, "fourth", "c4");
        var latest = await CommentAsync(team, id, "fifth", "c5");
        var all = await team.ActAsync(team.Manager, IdeaNames.Comments, id, inChannel: true);

        Assert.Equal(["**Frank Frontline**: " + Hostile, "**Frank Frontline**: fourth", "**Frank Frontline**: fifth"], Comments(latest));
        Assert.Contains("2 earlier comments", IdeaTeam.Text(latest), StringComparison.Ordinal);
        Assert.Equal(5, Comments(all).Count);
        Assert.Equal("**Frank Frontline**: first", Comments(all)[0]);
        Assert.Contains("**Frank Frontline**: fifth", Connector.Requests.Last(r => r.Method == "PUT").Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Comment_EmptyTooLongOrOnWithdrawnIdea_Refused()
    {
        var team = await new IdeaTeam(App, Connector).SetUpAsync();
        var id = IdeaTeam.IdeaIdOf(await team.SubmitAsync(team.Member, IdeaTeam.Form(Guid.NewGuid().ToString("N"), team.T.TeamId)));

        var empty = IdeaTeam.Text(await CommentAsync(team, id, "   ", "e1"));
        var tooLong = IdeaTeam.Text(await CommentAsync(team, id, new string('x', IdeaNames.MaxComment + 1), "e2"));
        await team.ActAsync(team.Member, IdeaNames.Withdraw, id);
        var closed = IdeaTeam.Text(await CommentAsync(team, id, "too late", "e3"));

        Assert.Equal("message: " + IdeaService.CommentLength, empty);
        Assert.Equal("message: " + IdeaService.CommentLength, tooLong);
        Assert.Equal("message: " + IdeaService.NoComments, closed);
    }

    private static Task<JsonNode> CommentAsync(IdeaTeam team, string id, string text, string activityId)
    {
        var a = team.T.Execute(team.Colleague, IdeaNames.Comment, new JsonObject { ["ideaId"] = id, ["comment"] = text }, inChannel: true);
        a["id"] = activityId;
        a["from"]!["name"] = "Frank Frontline";
        return team.InvokeAsync(a);
    }

    private static List<string> Comments(JsonNode body) =>
        [.. Walk(body["value"]).Where(t => t.StartsWith("**", StringComparison.Ordinal))];

    private static IEnumerable<string> Walk(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "text" && p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? [s] : Walk(p.Value)),
        JsonArray a => a.SelectMany(Walk),
        _ => [],
    };
}
