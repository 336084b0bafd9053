using System.Text.Json.Nodes;
using Azure;
using CxBot.Features.Ideas;
using CxBot.Storage;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CxBot.Tests.Features.Ideas;

/// <summary>
/// Every decision on an idea is kept with it, through <c>/api/messages</c> on a clock the test moves: accepted then implemented
/// in one week is two decisions with their own times; a redelivery adds none; an idea stored before decisions were kept reads
/// with one made up from its status. <see cref="IIdeaResults"/>, what the scorecards read, returns them.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class IdeaDecisionHistoryTests(AzuriteFixture azurite) : IAsyncLifetime
{
    /// <summary>A Monday morning; the test moves the clock by hours within that week.</summary>
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
    private FakeConnector _connector = null!;
    private BotApp _app = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _app = new BotApp(BotApp.With(azurite.Server, [("Bot:ConnectorRetryDelay", "00:00:00.001"), ("Storage:TablePrefix", TestTables.UniquePrefix())]))
        {
            TestServices = s => s.AddSingleton<TimeProvider>(_clock),
        };
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _connector.DisposeAsync();
        var problems = SentChecks.Problems(_connector, _app);
        Assert.True(problems.Count == 0, "What the bot sent in this test is wrong:\n" + string.Join('\n', problems));
    }

    private IIdeaResults Results => _app.Services.GetRequiredService<IIdeaResults>();

    [Fact]
    public async Task Decide_AcceptedThenImplementedInOneWeekThenTheAcceptRedelivered_TwoDecisionsWithTheirTimesAndStatusImplemented()
    {
        var team = await NewTeamAsync();
        var id = await SubmitAsync(team, "Late slots cause calls.");
        await team.ActAsync(team.Colleague, IdeaNames.Vote, id, inChannel: true);
        var acceptForm = await OpenFormAsync(team, id);

        _clock.Advance(TimeSpan.FromHours(2));
        var acceptedAt = _clock.GetUtcNow();
        var accepted = IdeaTeam.Text(await DecideAsync(team, id, "accepted", "", acceptForm));
        _clock.Advance(TimeSpan.FromDays(2));
        var implementedAt = _clock.GetUtcNow();
        var implemented = IdeaTeam.Text(await DecideAsync(team, id, "implemented", "", await OpenFormAsync(team, id)));
        _clock.Advance(TimeSpan.FromMinutes(5));
        var acceptAgain = (await DecideAsync(team, id, "accepted", "", acceptForm))["value"]!;

        Assert.Contains("Decision saved: accepted. Mia Member is told.", accepted, StringComparison.Ordinal);
        Assert.Contains("Decision saved: implemented. Mia Member is told.", implemented, StringComparison.Ordinal);
        Assert.Contains(IdeaReview.Stale, WhatPeopleSee.InCard(acceptAgain));
        var record = Assert.Single(await Results.TeamIdeasAsync(team.T.Tenant, team.T.TeamId, 10, default));
        Assert.Equal((id, team.T.TeamId, "Late slots cause calls.", IdeaStatus.Implemented, 1), (record.Id, record.TeamId, record.Title, record.Status, record.Votes));
        Assert.Equal(
            [new IdeaDecision(IdeaStatus.Accepted, acceptedAt, team.Manager), new IdeaDecision(IdeaStatus.Implemented, implementedAt, team.Manager)],
            record.Decisions);
        Assert.Equal(1, await Results.CountVoteRowsAsync(team.T.Tenant, id, default));
    }

    [Fact]
    public async Task Decide_OneStepNewToImplementedDeliveredThreeTimes_OneDecisionAndTheSubmitterToldOnce()
    {
        var team = await NewTeamAsync();
        var id = await SubmitAsync(team, "Bags split in the rain.");
        var form = await OpenFormAsync(team, id);
        _clock.Advance(TimeSpan.FromHours(1));
        var decidedAt = _clock.GetUtcNow();

        var first = IdeaTeam.Text(await DecideAsync(team, id, "implemented", "", form));
        _clock.Advance(TimeSpan.FromSeconds(30));
        var again = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => DecideAsync(team, id, "implemented", "", form)));

        Assert.Contains("Decision saved: implemented. Mia Member is told.", first, StringComparison.Ordinal);
        Assert.All(again, a => Assert.Contains("Decision saved: implemented.", IdeaTeam.Text(a), StringComparison.Ordinal));
        Assert.All(again, a => Assert.DoesNotContain("is told", IdeaTeam.Text(a), StringComparison.Ordinal));
        var record = Assert.Single(await Results.TeamIdeasAsync(team.T.Tenant, team.T.TeamId, 10, default));
        Assert.Equal(new IdeaDecision(IdeaStatus.Implemented, decidedAt, team.Manager), Assert.Single(record.Decisions));
        Assert.Single(_connector.Requests, r => r.Method == "POST" && r.Body.Contains("decided on your idea", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Decide_ManagerAndAdminDecideAtOnceFromTheSameForm_OneDecisionKeptAndItIsTheStatus()
    {
        var team = await NewTeamAsync();
        team.Names[team.Admin] = "Ada Admin";
        var id = await SubmitAsync(team, "Trolleys go missing.");
        var form = await OpenFormAsync(team, id);
        _clock.Advance(TimeSpan.FromHours(1));

        var answers = await Task.WhenAll(
            DecideAsync(team, id, "accepted", "", form),
            team.ActAsync(team.Admin, IdeaNames.Decide, id, new JsonObject { ["status"] = "declined", ["reason"] = "No budget.", ["revision"] = form }, inChannel: true));

        var texts = answers.Select(a => IdeaTeam.Text(a)).ToList();
        Assert.Single(texts, t => t.Contains("Decision saved:", StringComparison.Ordinal));
        Assert.Single(texts, t => t.Contains("This idea changed after this form was opened", StringComparison.Ordinal));
        var record = Assert.Single(await Results.TeamIdeasAsync(team.T.Tenant, team.T.TeamId, 10, default));
        var decision = Assert.Single(record.Decisions);
        Assert.Equal(record.Status, decision.Status);
        Assert.Equal(decision.Status == IdeaStatus.Accepted ? team.Manager : team.Admin, decision.DeciderId);
        Assert.Equal(_clock.GetUtcNow(), decision.At);
    }

    [Fact]
    public async Task DeclineWithReasonAndWithdraw_EachKeptAsADecisionByWhoTookIt_AndTheDeclineShowsItsReason()
    {
        var team = await NewTeamAsync();
        var declinedId = await SubmitAsync(team, "Vans block the loading bay.");
        var withdrawnId = await SubmitAsync(team, "Receipts print twice.");
        var form = await OpenFormAsync(team, declinedId);
        _clock.Advance(TimeSpan.FromHours(3));
        var declinedAt = _clock.GetUtcNow();

        var noReason = (await DecideAsync(team, declinedId, "declined", "", form))["value"]!;
        var declined = IdeaTeam.Text(await DecideAsync(team, declinedId, "declined", "The landlord owns the bay.", form));
        _clock.Advance(TimeSpan.FromHours(1));
        var withdrawnAt = _clock.GetUtcNow();
        var withdrawn = IdeaTeam.Text(await team.ActAsync(team.Member, IdeaNames.Withdraw, withdrawnId));
        var withdrawAgain = IdeaTeam.Text(await team.ActAsync(team.Member, IdeaNames.Withdraw, withdrawnId));

        Assert.Contains(IdeaReview.NeedReason, WhatPeopleSee.InCard(noReason));
        Assert.Contains("Declined by Maya Manager: The landlord owns the bay.", declined, StringComparison.Ordinal);
        Assert.Contains("Your idea is withdrawn.", withdrawn, StringComparison.Ordinal);
        Assert.Equal("message: " + IdeaService.ReviewStarted, withdrawAgain);
        var records = (await Results.TeamIdeasAsync(team.T.Tenant, team.T.TeamId, 10, default)).ToDictionary(r => r.Id);
        Assert.Equal(new IdeaDecision(IdeaStatus.Declined, declinedAt, team.Manager), Assert.Single(records[declinedId].Decisions));
        Assert.Equal(new IdeaDecision(IdeaStatus.Withdrawn, withdrawnAt, team.Member), Assert.Single(records[withdrawnId].Decisions));
        var stored = (await _app.Services.GetRequiredService<IdeaStore>().GetAsync(team.T.Tenant, declinedId, default))!;
        Assert.Equal(("The landlord owns the bay.", team.Manager), (stored.Idea.Reason, stored.Idea.DeciderId));
    }

    [Fact]
    public async Task IdeasStoredBeforeDecisionsWereKept_ReadWithOneDecisionFromTheirStatus_AndANewDecisionIsAddedAfterIt()
    {
        var team = await NewTeamAsync();
        var store = _app.Services.GetRequiredService<IdeaStore>();
        var before = _clock.GetUtcNow().AddDays(-10);
        var accepted = await StoreOldFormatAsync(store, team, "old-accepted", IdeaStatus.Accepted, team.Manager, before);
        var withdrawn = await StoreOldFormatAsync(store, team, "old-withdrawn", IdeaStatus.Withdrawn, null, before.AddHours(1));
        var fresh = await StoreOldFormatAsync(store, team, "old-new", IdeaStatus.New, null, before.AddHours(2));

        var read = (await Results.TeamIdeasAsync(team.T.Tenant, team.T.TeamId, 10, default)).ToDictionary(r => r.Id);
        _clock.Advance(TimeSpan.FromHours(1));
        var implementedAt = _clock.GetUtcNow();
        var implemented = IdeaTeam.Text(await DecideAsync(team, accepted, "implemented", "", await OpenFormAsync(team, accepted)));
        var after = (await Results.TeamIdeasAsync(team.T.Tenant, team.T.TeamId, 10, default)).Single(r => r.Id == accepted);

        Assert.Equal(new IdeaDecision(IdeaStatus.Accepted, before, team.Manager), Assert.Single(read[accepted].Decisions));
        Assert.Equal(new IdeaDecision(IdeaStatus.Withdrawn, before.AddHours(1), team.Member), Assert.Single(read[withdrawn].Decisions));
        Assert.Empty(read[fresh].Decisions);
        Assert.Contains("Decision saved: implemented.", implemented, StringComparison.Ordinal);
        Assert.Equal(
            [new IdeaDecision(IdeaStatus.Accepted, before, team.Manager), new IdeaDecision(IdeaStatus.Implemented, implementedAt, team.Manager)],
            after.Decisions);
    }

    [Fact]
    public async Task TeamIdeasAsync_SeveralIdeasWithVotes_NewestFirstAtMostTheNumberAskedOnlyThisTeamsAndVotesEqualRows()
    {
        var team = await NewTeamAsync();
        var other = await NewTeamAsync();
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await SubmitAsync(team, $"Problem number {i}."));
            _clock.Advance(TimeSpan.FromMinutes(10));
        }

        await SubmitAsync(other, "Another team's problem.");
        foreach (var voter in new[] { team.Member, team.Colleague, team.Manager })
        {
            await team.ActAsync(voter, IdeaNames.Vote, ids[2], inChannel: true);
        }

        await team.ActAsync(team.Colleague, IdeaNames.Vote, ids[3], inChannel: true);
        await team.ActAsync(team.Colleague, IdeaNames.Unvote, ids[3], inChannel: true);

        var newest = await Results.TeamIdeasAsync(team.T.Tenant, team.T.TeamId, 3, default);
        var all = await Results.TeamIdeasAsync(team.T.Tenant, team.T.TeamId, 100, default);

        Assert.Equal([ids[3], ids[2], ids[1]], newest.Select(r => r.Id));
        Assert.Equal([ids[3], ids[2], ids[1], ids[0]], all.Select(r => r.Id));
        Assert.Equal(["Problem number 3.", "Problem number 2.", "Problem number 1.", "Problem number 0."], all.Select(r => r.Title));
        Assert.All(all, r => Assert.Equal((team.T.TeamId, IdeaStatus.New), (r.TeamId, r.Status)));
        Assert.Equal([0, 3, 0, 0], all.Select(r => r.Votes));
        var rows = await Task.WhenAll(all.Select(r => Results.CountVoteRowsAsync(team.T.Tenant, r.Id, default)));
        Assert.Equal([0, 3, 0, 0], rows);
        Assert.Equal(_clock.GetUtcNow().AddMinutes(-10), all[0].SubmittedAt);
        Assert.Equal(0, await Results.CountVoteRowsAsync(team.T.Tenant, "no-such-idea", default));
        Assert.Empty(await Results.TeamIdeasAsync(team.T.Tenant, "19:no-such-team@thread.tacv2", 10, default));
    }

    [Fact]
    public void AddIdeaResults_OnItsOwnWithTheTables_ResolvesWithValidationAndTwiceRegistersOnce()
    {
        var services = new ServiceCollection();
        services.AddSingleton(TestTables.CreateService(azurite.Server.Endpoint, TestTables.UniquePrefix()));
        services.AddIdeaResults().AddIdeaResults();

        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.IsType<IdeaResults>(provider.GetRequiredService<IIdeaResults>());
        Assert.Single(services, d => d.ServiceType == typeof(IdeaStore));
        Assert.Single(services, d => d.ServiceType == typeof(IIdeaResults));
    }

    [Fact]
    public void Record_ManyDecisions_KeepsTheNewestUpToTheCapOldestFirst()
    {
        var at = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
        var idea = new Idea("i", "t", "team", "s", null, new IdeaText("P", "Q", null, null, null, null), IdeaStatus.New, null, null, at, at, null);
        var statuses = new[] { IdeaStatus.UnderReview, IdeaStatus.Accepted };

        for (var i = 0; i < IdeaHistory.MaxKept + 25; i++)
        {
            idea = IdeaHistory.Record(idea, new IdeaDecision(statuses[i % 2], at.AddMinutes(i), "m"));
        }

        Assert.Equal(IdeaHistory.MaxKept, idea.Decisions.Count);
        Assert.Equal(at.AddMinutes(25), idea.Decisions[0].At);
        Assert.Equal(at.AddMinutes(IdeaHistory.MaxKept + 24), idea.Decisions[^1].At);
        Assert.Equal(idea.Decisions[^1].Status, idea.Status);
    }

    private async Task<IdeaTeam> NewTeamAsync()
    {
        var team = new IdeaTeam(_app, _connector);
        (team.Names[team.Manager], team.Names[team.Member]) = ("Maya Manager", "Mia Member");
        return await team.SetUpAsync();
    }

    private static async Task<string> SubmitAsync(IdeaTeam team, string problem) =>
        IdeaTeam.IdeaIdOf(await team.SubmitAsync(team.Member, IdeaTeam.Form(Guid.NewGuid().ToString("N"), team.T.TeamId, problem: problem)));

    private static async Task<string> OpenFormAsync(IdeaTeam team, string id) =>
        (string)(await team.ActAsync(team.Manager, IdeaNames.Review, id, inChannel: true))["value"]!["actions"]![0]!["data"]!["revision"]!;

    private static Task<JsonNode> DecideAsync(IdeaTeam team, string id, string status, string reason, string revision) =>
        team.ActAsync(team.Manager, IdeaNames.Decide, id, new JsonObject { ["status"] = status, ["reason"] = reason, ["revision"] = revision }, inChannel: true);

    /// <summary>An idea of the team's member written as rows were before decisions were kept: the idea's columns without <c>Decisions</c>.</summary>
    private async Task<string> StoreOldFormatAsync(IdeaStore store, IdeaTeam team, string id, IdeaStatus status, string? deciderId, DateTimeOffset updatedAt)
    {
        var idea = new Idea(
            id, team.T.Tenant, team.T.TeamId, team.Member, "Mia Member", new IdeaText($"Problem of {id}.", "Proposal.", null, null, null, null),
            status, null, deciderId, updatedAt.AddDays(-1), updatedAt, null);
        Assert.True(await store.CreateAsync(idea, default));
        await store.IndexAsync(idea, default);
        var table = _app.Services.GetRequiredService<TableServiceClient>().GetTableClient(IdeaNames.TableName);
        var pk = TableKeys.ToSafeKey(team.T.Tenant) + "~i~" + id;
        var row = (await table.GetEntityIfExistsAsync(pk, "idea~" + id, default))!;
        Assert.True(row.Remove("Decisions"));
        await table.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace, default);
        return id;
    }
}
