using System.Text.Json.Nodes;
using CxBot.Features.Ideas;
using CxBot.Testing;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Features.Ideas;

/// <summary><c>my ideas</c> and <c>team ideas</c> through <c>/api/messages</c>: own ideas newest first, the team's top by votes, filtered by status.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class IdeaListsTests(AzuriteFixture azurite) : LocalBotTests(azurite)
{
    [Fact]
    public async Task Lists_MyAndTeamIdeas_OwnIncludingWithdrawnTeamTopByVotesAndByStatus()
    {
        var team = await new IdeaTeam(App, Connector).SetUpAsync();
        var a = await SubmitAsync(team, team.Member, "Alpha problem");
        var b = await SubmitAsync(team, team.Member, "Bravo problem");
        var c = await SubmitAsync(team, team.Member, "Charlie problem");
        var d = await SubmitAsync(team, team.Colleague, "Delta problem");
        await team.ActAsync(team.Member, IdeaNames.Withdraw, a);
        await team.ActAsync(team.Colleague, IdeaNames.Vote, b, inChannel: true);
        await team.ActAsync(team.Manager, IdeaNames.Vote, b, inChannel: true);
        await team.ActAsync(team.Manager, IdeaNames.Vote, c, inChannel: true);
        await team.ActAsync(team.Manager, IdeaNames.Decide, d, new JsonObject { ["status"] = "underReview", ["reason"] = "Looking." }, inChannel: true);
        await team.ActAsync(team.Manager, IdeaNames.Decide, d, new JsonObject { ["status"] = "accepted", ["reason"] = "Yes." }, inChannel: true);

        var mine = await ReplyAsync(team, team.T.PersonalText(team.Member, "my ideas"));
        var top = await ReplyAsync(team, team.T.ChannelText(team.Colleague, "team ideas"));
        var accepted = await ReplyAsync(team, team.T.ChannelText(team.Colleague, "team ideas accepted"));
        var outsider = (await team.ReplyAsync(team.T.PersonalText(Guid.NewGuid().ToString(), "team ideas"))).Json!["text"]!.GetValue<string>();

        Assert.Equal(["Charlie problem", "Bravo problem", "Alpha problem"], Titles(mine));
        Assert.Contains("New 2 · Withdrawn 1", mine.ToJsonString(Relaxed), StringComparison.Ordinal);
        Assert.Equal(["Bravo problem", "Charlie problem", "Delta problem"], Titles(top));
        Assert.Contains("New · 2 votes", top.ToJsonString(Relaxed), StringComparison.Ordinal);
        Assert.Contains("New 2 · Accepted 1", top.ToJsonString(Relaxed), StringComparison.Ordinal);
        Assert.Equal(["Delta problem"], Titles(accepted));
        Assert.Equal(IdeaService.NoTeam, outsider);
    }

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static async Task<string> SubmitAsync(IdeaTeam team, string user, string problem) =>
        IdeaTeam.IdeaIdOf(await team.SubmitAsync(user, IdeaTeam.Form(Guid.NewGuid().ToString("N"), team.T.TeamId, problem: problem)));

    private static async Task<JsonNode> ReplyAsync(IdeaTeam team, JsonObject activity) =>
        (await team.ReplyAsync(activity)).Json!["attachments"]![0]!["content"]!;

    private static List<string> Titles(JsonNode card) =>
        [.. card["body"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "Container").Select(e => e!["items"]![0]!["text"]!.GetValue<string>())];
}
