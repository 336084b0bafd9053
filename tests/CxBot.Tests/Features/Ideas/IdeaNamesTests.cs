using System.Text;
using System.Text.Json.Nodes;
using CxBot.Features.Ideas;
using CxBot.Features.People;
using CxBot.Features.Setup;
using CxBot.Testing;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Features.Ideas;

/// <summary>What people read about ideas through <c>/api/messages</c>: submitter, commenters and deciders by name in every card and list, never an id.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class IdeaNamesTests(AzuriteFixture azurite) : LocalBotTests(azurite)
{
    [Fact]
    public async Task Idea_SharedCommentedAndDecided_ChannelCardCardsAndListsNamePeople()
    {
        var team = new IdeaTeam(App, Connector);
        (team.Names[team.Manager], team.Names[team.Member], team.Names[team.Colleague]) = ("Maya Manager", "Mia Member", "Cal Colleague");
        await team.SetUpAsync();
        var id = IdeaTeam.IdeaIdOf(await team.SubmitAsync(team.Member, IdeaTeam.Form(Guid.NewGuid().ToString("N"), team.T.TeamId)));
        await team.ActAsync(team.Colleague, IdeaNames.Vote, id, inChannel: true);
        // Some clients send no name with an action: the comment is still shown under the name CxBot knows from Cal's vote.
        team.Names.Remove(team.Colleague);
        var comment = team.T.Execute(team.Colleague, IdeaNames.Comment, new JsonObject { ["ideaId"] = id, ["comment"] = "Yes please." }, inChannel: true);
        comment["from"]!.AsObject().Remove("name");
        await team.InvokeAsync(comment);
        await team.ActAsync(team.Manager, IdeaNames.Decide, id, new JsonObject { ["status"] = "underReview", ["reason"] = "Looking at costs." }, inChannel: true);

        var card = IdeaTeam.Text(await team.ActAsync(team.Manager, IdeaNames.Refresh, id, inChannel: true));
        var top = (await team.ReplyAsync(team.T.ChannelText(team.Manager, "team ideas"))).Json!;
        var mine = (await team.ReplyAsync(team.T.PersonalText(team.Member, "my ideas"))).Json!;

        var posted = Assert.Single(Connector.Requests, r => r.Method == "POST" && r.Body.Contains("Idea for", StringComparison.Ordinal) && Uri.UnescapeDataString(r.PathAndQuery).Contains($"/v3/conversations/{team.T.TeamId}/", StringComparison.Ordinal)).Json!;
        Assert.Equal("Mia Member shared an idea for Store 42 – Leeds", (string?)posted["summary"]);
        WhatPeopleSee.AssertReadable(WhatPeopleSee.InActivity(posted), "From Mia Member");
        WhatPeopleSee.AssertReadable(WhatPeopleSee.InCard(JsonNode.Parse(card)), "From Mia Member", "**Cal Colleague**: Yes please.", "Under review by Maya Manager: Looking at costs.");
        WhatPeopleSee.AssertReadable(WhatPeopleSee.InActivity(top), "Under review · 1 vote · Store 42 – Leeds · from Mia Member · decided by Maya Manager");
        WhatPeopleSee.AssertReadable(WhatPeopleSee.InActivity(mine), "Under review · 1 vote · Store 42 – Leeds · decided by Maya Manager");
        var updated = Connector.Requests.Last(r => r.Method == "PUT").Json!;
        WhatPeopleSee.AssertReadable(WhatPeopleSee.InActivity(updated), "From Mia Member", "**Cal Colleague**: Yes please.", "Under review by Maya Manager");
    }

    [Fact]
    public void IdeaCsv_SubmitterWithoutAStoredNameAndADecider_BothByNameNeverById()
    {
        var (member, manager) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var at = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var idea = new Idea("idea-1", "tenant", "team", member, null, new IdeaText("Late slots.", "Text customers.", null, null, null, null), IdeaStatus.Accepted, "Yes.", manager, at, at, null);
        var names = new NameBook(new Dictionary<string, PersonFacts>
        {
            [member] = new(member, "Mia Member", null, null, null, null, PersonSources.Activity),
            [manager] = new(manager, "Maya Manager", null, null, null, null, PersonSources.Roster),
        });

        var csv = Encoding.UTF8.GetString(IdeaCsv.Write([new IdeaResult(idea, IdeaTally.None, null, false)], TenantSetup.Empty, names)).TrimStart('\uFEFF').Split("\r\n");

        Assert.EndsWith(",Reason,Decided by", csv[0], StringComparison.Ordinal);
        Assert.Contains(",Mia Member,Late slots.,", csv[1], StringComparison.Ordinal);
        Assert.EndsWith(",Yes.,Maya Manager", csv[1], StringComparison.Ordinal);
        Assert.DoesNotContain(member, csv[1], StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(manager, csv[1], StringComparison.OrdinalIgnoreCase);
    }
}
