using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CxBot.Features.Ideas;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Features.Ideas;

/// <summary>Managers' decisions through <c>/api/messages</c>: roles checked on the server, a reason each time, the submitter told, the card updated in place.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class IdeaReviewTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly RecordingRecognition _recognition = new();
    private FakeConnector _connector = null!;
    private BotApp _app = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _app = new BotApp(BotApp.With(azurite.Server, [("Bot:ConnectorRetryDelay", "00:00:00.001")])) { TestServices = s => s.AddSingleton<IIdeaRecognition>(_recognition) };
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _connector.DisposeAsync();
        var problems = SentChecks.Problems(_connector, _app);
        Assert.True(problems.Count == 0, "What the bot sent in this test is wrong:\n" + string.Join('\n', problems));
    }

    [Fact]
    public async Task Manager_ReviewAcceptImplement_SubmitterToldOnceEachChannelCardUpdatedRecognitionHookCalledOnce()
    {
        var team = new IdeaTeam(_app, _connector);
        (team.Names[team.Manager], team.Names[team.Member]) = ("Maya Manager", "Mia Member");
        await team.SetUpAsync();
        var id = IdeaTeam.IdeaIdOf(await team.SubmitAsync(team.Member, IdeaTeam.Form(Guid.NewGuid().ToString("N"), team.T.TeamId)));

        var managerView = IdeaTeam.Text(await team.ActAsync(team.Manager, IdeaNames.Refresh, id, inChannel: true));
        var colleagueView = IdeaTeam.Text(await team.ActAsync(team.Colleague, IdeaNames.Refresh, id, inChannel: true));
        var form = IdeaTeam.Text(await team.ActAsync(team.Manager, IdeaNames.Review, id, inChannel: true));
        var reviewing = IdeaTeam.Text(await DecideAsync(team, team.Manager, id, "underReview", "Looking at costs."));
        var editNow = IdeaTeam.Text(await team.ActAsync(team.Member, IdeaNames.Edit, id));
        await DecideAsync(team, team.Manager, id, "accepted", "Good fit for the winter peak.");
        await DecideAsync(team, team.Manager, id, "implemented", "Live in Leeds since Monday.");
        var redelivered = IdeaTeam.Text(await DecideAsync(team, team.Manager, id, "implemented", "Live in Leeds since Monday."));

        Assert.Contains("\"ideas.review\"", managerView, StringComparison.Ordinal);
        Assert.DoesNotContain("\"ideas.review\"", colleagueView, StringComparison.Ordinal);
        Assert.Contains("\"underReview\"", form, StringComparison.Ordinal);
        Assert.DoesNotContain("\"implemented\"", form, StringComparison.Ordinal);
        Assert.Contains("Decision saved: under review. Mia Member is told.", reviewing, StringComparison.Ordinal);
        Assert.Contains("Under review by Maya Manager: Looking at costs.", reviewing, StringComparison.Ordinal);
        Assert.Contains("\"From\",\"value\":\"Mia Member\"", form, StringComparison.Ordinal);
        Assert.Equal("message: " + IdeaService.ReviewStarted, editNow);
        Assert.Contains("Implemented", redelivered, StringComparison.Ordinal);
        var told = _connector.Requests.Where(r => r.Method == "POST" && r.Body.Contains("Maya Manager decided on your idea", StringComparison.Ordinal)).Select(r => r.Body).ToList();
        Assert.Equal(3, told.Count);
        Assert.Contains("now under review", told[0], StringComparison.Ordinal);
        Assert.Contains("Looking at costs.", told[0], StringComparison.Ordinal);
        Assert.Contains("now implemented", told[2], StringComparison.Ordinal);
        Assert.All(told, body => Assert.DoesNotContain("19:", JsonNode.Parse(body)!["conversation"]!["id"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Equal("Maya Manager decided on your idea: implemented", (string?)JsonNode.Parse(told[2])!["summary"]);
        Assert.All(told, body => WhatPeopleSee.AssertReadable(WhatPeopleSee.InActivity(JsonNode.Parse(body)!), "From Mia Member", "by Maya Manager: "));
        var updates = _connector.Requests.Where(r => r.Method == "PUT").Select(r => r.Body).ToList();
        Assert.Equal(3, updates.Count);
        Assert.Contains("Implemented", updates[2], StringComparison.Ordinal);
        var implemented = Assert.Single(_recognition.Calls);
        Assert.Equal((id, team.Member, team.Manager), (implemented.IdeaId, implemented.SubmitterId, implemented.DeciderId));
    }

    [Fact]
    public async Task Decide_FrontLineNoReasonOrSkippedStep_RefusedAndNothingChanged()
    {
        var team = await new IdeaTeam(_app, _connector).SetUpAsync();
        var id = IdeaTeam.IdeaIdOf(await team.SubmitAsync(team.Member, IdeaTeam.Form(Guid.NewGuid().ToString("N"), team.T.TeamId)));

        var bySubmitter = IdeaTeam.Text(await DecideAsync(team, team.Member, id, "underReview", "I like it."));
        var formForColleague = IdeaTeam.Text(await team.ActAsync(team.Colleague, IdeaNames.Review, id, inChannel: true));
        var noReason = IdeaTeam.Text(await DecideAsync(team, team.Manager, id, "underReview", ""));
        var skipped = IdeaTeam.Text(await DecideAsync(team, team.Manager, id, "implemented", "Done already."));
        var unknown = IdeaTeam.Text(await DecideAsync(team, team.Manager, id, "new", "Back to new."));
        var stillNew = IdeaTeam.Text(await team.ActAsync(team.Member, IdeaNames.Edit, id));

        Assert.Equal("message: " + IdeaReview.NotManager, bySubmitter);
        Assert.Equal("message: " + IdeaReview.NotManager, formForColleague);
        Assert.Contains(IdeaReview.NeedReason, noReason, StringComparison.Ordinal);
        Assert.Contains(IdeaReview.NotAllowed, skipped, StringComparison.Ordinal);
        Assert.Contains(IdeaReview.NotAllowed, unknown, StringComparison.Ordinal);
        Assert.Contains("Edit your idea", stillNew, StringComparison.Ordinal);
        Assert.DoesNotContain(_connector.Requests, r => r.Method == "PUT");
        Assert.Empty(_recognition.Calls);
    }

    private static Task<JsonNode> DecideAsync(IdeaTeam team, string user, string id, string status, string reason) =>
        team.ActAsync(user, IdeaNames.Decide, id, new JsonObject { ["status"] = status, ["reason"] = reason }, inChannel: true);

    private sealed class RecordingRecognition : IIdeaRecognition
    {
        public ConcurrentQueue<IdeaImplemented> Calls { get; } = new();

        public Task IdeaImplementedAsync(IdeaImplemented implemented, CancellationToken cancellationToken)
        {
            Calls.Enqueue(implemented);
            return Task.CompletedTask;
        }
    }
}
