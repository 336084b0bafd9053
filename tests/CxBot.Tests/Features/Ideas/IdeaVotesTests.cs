using System.Text.Json.Nodes;
using CxBot.Features.Ideas;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Internal;

namespace CxBot.Tests.Features.Ideas;

/// <summary>Votes on the channel card through <c>/api/messages</c>, against Azurite: one per person, exact under concurrency and redelivery.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class IdeaVotesTests(AzuriteFixture azurite) : LocalBotTests(azurite)
{
    [Fact]
    public async Task Vote_TwiceThenTakenBackTwice_CountsOnceAndNoNewChannelMessages()
    {
        var team = await new IdeaTeam(App, Connector).SetUpAsync();
        var id = await SubmitAsync(team);
        var requestsBefore = Connector.Requests.Count;

        var voted = IdeaTeam.Text(await team.ActAsync(team.Colleague, IdeaNames.Vote, id, inChannel: true));
        var again = IdeaTeam.Text(await team.ActAsync(team.Colleague, IdeaNames.Vote, id, inChannel: true));
        var managerView = IdeaTeam.Text(await team.ActAsync(team.Manager, IdeaNames.Refresh, id, inChannel: true));
        var takenBack = IdeaTeam.Text(await team.ActAsync(team.Colleague, IdeaNames.Unvote, id, inChannel: true));
        var takenBackAgain = IdeaTeam.Text(await team.ActAsync(team.Colleague, IdeaNames.Unvote, id, inChannel: true));

        Assert.Contains("Thanks for your vote.", voted, StringComparison.Ordinal);
        Assert.Contains("1 vote\"", voted, StringComparison.Ordinal);
        Assert.Contains("\"ideas.unvote\"", voted, StringComparison.Ordinal);
        Assert.DoesNotContain("\"ideas.vote\"", voted, StringComparison.Ordinal);
        Assert.Contains("You had already voted.", again, StringComparison.Ordinal);
        Assert.Contains("1 vote\"", again, StringComparison.Ordinal);
        Assert.Contains("1 vote\"", managerView, StringComparison.Ordinal);
        Assert.Contains("\"ideas.vote\"", managerView, StringComparison.Ordinal);
        Assert.DoesNotContain("\"ideas.edit\"", managerView, StringComparison.Ordinal);
        Assert.Contains("Your vote is taken back.", takenBack, StringComparison.Ordinal);
        Assert.Contains("0 votes", takenBack, StringComparison.Ordinal);
        Assert.Contains("You had not voted.", takenBackAgain, StringComparison.Ordinal);
        Assert.Equal(requestsBefore, Connector.Requests.Count);
    }

    [Fact]
    public async Task Vote_ActionSubmitFromOlderClient_SharedCardUpdatedInPlace()
    {
        var team = await new IdeaTeam(App, Connector).SetUpAsync();
        var id = await SubmitAsync(team);
        var submit = team.T.Execute(team.Colleague, IdeaNames.Vote, new JsonObject(), inChannel: true);
        submit["type"] = "message";
        submit.Remove("name");
        submit["value"] = new JsonObject { ["verb"] = IdeaNames.Vote, ["ideaId"] = id };

        await team.PostAsync(submit);

        var update = Assert.Single(Connector.Requests, r => r.Method == "PUT");
        Assert.Contains("1 vote\"", update.Body, StringComparison.Ordinal);
        Assert.Single(Connector.Requests, r => r.Method == "POST" && r.Body.Contains("Idea for", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Vote_HundredPeopleAtOnceEachDeliveredTwice_ExactlyHundred()
    {
        var team = await new IdeaTeam(App, Connector).SetUpAsync();
        var id = await SubmitAsync(team);
        var voters = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid().ToString()).ToList();
        var activities = voters.SelectMany(v => Enumerable.Repeat(v, 2)).Select(v =>
        {
            var a = team.T.Execute(v, IdeaNames.Vote, new JsonObject { ["ideaId"] = id }, inChannel: true);
            a["id"] = "f:" + v;
            return a;
        }).ToList();

        var answers = await Task.WhenAll(activities.Select(team.InvokeAsync));

        Assert.All(answers, a => Assert.Equal("application/vnd.microsoft.card.adaptive", a["type"]!.GetValue<string>()));
        Assert.Equal(100, answers.Count(a => IdeaTeam.Text(a).Contains("Thanks for your vote.", StringComparison.Ordinal)));
        Assert.Equal(100, await App.Services.GetRequiredService<IdeaStore>().CountVotesAsync(team.T.Tenant, id, default));
        Assert.Contains("100 votes", IdeaTeam.Text(await team.ActAsync(team.Member, IdeaNames.Refresh, id, inChannel: true)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vote_ClosedOrUnknownIdea_RefusedAndNoVoteRowLeft()
    {
        var team = await new IdeaTeam(App, Connector).SetUpAsync();
        var id = await SubmitAsync(team);
        var unknown = Guid.NewGuid().ToString("N")[..24];
        var store = App.Services.GetRequiredService<IdeaStore>();

        await team.ActAsync(team.Member, IdeaNames.Withdraw, id);
        var closed = IdeaTeam.Text(await team.ActAsync(team.Colleague, IdeaNames.Vote, id, inChannel: true));
        var missing = IdeaTeam.Text(await team.ActAsync(team.Colleague, IdeaNames.Vote, unknown, inChannel: true));

        Assert.Equal("message: " + IdeaService.Closed, closed);
        Assert.Equal("message: " + IdeaService.NotFound, missing);
        Assert.Equal(0, await store.CountVotesAsync(team.T.Tenant, id, default));
        Assert.Equal(0, await store.CountVotesAsync(team.T.Tenant, unknown, default));
    }

    [Fact]
    public async Task RecentSetup_ForVoteCardsAndSubmissions_ReadAtMostOncePerFreshnessWindow()
    {
        var team = await new IdeaTeam(App, Connector).SetUpAsync();
        var clock = new StepClock(DateTimeOffset.UtcNow);
        using var cache = new MemoryCache(new MemoryCacheOptions { Clock = clock });
        var setup = ActivatorUtilities.CreateInstance<CxBot.Features.Setup.SetupService>(App.Services, (IMemoryCache)cache);

        var first = await setup.GetRecentAsync(team.T.Tenant, default);
        clock.UtcNow += CxBot.Features.Setup.SetupService.RecentFreshness - TimeSpan.FromMilliseconds(100);
        var within = await setup.GetRecentAsync(team.T.Tenant, default);
        clock.UtcNow += TimeSpan.FromMilliseconds(200);
        var after = await setup.GetRecentAsync(team.T.Tenant, default);

        Assert.Same(first, within);
        Assert.NotSame(first, after);
        Assert.Equal(first.Teams.Select(t => t.Id), after.Teams.Select(t => t.Id));
    }

    private static async Task<string> SubmitAsync(IdeaTeam team) =>
        IdeaTeam.IdeaIdOf(await team.SubmitAsync(team.Member, IdeaTeam.Form(Guid.NewGuid().ToString("N"), team.T.TeamId)));
}

/// <summary>A memory-cache clock the test moves by hand.</summary>
internal sealed class StepClock(DateTimeOffset start) : ISystemClock
{
    public DateTimeOffset UtcNow { get; set; } = start;
}
