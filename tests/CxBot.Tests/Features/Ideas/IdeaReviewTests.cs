using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CxBot.Features.Ideas;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Features.Ideas;

/// <summary>
/// Managers' decisions through <c>/api/messages</c>: one decision to any status, roles and the form's revision checked on the
/// server, a reason only to decline, the submitter told once, the card updated in place.
/// </summary>
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
    public async Task Manager_OneDecisionFromNewToImplementedWithoutReason_SubmitterToldOnceChannelCardUpdatedOnceRecognitionHookCalledOnce()
    {
        var team = new IdeaTeam(_app, _connector);
        (team.Names[team.Manager], team.Names[team.Member]) = ("Maya Manager", "Mia Member");
        await team.SetUpAsync();
        var id = IdeaTeam.IdeaIdOf(await team.SubmitAsync(team.Member, IdeaTeam.Form(Guid.NewGuid().ToString("N"), team.T.TeamId)));

        var managerView = IdeaTeam.Text(await team.ActAsync(team.Manager, IdeaNames.Refresh, id, inChannel: true));
        var colleagueView = IdeaTeam.Text(await team.ActAsync(team.Colleague, IdeaNames.Refresh, id, inChannel: true));
        var formCard = (await team.ActAsync(team.Manager, IdeaNames.Review, id, inChannel: true))["value"]!;
        var implemented = IdeaTeam.Text(await DecideAsync(team, team.Manager, id, "implemented", "", RevisionOf(formCard)));
        var redelivered = IdeaTeam.Text(await DecideAsync(team, team.Manager, id, "implemented", "", RevisionOf(formCard)));
        var editNow = IdeaTeam.Text(await team.ActAsync(team.Member, IdeaNames.Edit, id));

        Assert.Contains("\"ideas.review\"", managerView, StringComparison.Ordinal);
        Assert.DoesNotContain("\"ideas.review\"", colleagueView, StringComparison.Ordinal);
        Assert.Equal(["Under review", "Accepted", "Implemented", "Declined", "Archived"], Choices(formCard, "status"));
        var shownForm = WhatPeopleSee.InCard(formCard);
        Assert.Contains("Mia Member", shownForm);
        Assert.Contains("Reason (the submitter sees it; needed only to decline)", shownForm);
        WhatPeopleSee.AssertReadable(shownForm, "Mia Member");
        Assert.Contains("Decision saved: implemented. Mia Member is told.", implemented, StringComparison.Ordinal);
        Assert.Contains("Implemented by Maya Manager", implemented, StringComparison.Ordinal);
        Assert.Contains("Decision saved: implemented.", redelivered, StringComparison.Ordinal);
        Assert.DoesNotContain("is told", redelivered, StringComparison.Ordinal);
        Assert.Equal("message: " + IdeaService.ReviewStarted, editNow);
        var told = Assert.Single(_connector.Requests.Where(r => r.Method == "POST" && r.Body.Contains("decided on your idea", StringComparison.Ordinal)).Select(r => r.Body));
        Assert.Contains("Maya Manager decided on your idea: it is now implemented.", told, StringComparison.Ordinal);
        Assert.DoesNotContain("19:", JsonNode.Parse(told)!["conversation"]!["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Maya Manager decided on your idea: implemented", (string?)JsonNode.Parse(told)!["summary"]);
        WhatPeopleSee.AssertReadable(WhatPeopleSee.InActivity(JsonNode.Parse(told)!), "From Mia Member", "Implemented by Maya Manager");
        var update = Assert.Single(_connector.Requests.Where(r => r.Method == "PUT").Select(r => r.Body));
        Assert.Contains("Implemented", update, StringComparison.Ordinal);
        var recognised = Assert.Single(_recognition.Calls);
        Assert.Equal((id, team.Member, team.Manager), (recognised.IdeaId, recognised.SubmitterId, recognised.DeciderId));
    }

    [Fact]
    public async Task Decide_NotAManagerDeclineWithoutReasonNoStatusOrStaleForm_RefusedClearlyAndNothingChanged()
    {
        var team = new IdeaTeam(_app, _connector);
        (team.Names[team.Manager], team.Names[team.Admin], team.Names[team.Member]) = ("Maya Manager", "Ada Admin", "Mia Member");
        await team.SetUpAsync();
        var id = IdeaTeam.IdeaIdOf(await team.SubmitAsync(team.Member, IdeaTeam.Form(Guid.NewGuid().ToString("N"), team.T.TeamId)));
        var opened = RevisionOf((await team.ActAsync(team.Manager, IdeaNames.Review, id, inChannel: true))["value"]!);

        var bySubmitter = IdeaTeam.Text(await DecideAsync(team, team.Member, id, "declined", "", opened));
        var formForColleague = IdeaTeam.Text(await team.ActAsync(team.Colleague, IdeaNames.Review, id, inChannel: true));
        var noReason = (await DecideAsync(team, team.Manager, id, "declined", "   ", opened))["value"]!;
        var noStatus = (await DecideAsync(team, team.Manager, id, "new", "Back to new.", opened))["value"]!;
        var stillNew = IdeaTeam.Text(await team.ActAsync(team.Member, IdeaNames.Edit, id));
        var byAdmin = IdeaTeam.Text(await DecideAsync(team, team.Admin, id, "underReview", "Costing it.", opened));
        var stale = (await DecideAsync(team, team.Manager, id, "accepted", "Good fit for the winter peak.", opened))["value"]!;
        var fresh = RevisionOf(stale);
        var same = (await DecideAsync(team, team.Manager, id, "underReview", "", fresh))["value"]!;
        var declined = IdeaTeam.Text(await DecideAsync(team, team.Manager, id, "declined", "The carriers cannot send texts.", fresh));

        Assert.Equal("message: " + IdeaReview.NotManager, bySubmitter);
        Assert.Equal("message: " + IdeaReview.NotManager, formForColleague);
        Assert.Contains("Give a reason for declining: the submitter sees it. Nothing was changed.", WhatPeopleSee.InCard(noReason));
        Assert.Equal("declined", (string?)Input(noReason, "status")["value"]);
        Assert.Contains(IdeaReview.PickStatus, WhatPeopleSee.InCard(noStatus));
        Assert.Equal("Back to new.", (string?)Input(noStatus, "reason")["value"]);
        Assert.Contains("Edit your idea", stillNew, StringComparison.Ordinal);
        Assert.Contains("Decision saved: under review. Mia Member is told.", byAdmin, StringComparison.Ordinal);
        Assert.Contains("This idea changed after this form was opened, so nothing was saved. Check it as it is now and decide again.", WhatPeopleSee.InCard(stale));
        Assert.Contains("Under review", WhatPeopleSee.InCard(stale));
        Assert.Equal(("accepted", "Good fit for the winter peak."), ((string?)Input(stale, "status")["value"], (string?)Input(stale, "reason")["value"]));
        Assert.NotEqual(opened, fresh);
        Assert.Contains(IdeaReview.Already, WhatPeopleSee.InCard(same));
        Assert.Contains("Declined by Maya Manager: The carriers cannot send texts.", declined, StringComparison.Ordinal);
        var told = _connector.Requests.Where(r => r.Method == "POST" && r.Body.Contains("decided on your idea", StringComparison.Ordinal)).Select(r => r.Body).ToList();
        Assert.Equal(2, told.Count);
        Assert.Contains("Ada Admin decided on your idea: it is now under review.", told[0], StringComparison.Ordinal);
        Assert.Contains("Maya Manager decided on your idea: it is now declined.", told[1], StringComparison.Ordinal);
        Assert.Equal(2, _connector.Requests.Count(r => r.Method == "PUT"));
        Assert.Empty(_recognition.Calls);
    }

    private static Task<JsonNode> DecideAsync(IdeaTeam team, string user, string id, string status, string reason, string revision) =>
        team.ActAsync(user, IdeaNames.Decide, id, new JsonObject { ["status"] = status, ["reason"] = reason, ["revision"] = revision }, inChannel: true);

    /// <summary>The revision the decision form's button sends.</summary>
    private static string RevisionOf(JsonNode form) => (string)form["actions"]![0]!["data"]!["revision"]!;

    private static JsonNode Input(JsonNode card, string id) => card["body"]!.AsArray().Single(e => (string?)e!["id"] == id)!;

    private static List<string> Choices(JsonNode card, string id) => [.. Input(card, id)["choices"]!.AsArray().Select(c => (string)c!["title"]!)];

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
