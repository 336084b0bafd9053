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

        var answers = await Task.WhenAll(activities.Select(a => team.InvokeAsync(a)));

        Assert.All(answers, a => Assert.Equal("application/vnd.microsoft.card.adaptive", a["type"]!.GetValue<string>()));
        Assert.Equal(100, answers.Count(a => IdeaTeam.Text(a).Contains("Thanks for your vote.", StringComparison.Ordinal)));
        await AssertCountAsync(team, id, 100);
        Assert.Contains("100 votes", IdeaTeam.Text(await team.ActAsync(team.Member, IdeaNames.Refresh, id, inChannel: true)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vote_TwoInstancesHundredPeopleEachDeliveredToBoth_ExactlyHundredInColumnAndRows()
    {
        var team = await new IdeaTeam(App, Connector).SetUpAsync();
        var id = await SubmitAsync(team);
        await using var other = BotApp.Local(Azurite.Server, ("Bot:ConnectorRetryDelay", "00:00:00.001"), ("Storage:TablePrefix", App.TablePrefix));
        var voters = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid().ToString()).ToList();

        var answers = await Task.WhenAll(voters.SelectMany(v => new[] { App, other }.Select(app =>
        {
            var a = team.T.Execute(v, IdeaNames.Vote, new JsonObject { ["ideaId"] = id }, inChannel: true);
            a["id"] = "f:" + v;
            return team.InvokeAsync(a, app);
        })));

        Assert.Equal(100, answers.Count(a => IdeaTeam.Text(a).Contains("Thanks for your vote.", StringComparison.Ordinal)));
        Assert.Equal(100, answers.Count(a => IdeaTeam.Text(a).Contains("You had already voted.", StringComparison.Ordinal)));
        await AssertCountAsync(team, id, 100);
    }

    [Fact]
    public async Task Vote_VotesAndTakeBacksAtOnceOnTwoInstances_ColumnEqualsRowsAndAnswers()
    {
        var team = await new IdeaTeam(App, Connector).SetUpAsync();
        var id = await SubmitAsync(team);
        await using var other = BotApp.Local(Azurite.Server, ("Bot:ConnectorRetryDelay", "00:00:00.001"), ("Storage:TablePrefix", App.TablePrefix));
        var voters = Enumerable.Range(0, 60).Select(_ => Guid.NewGuid().ToString()).ToList();
        var changes = voters.Select(v => (Voter: v, Verb: IdeaNames.Vote)).Concat(voters.Take(30).Select(v => (Voter: v, Verb: IdeaNames.Unvote))).ToList();

        var answers = await Task.WhenAll(changes.Select((c, i) => team.InvokeAsync(team.T.Execute(c.Voter, c.Verb, new JsonObject { ["ideaId"] = id }, inChannel: true), i % 2 == 0 ? App : other)));

        var texts = answers.Select(IdeaTeam.Text).ToList();
        var added = texts.Count(t => t.Contains("Thanks for your vote.", StringComparison.Ordinal));
        var takenBack = texts.Count(t => t.Contains("Your vote is taken back.", StringComparison.Ordinal));
        Assert.Equal(60, added);
        Assert.Equal(30, takenBack + texts.Count(t => t.Contains("You had not voted.", StringComparison.Ordinal)));
        await AssertCountAsync(team, id, added - takenBack);
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
        await AssertCountAsync(team, id, 0);
        Assert.Equal(0, await store.CountVotesAsync(team.T.Tenant, unknown, default));
        Assert.Null(await store.GetAsync(team.T.Tenant, unknown, default));
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

    /// <summary>The count on the idea row and the number of vote rows are both <paramref name="votes"/>.</summary>
    private async Task AssertCountAsync(IdeaTeam team, string id, int votes)
    {
        var store = App.Services.GetRequiredService<IdeaStore>();
        Assert.Equal(votes, await store.CountVotesAsync(team.T.Tenant, id, default));
        Assert.Equal(votes, (await store.GetAsync(team.T.Tenant, id, default))!.Tally.Votes);
    }

    private static async Task<string> SubmitAsync(IdeaTeam team) =>
        IdeaTeam.IdeaIdOf(await team.SubmitAsync(team.Member, IdeaTeam.Form(Guid.NewGuid().ToString("N"), team.T.TeamId)));
}

/// <summary>A memory-cache clock the test moves by hand.</summary>
internal sealed class StepClock(DateTimeOffset start) : ISystemClock
{
    public DateTimeOffset UtcNow { get; set; } = start;
}
