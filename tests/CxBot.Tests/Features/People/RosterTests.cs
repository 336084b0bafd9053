using System.Text.Json;
using System.Text.Json.Nodes;
using CxBot.Features.People;
using CxBot.Protocol;
using CxBot.Testing;
using CxBot.Tests.Protocol;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Features.People;

/// <summary>Teams rosters: paged reads through the fake connector, member events, and refresh when stale.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RosterTests(AzuriteFixture azurite)
{
    private const string Team = PeopleHarness.TeamId;

    [Fact]
    public async Task RefreshTeam_SeveralPages_FollowsTheContinuationTokenAndStoresEveryone()
    {
        await using var people = await PeopleHarness.StartAsync(azurite.Server);
        people.Connector.SetRoster(Team, Members(5), pageSize: 2);

        await people.Get<RosterSync>().RefreshTeamAsync(people.Tenant, TeamOf(people), default);

        var pages = people.Connector.Requests.Where(r => r.PathAndQuery.Contains("/pagedmembers", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, pages.Count);
        Assert.DoesNotContain("continuationToken", pages[0].PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("continuationToken=1%3Ae2Rh%2BZq%2F2", pages[1].PathAndQuery, StringComparison.Ordinal);
        var members = await people.Get<RosterStore>().GetMembersAsync(people.Tenant, Team, default);
        Assert.Equal(5, members.Count);
        var teams = await people.Get<RosterStore>().GetTeamsOfAsync(people.Tenant, Aad(3), default);
        Assert.Equal(("Store 42 – Leeds", "29:user-3"), (Assert.Single(teams).TeamName, teams[0].UserId));
    }

    [Fact]
    public async Task RefreshTeam_SomeoneLeft_RemovedFromBothViews()
    {
        await using var people = await PeopleHarness.StartAsync(azurite.Server);
        var sync = people.Get<RosterSync>();
        people.Connector.SetRoster(Team, Members(3), pageSize: 2);
        await sync.RefreshTeamAsync(people.Tenant, TeamOf(people), default);
        people.Connector.SetRoster(Team, Members(2), pageSize: 2);

        await sync.RefreshTeamAsync(people.Tenant, TeamOf(people), default);

        Assert.Equal(2, (await people.Get<RosterStore>().GetMembersAsync(people.Tenant, Team, default)).Count);
        Assert.Empty(await people.Get<RosterStore>().GetTeamsOfAsync(people.Tenant, Aad(2), default));
    }

    [Fact]
    public async Task RefreshTeam_BotNoLongerInTheTeam_ForgetsIt()
    {
        await using var people = await PeopleHarness.StartAsync(azurite.Server);
        var sync = people.Get<RosterSync>();
        people.Connector.SetRoster(Team, Members(2), pageSize: 2);
        await sync.RefreshTeamAsync(people.Tenant, TeamOf(people), default);
        people.Connector.Enqueue(404, errorCode: "ConversationNotFound");

        await sync.RefreshTeamAsync(people.Tenant, TeamOf(people), default);

        Assert.Empty(await people.Get<RosterStore>().GetMembersAsync(people.Tenant, Team, default));
        Assert.Empty(await people.Get<RosterStore>().ListTeamsAsync(people.Tenant, default));
    }

    [Fact]
    public async Task EnsureFresh_WithinTtlThenAfter_ReadsTheRosterOnlyWhenStale()
    {
        await using var people = await PeopleHarness.StartAsync(azurite.Server);
        people.Connector.SetRoster(Team, Members(1), pageSize: 2);
        await people.AddTeamReferenceAsync();
        var sync = people.Get<RosterSync>();

        await sync.EnsureFreshAsync(people.Tenant, default);
        people.Time.Advance(TimeSpan.FromHours(23));
        await sync.EnsureFreshAsync(people.Tenant, default);
        var withinTtl = RosterReads(people);
        people.Time.Advance(TimeSpan.FromHours(2));
        await sync.EnsureFreshAsync(people.Tenant, default);

        Assert.Equal(1, withinTtl);
        Assert.Equal(2, RosterReads(people));
    }

    [Fact]
    public async Task EnsureFresh_SeveralTeams_ReadsEveryStaleRoster()
    {
        await using var people = await PeopleHarness.StartAsync(azurite.Server);
        var teams = Enumerable.Range(0, 5).Select(i => $"19:team{i}@thread.tacv2").ToList();
        foreach (var team in teams)
        {
            people.Connector.SetRoster(team, Members(3), pageSize: 2);
            await people.AddTeamReferenceAsync(team);
        }

        await people.Get<RosterSync>().EnsureFreshAsync(people.Tenant, default);

        Assert.Equal(teams.Order(), (await people.Get<RosterStore>().GetTeamsOfAsync(people.Tenant, Aad(1), default)).Select(t => t.TeamId).Order());
        Assert.Equal(10, RosterReads(people));
    }

    [Fact]
    public async Task EnsureFresh_TeamKnownOnlyFromItsReference_NameReadFromTeamDetails()
    {
        await using var people = await PeopleHarness.StartAsync(azurite.Server);
        people.Connector.SetRoster(Team, Members(1), pageSize: 2);
        people.Connector.SetTeamName(Team, "Store 42 – Leeds");
        await people.AddTeamReferenceAsync();

        await people.Get<RosterSync>().EnsureFreshAsync(people.Tenant, default);

        Assert.Equal("Store 42 – Leeds", Assert.Single(await people.Get<RosterStore>().ListTeamsAsync(people.Tenant, default)).Name);
        Assert.Equal("Store 42 – Leeds", Assert.Single(await people.Get<RosterStore>().GetTeamsOfAsync(people.Tenant, Aad(0), default)).TeamName);
    }

    [Fact]
    public async Task ObserveAndRefresh_UpperCaseObjectIds_StoredAndFoundInOneSpelling()
    {
        await using var people = await PeopleHarness.StartAsync(azurite.Server);
        var added = Event(people, "member-added-to-team");
        added = added with { MembersAdded = [added.MembersAdded![0] with { AadObjectId = "9E1B3D5F-7A9C-4E2A-8C4E-6A8C0E2A4C6E" }] };

        people.Connector.SetRoster(Team, [FakeConnector.Member("29:dee", "9E1B3D5F-7A9C-4E2A-8C4E-6A8C0E2A4C6E", "Dee Driver")], pageSize: 2);

        await people.Get<RosterSync>().ObserveAsync(added, default);

        Assert.Single(await people.Get<RosterStore>().GetTeamsOfAsync(people.Tenant, "9e1b3d5f-7a9c-4e2a-8c4e-6a8c0e2a4c6e", default));
        Assert.Single((await people.Directory.GetPlacementAsync(people.Tenant, "9E1B3D5F-7A9C-4E2A-8C4E-6A8C0E2A4C6E", default)).Teams);
    }

    [Fact]
    public async Task EnsureFresh_AskedAgainSoon_LooksForNewTeamsOnlyAfterTheCheckInterval()
    {
        // Each check queries the tenant's teams and chats; it ran on every incident before it was spaced out.
        await using var people = await PeopleHarness.StartAsync(azurite.Server);
        const string later = "19:later@thread.tacv2";
        people.Connector.SetRoster(Team, Members(1), pageSize: 2);
        people.Connector.SetRoster(later, Members(1), pageSize: 2);
        await people.AddTeamReferenceAsync();
        var sync = people.Get<RosterSync>();
        await sync.EnsureFreshAsync(people.Tenant, default);

        await people.AddTeamReferenceAsync(later);
        people.Time.Advance(people.Settings.RosterCheckEvery - TimeSpan.FromSeconds(1));
        await sync.EnsureFreshAsync(people.Tenant, default);
        var readsWithinInterval = RosterReads(people);
        people.Time.Advance(TimeSpan.FromSeconds(1));
        await sync.EnsureFreshAsync(people.Tenant, default);

        Assert.Equal(1, readsWithinInterval);
        Assert.Equal(2, RosterReads(people));
        Assert.Contains(later, (await people.Get<RosterStore>().ListTeamsAsync(people.Tenant, default)).Select(t => t.TeamId));
    }

    [Fact]
    public async Task EnsureFresh_ManyConcurrentQuestions_ReadTheRosterOnce()
    {
        await using var people = await PeopleHarness.StartAsync(azurite.Server);
        people.Connector.SetRoster(Team, Members(1), pageSize: 2);
        await people.AddTeamReferenceAsync();
        var sync = people.Get<RosterSync>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => sync.EnsureFreshAsync(people.Tenant, default)));

        Assert.Equal(1, RosterReads(people));
    }

    [Fact]
    public async Task Observe_MemberAddedThenRemoved_ReadsOnlyThatMemberAndStoresTheirName()
    {
        // A member event carries ids only: the one member call gives the name and email; no whole roster is read.
        await using var people = await PeopleHarness.StartAsync(azurite.Server);
        var sync = people.Get<RosterSync>();
        var added = Event(people, "member-added-to-team");
        const string Member = "9e1b3d5f-7a9c-4e2a-8c4e-6a8c0e2a4c6e";
        people.Connector.SetRoster(Team, [FakeConnector.Member(added.MembersAdded![0].Id!, Member, "Dee Driver")], pageSize: 2);

        await sync.ObserveAsync(added, default);
        var afterAdd = await people.Get<RosterStore>().GetTeamsOfAsync(people.Tenant, Member, default);
        var name = (await people.Get<IPeopleNames>().GetNamesAsync(people.Tenant, [Member], default)).Of(Member);
        await sync.ObserveAsync(added with { MembersRemoved = added.MembersAdded, MembersAdded = null }, default);

        Assert.Equal(Team, Assert.Single(afterAdd).TeamId);
        Assert.Equal("Dee Driver", name);
        Assert.Empty(await people.Get<RosterStore>().GetTeamsOfAsync(people.Tenant, Member, default));
        var read = Assert.Single(people.Connector.Requests);
        Assert.Equal("GET", read.Method);
        Assert.EndsWith("/members/" + added.MembersAdded[0].Id, Uri.UnescapeDataString(read.PathAndQuery), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Observe_MemberAddedAndTheMemberCallFails_StoredFromTheEventsIds()
    {
        await using var people = await PeopleHarness.StartAsync(azurite.Server);
        people.Connector.Enqueue(404, errorCode: "MemberNotFoundInConversation");

        await people.Get<RosterSync>().ObserveAsync(Event(people, "member-added-to-team"), default);

        Assert.Single(await people.Get<RosterStore>().GetTeamsOfAsync(people.Tenant, "9e1b3d5f-7a9c-4e2a-8c4e-6a8c0e2a4c6e", default));
    }

    [Fact]
    public async Task RefreshTeam_TeamsShapeWithObjectId_EveryMemberStoredWithNameAndEmail()
    {
        // Teams' pagedmembers name the Entra id "objectId"; reading only "aadObjectId" made every real roster empty.
        await using var people = await PeopleHarness.StartAsync(azurite.Server);
        var members = Members(3);
        Assert.All(members, m => Assert.False(m.ContainsKey("aadObjectId")));
        people.Connector.SetRoster(Team, members, pageSize: 500);

        await people.Get<RosterSync>().RefreshTeamAsync(people.Tenant, TeamOf(people), default);

        var stored = await people.Get<IPeopleNames>().GetTeamMembersAsync(people.Tenant, Team, default);
        Assert.Equal(["User 0", "User 1", "User 2"], stored.Select(p => p.Name));
        Assert.Equal("User.1@contoso.example", stored[1].Email);
        var names = await people.Get<IPeopleNames>().GetNamesAsync(people.Tenant, [Aad(2)], default);
        Assert.Equal("User 2", names.Of(Aad(2)));
    }

    [Fact]
    public async Task RefreshTeam_ThousandMembersOneWithoutObjectId_AllOthersKeptAndTheGapLogged()
    {
        // Teams allow 25,000 members; nobody is capped, and a member CxBot cannot name is counted in the log, not dropped silently.
        await using var people = await PeopleHarness.StartAsync(azurite.Server);
        var members = Members(1000);
        members.Add(new JsonObject { ["id"] = "29:no-object-id", ["name"] = "Ghost" });
        people.Connector.SetRoster(Team, members, pageSize: 500);

        await people.Get<RosterSync>().RefreshTeamAsync(people.Tenant, TeamOf(people), default);

        Assert.Equal(1000, (await people.Get<RosterStore>().GetMembersAsync(people.Tenant, Team, default)).Count);
        Assert.Contains(people.Logs, l => l.Contains("1 roster members had no Entra object id", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Observe_BotAddedToTeam_ReadsTheWholeRoster()
    {
        await using var people = await PeopleHarness.StartAsync(azurite.Server);
        people.Connector.SetRoster(Team, Members(3), pageSize: 2);

        await people.Get<RosterSync>().ObserveAsync(Event(people, "bot-added-to-team"), default);

        Assert.Equal(3, (await people.Get<RosterStore>().GetMembersAsync(people.Tenant, Team, default)).Count);
    }

    [Fact]
    public async Task MessagesEndpoint_BotAddedToTeam_RosterReadInTheBackground()
    {
        await using var connector = await FakeConnector.StartAsync();
        connector.SetRoster(Team, Members(1), pageSize: 2);
        using var app = BotApp.Local(azurite.Server);

        var response = await app.PostAsync(TeamsFixtures.Load("bot-added-to-team", connector.ServiceUrl));

        Assert.True(response.IsSuccessStatusCode);
        Assert.True(await connector.WaitForRequestsAsync(1, TimeSpan.FromSeconds(10)));
        Assert.Contains("/pagedmembers", connector.Requests[0].PathAndQuery, StringComparison.Ordinal);
    }

    private static int RosterReads(PeopleHarness people) => people.Connector.Requests.Count(r => r.PathAndQuery.Contains("/pagedmembers", StringComparison.Ordinal));

    private static RosterTeam TeamOf(PeopleHarness people) => new(Team, "Store 42 – Leeds", people.Connector.ServiceUrl, null);

    private static string Aad(int i) => $"00000000-0000-4000-8000-{i:D12}";

    private static List<JsonObject> Members(int count) => [.. Enumerable.Range(0, count).Select(i => FakeConnector.Member($"29:user-{i}", Aad(i), $"User {i}", i == 0 ? "owner" : "user"))];

    private static Activity Event(PeopleHarness people, string fixture)
    {
        var json = TeamsFixtures.Load(fixture, people.Connector.ServiceUrl);
        json["conversation"]!["tenantId"] = people.Tenant;
        json["channelData"]!["tenant"]!["id"] = people.Tenant;
        return JsonSerializer.Deserialize(json.ToJsonString(), ProtocolJson.Default.Activity)!;
    }
}
