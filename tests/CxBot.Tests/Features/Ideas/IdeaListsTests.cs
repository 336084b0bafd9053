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
        Assert.Equal(["Closed ideas (0)"], Buttons(top).Where(b => b != "Export CSV"));
    }

    [Fact]
    public async Task TeamIdeas_OnlyClosedIdeas_CountsAgreeWithRowsEmptyLineWordedForTheFilterAndClosedOnePressAway()
    {
        var team = await new IdeaTeam(App, Connector).SetUpAsync();
        var done = await SubmitAsync(team, team.Member, "Bags split in the rain");
        var no = await SubmitAsync(team, team.Colleague, "Vans park on the pavement");
        await team.ActAsync(team.Manager, IdeaNames.Decide, done, new JsonObject { ["status"] = "implemented" }, inChannel: true);
        await team.ActAsync(team.Manager, IdeaNames.Decide, no, new JsonObject { ["status"] = "declined", ["reason"] = "The council decides." }, inChannel: true);
        var fresh = await new IdeaTeam(App, Connector).SetUpAsync();

        var open = await ReplyAsync(team, team.T.ChannelText(team.Colleague, "team ideas"));
        var accepted = await ReplyAsync(team, team.T.ChannelText(team.Colleague, "Team ideas accepted"));
        var closed = (await team.ActAsync(team.Colleague, IdeaNames.List, "", new JsonObject { ["filter"] = "closed" }, inChannel: true))["value"]!;
        var typedClosed = await ReplyAsync(team, team.T.ChannelText(team.Member, "team ideas closed"));
        var nothingYet = await ReplyAsync(fresh, fresh.T.ChannelText(fresh.Member, "team ideas"));

        var openText = WhatPeopleSee.InCard(open);
        Assert.Contains("No open ideas right now.", openText);
        Assert.DoesNotContain(openText, t => t.Contains("Implemented 1", StringComparison.Ordinal) || t.Contains("No ideas here yet", StringComparison.Ordinal));
        Assert.Empty(Titles(open));
        Assert.Equal(["Closed ideas (2)"], Buttons(open));
        Assert.Contains("No accepted ideas yet.", WhatPeopleSee.InCard(accepted));
        Assert.Equal(["Open ideas (0)", "Closed ideas (2)"], Buttons(accepted));
        Assert.Equal(["Vans park on the pavement", "Bags split in the rain"], Titles(closed));
        Assert.Contains("2 closed ideas: Implemented 1 · Declined 1.", WhatPeopleSee.InCard(closed));
        Assert.DoesNotContain(WhatPeopleSee.InCard(closed), t => t.StartsWith("No ", StringComparison.Ordinal));
        Assert.Equal(["Open", "Open"], RowButtons(closed).Select(b => b.Title));
        Assert.Equal([no, done], RowButtons(closed).Select(b => b.IdeaId));
        Assert.Equal(["Open ideas (0)"], Buttons(closed));
        Assert.Equal(Titles(closed), Titles(typedClosed));
        Assert.Contains("Ideas of Store 42 – Leeds: closed", WhatPeopleSee.InCard(typedClosed)[0], StringComparison.Ordinal);
        Assert.Contains("No ideas here yet. Type \"idea\" to share one.", WhatPeopleSee.InCard(nothingYet));
        WhatPeopleSee.AssertReadable([.. openText, .. WhatPeopleSee.InCard(closed), .. WhatPeopleSee.InCard(nothingYet)]);
    }

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static async Task<string> SubmitAsync(IdeaTeam team, string user, string problem) =>
        IdeaTeam.IdeaIdOf(await team.SubmitAsync(user, IdeaTeam.Form(Guid.NewGuid().ToString("N"), team.T.TeamId, problem: problem)));

    private static async Task<JsonNode> ReplyAsync(IdeaTeam team, JsonObject activity) =>
        (await team.ReplyAsync(activity)).Json!["attachments"]![0]!["content"]!;

    /// <summary>The card's own buttons (the other lists, the export), not the rows' Open buttons.</summary>
    private static List<string> Buttons(JsonNode card) => [.. (card["actions"]?.AsArray() ?? []).Select(a => (string)a!["title"]!).Where(t => t != "Export CSV")];

    private static List<(string Title, string IdeaId)> RowButtons(JsonNode card) =>
        [.. card["body"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "Container")
            .Select(e => e!["items"]![2]!["actions"]![0]!).Select(a => ((string)a["title"]!, (string)a["data"]!["ideaId"]!))];

    private static List<string> Titles(JsonNode card) =>
        [.. card["body"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "Container").Select(e => e!["items"]![0]!["text"]!.GetValue<string>())];
}
