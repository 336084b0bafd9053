using CxBot.Features.People;
using CxBot.Graph;
using CxBot.Protocol;
using CxBot.Protocol.Connector;
using CxBot.Protocol.References;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace CxBot.Tests.Features.People;

/// <summary>"How do I reach this person": a stored conversation, else one created through a team roster, else a proactive install through Graph, else a recorded reason.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReachTests(AzuriteFixture azurite)
{
    private const string Newcomer = "2c4e6a8b-0d2f-4b4d-8f6b-0d2f4b6d8f0a";

    [Fact]
    public async Task GetReach_PersonalConversationStored_ReachableWithoutGraph()
    {
        await using var people = await StartAsync();
        var target = ProactiveTarget.User(people.Tenant, Newcomer);
        var stored = new ConversationReference(target, people.Connector.ServiceUrl, "a:existing", "msteams", "28:bot", "29:new", null, false);
        await people.Get<ConversationReferenceStore>().SaveAsync(stored, default);

        var answer = await people.Directory.GetReachAsync(people.Tenant, Newcomer, default);

        Assert.Equal(new ReachAnswer(ReachOutcome.Reachable, target, Reference: stored), answer);
        Assert.Empty(people.Graph.Requests);
    }

    [Fact]
    public async Task SendProactive_ThroughAReachAnswer_UsesTheReferenceItCarriesWithoutReadingItAgain()
    {
        // The incident's manager card used to read the manager's reference twice: once for reach, once to send.
        await using var people = await StartAsync();
        var target = ProactiveTarget.User(people.Tenant, Newcomer);
        var carried = new ConversationReference(target, people.Connector.ServiceUrl, "a:carried", "msteams", "28:bot", "29:new", null, false);
        var sender = new ProactiveSender(people.Get<ConversationReferenceStore>(), people.Get<IConnectorClient>(), NullLogger<ProactiveSender>.Instance);

        // Nothing is stored for the target, so only the carried reference can give a conversation.
        var sent = await sender.SendProactiveAsync(new ReachAnswer(ReachOutcome.Reachable, target, Reference: carried), new Activity { Text = "New incident" }, default);
        var byTarget = await sender.SendProactiveAsync(target, new Activity { Text = "New incident" }, default);

        Assert.Equal(ProactiveOutcome.Sent, sent.Outcome);
        Assert.Same(carried, sent.Reference);
        Assert.Equal("/connector/v3/conversations/a:carried/activities", Assert.Single(people.Connector.Requests).PathAndQuery);
        Assert.Equal(ProactiveOutcome.NoReference, byTarget.Outcome);
    }

    [Fact]
    public async Task GetReach_NeverOpenedTheBotButInATeamWithIt_ConversationCreatedFromTheRosterWithoutGraph()
    {
        // Teams lets a bot installed in a team open a 1:1 chat with any member: their 29: id, the team's service URL, the tenant.
        await using var people = await StartAsync(o => { o.Enabled = false; o.ProactiveInstall = false; });
        people.Connector.SetRoster(PeopleHarness.TeamId, [FakeConnector.Member("29:nia", Newcomer, "Nia Newcomer")], pageSize: 500);
        await people.Get<RosterSync>().RefreshTeamAsync(people.Tenant, new RosterTeam(PeopleHarness.TeamId, "Store 42", people.Connector.ServiceUrl, null), default);

        var answer = await people.Directory.GetReachAsync(people.Tenant, Newcomer, default);
        var again = await people.Directory.GetReachAsync(people.Tenant, Newcomer, default);

        Assert.Equal((ReachOutcome.Created, ReachOutcome.Reachable), (answer.Outcome, again.Outcome));
        var create = Assert.Single(people.Connector.Requests, r => r.Method == "POST" && r.PathAndQuery.EndsWith("/v3/conversations", StringComparison.Ordinal)).Json!;
        Assert.Equal("29:nia", create["members"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(people.Tenant, create["channelData"]!["tenant"]!["id"]!.GetValue<string>());
        Assert.Equal("28:" + BotApp.AppId, create["bot"]!["id"]!.GetValue<string>());
        Assert.StartsWith("a:fake-", again.Reference!.ConversationId, StringComparison.Ordinal);
        Assert.Empty(people.Graph.Requests);
    }

    [Fact]
    public async Task GetReach_InATeamButTeamsRefusesTheChat_RecordedUnreachableWithTheReason()
    {
        await using var people = await StartAsync(o => { o.Enabled = false; o.ProactiveInstall = false; });
        people.Connector.SetRoster(PeopleHarness.TeamId, [FakeConnector.Member("29:nia", Newcomer, "Nia Newcomer")], pageSize: 500);
        await people.Get<RosterSync>().RefreshTeamAsync(people.Tenant, new RosterTeam(PeopleHarness.TeamId, "Store 42", people.Connector.ServiceUrl, null), default);
        people.Connector.Enqueue(403, errorCode: "BotNotInConversationRoster");

        var answer = await people.Directory.GetReachAsync(people.Tenant, Newcomer, default);

        Assert.Equal(new ReachAnswer(ReachOutcome.Unreachable, null, PeopleReasons.ConversationRefused), answer);
        Assert.Equal("Teams refused to open a chat with them", PeopleReasons.InWords(answer.Reason));
    }

    [Fact]
    public async Task GetReach_NeverOpenedTheBot_InstallsFindsTheChatCreatesTheConversationAndStoresIt()
    {
        await using var people = await StartAsync();

        var answer = await people.Directory.GetReachAsync(people.Tenant, Newcomer, default);

        Assert.Equal(ReachOutcome.Installed, answer.Outcome);
        Assert.Single(people.Graph.InstallationsOf(Newcomer));
        var install = Assert.Single(people.Graph.Requests, r => r.Method == "POST");
        Assert.Equal(people.Graph.BaseUrl + "/appCatalogs/teamsApps/" + PeopleHarness.CatalogId, install.Json!["teamsApp@odata.bind"]!.GetValue<string>());
        Assert.Equal(1, people.Graph.Count("GET", "/chat"));
        var create = Assert.Single(people.Connector.Requests);
        Assert.Equal(("POST", "/connector/v3/conversations"), (create.Method, create.PathAndQuery));
        Assert.Equal("28:" + BotApp.AppId, create.Json!["bot"]!["id"]!.GetValue<string>());
        Assert.Equal(Newcomer, create.Json["members"]![0]!["aadObjectId"]!.GetValue<string>());
        Assert.Equal(people.Tenant, create.Json["channelData"]!["tenant"]!["id"]!.GetValue<string>());
        var stored = await people.Get<ConversationReferenceStore>().GetAsync(answer.Target!, default);
        Assert.StartsWith("a:fake-", stored!.ConversationId, StringComparison.Ordinal);
        Assert.Equal(stored, answer.Reference);
        Assert.Equal(ReachOutcome.Reachable, (await people.Directory.GetReachAsync(people.Tenant, Newcomer, default)).Outcome);
    }

    [Fact]
    public async Task GetReach_Installed_TheProactiveSenderDeliversToTheNewConversation()
    {
        await using var people = await StartAsync();
        var answer = await people.Directory.GetReachAsync(people.Tenant, Newcomer, default);
        var sender = new ProactiveSender(people.Get<ConversationReferenceStore>(), people.Get<IConnectorClient>(), NullLogger<ProactiveSender>.Instance);

        var sent = await sender.SendProactiveAsync(answer.Target!, new Activity { Text = "Time for your end-of-shift check-in." }, default);

        Assert.Equal(ProactiveOutcome.Sent, sent.Outcome);
        Assert.Equal("/connector/v3/conversations/a:fake-1/activities", people.Connector.Requests[^1].PathAndQuery);
    }

    [Fact]
    public async Task GetReach_AppAlreadyInstalled_SkipsTheInstall()
    {
        await using var people = await StartAsync();
        await GraphClientsFor(people).InstallForUserAsync(Newcomer, PeopleHarness.CatalogId, default);

        var answer = await people.Directory.GetReachAsync(people.Tenant, Newcomer, default);

        Assert.Equal(ReachOutcome.Installed, answer.Outcome);
        Assert.Equal(1, people.Graph.Count("POST", "/installedApps"));
    }

    [Fact]
    public async Task GetReach_InNoTeamAndProactiveInstallOff_RecordedUnreachableWithTheReason()
    {
        await using var people = await StartAsync(o => o.ProactiveInstall = false);

        var answer = await people.Directory.GetReachAsync(people.Tenant, Newcomer, default);

        Assert.Equal(new ReachAnswer(ReachOutcome.Unreachable, null, PeopleReasons.InNoTeamWithTheBot), answer);
        Assert.Equal(PeopleReasons.InNoTeamWithTheBot, (await people.Get<ReachStore>().GetAsync(people.Tenant, Newcomer, default))!.Reason);
        Assert.Empty(people.Graph.Requests);
    }

    [Fact]
    public async Task GetReach_InstallBlockedByPolicy_RecordedUnreachableAndNotRetriedBeforeTtl()
    {
        await using var people = await StartAsync();
        people.Graph.InstallsBlockedByPolicy = true;

        var first = await people.Directory.GetReachAsync(people.Tenant, Newcomer, default);
        var requests = people.Graph.Requests.Count;
        var second = await people.Directory.GetReachAsync(people.Tenant, Newcomer, default);
        var afterSecond = people.Graph.Requests.Count;
        people.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        people.Graph.InstallsBlockedByPolicy = false;
        var afterTtl = await people.Directory.GetReachAsync(people.Tenant, Newcomer, default);

        Assert.Equal((ReachOutcome.Unreachable, PeopleReasons.InstallBlockedByPolicy), (first.Outcome, first.Reason));
        Assert.Equal(first, second);
        Assert.Equal(requests, afterSecond);
        Assert.Equal(ReachOutcome.Installed, afterTtl.Outcome);
        Assert.Null(await people.Get<ReachStore>().GetAsync(people.Tenant, Newcomer, default));
    }

    [Fact]
    public async Task GetReach_AppNotInCatalog_RecordedUnreachable()
    {
        await using var people = await StartAsync(o => o.TeamsAppManifestId = "not-published");

        var answer = await people.Directory.GetReachAsync(people.Tenant, Newcomer, default);

        Assert.Equal((ReachOutcome.Unreachable, PeopleReasons.AppNotInCatalog), (answer.Outcome, answer.Reason));
        Assert.Equal(0, people.Graph.Count("POST", "/installedApps"));
    }

    [Fact]
    public async Task GetReach_UnknownUser_RecordedUnreachable()
    {
        await using var people = await StartAsync();
        const string Ghost = "0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f";

        var answer = await people.Directory.GetReachAsync(people.Tenant, Ghost, default);

        Assert.Equal((ReachOutcome.Unreachable, PeopleReasons.UserNotFound), (answer.Outcome, answer.Reason));
    }

    [Fact]
    public async Task GetReach_BotRemovedOrBlocked_UnreachableWithoutReinstalling()
    {
        await using var people = await StartAsync();
        var target = ProactiveTarget.User(people.Tenant, Newcomer);
        var references = people.Get<ConversationReferenceStore>();
        await references.SaveAsync(new ConversationReference(target, people.Connector.ServiceUrl, "a:old", "msteams", "28:bot", null, null, false), default);
        await references.RetireAsync(target, "blocked", default);

        var answer = await people.Directory.GetReachAsync(people.Tenant, Newcomer, default);

        Assert.Equal((ReachOutcome.Unreachable, PeopleReasons.RemovedOrBlocked), (answer.Outcome, answer.Reason));
        Assert.Empty(people.Graph.Requests);
    }

    [Fact]
    public async Task GetReach_ConnectorRefusesTheConversation_RecordedUnreachable()
    {
        await using var people = await StartAsync();
        people.Connector.Enqueue(403, errorCode: "BotNotInConversationRoster");

        var answer = await people.Directory.GetReachAsync(people.Tenant, Newcomer, default);

        Assert.Equal((ReachOutcome.Unreachable, PeopleReasons.ConversationRefused), (answer.Outcome, answer.Reason));
    }

    [Fact]
    public async Task GetReach_GraphThrottles_HonoursRetryAfterThenInstalls()
    {
        await using var people = await StartAsync();
        people.Graph.Enqueue(429, retryAfter: "4");

        var answer = await people.Directory.GetReachAsync(people.Tenant, Newcomer, default);

        Assert.Equal(ReachOutcome.Installed, answer.Outcome);
        Assert.Contains(TimeSpan.FromSeconds(4), people.RetryTime.FiredDelays);
    }

    [Fact]
    public async Task GetReach_GraphDown_TryLaterAndNothingRecorded()
    {
        await using var people = await StartAsync();
        for (var i = 0; i < 3; i++)
        {
            people.Graph.Enqueue(503, code: "serviceNotAvailable");
        }

        var answer = await people.Directory.GetReachAsync(people.Tenant, Newcomer, default);

        Assert.Equal((ReachOutcome.TryLater, PeopleReasons.GraphUnavailable), (answer.Outcome, answer.Reason));
        Assert.Null(await people.Get<ReachStore>().GetAsync(people.Tenant, Newcomer, default));
    }

    private async Task<PeopleHarness> StartAsync(Action<GraphOptions>? configure = null)
    {
        var people = await PeopleHarness.StartAsync(azurite.Server, configure);
        people.Graph.AddUser(Newcomer, "Nia Newcomer", "Picker", "Warehouse", "Hull");
        people.Graph.AddCatalogApp(PeopleHarness.CatalogId, PeopleHarness.ManifestId);
        people.Graph.AddCatalogApp("f0e1d2c3-b4a5-4968-8776-655443322110", "another-app");
        return people;
    }

    private static CxBot.Graph.GraphClient GraphClientsFor(PeopleHarness people) => CxBot.Tests.Graph.GraphClients.Create(people.Graph.BaseUrl, people.RetryTime);
}
