using CxBot.Features.People;
using CxBot.Graph;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Features.People;

/// <summary>"Who is this person's manager": Graph's (cached with a time-to-live, last known during outages), else the team's managers.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ManagerTests(AzuriteFixture azurite)
{
    private const string Driver = "9e1b3d5f-7a9c-4e2a-8c4e-6a8c0e2a4c6e";
    private const string LineManager = "3a5c7e9b-2d4f-4a6c-8e0b-1d3f5a7c9e2b";
    private const string Owner = "7f9b1d3e-5a7c-4e9a-8b1d-3e5f7a9b1c3d";

    [Fact]
    public async Task GetManager_GraphHasOne_ReturnsTheDirectoryManager()
    {
        await using var people = await StartAsync();

        var answer = await people.Directory.GetManagerAsync(people.Tenant, Driver, default);

        Assert.Equal(ManagerSource.Directory, answer.Source);
        Assert.Equal(new Person(LineManager, "Lena Line"), Assert.Single(answer.Managers));
        Assert.Empty(people.Connector.Requests);
    }

    [Fact]
    public async Task GetManager_GraphHasNone_FallsBackToTheTeamsManagers()
    {
        await using var people = await StartAsync();
        people.Graph.AddUser(Driver, "Dee Driver");

        var answer = await people.Directory.GetManagerAsync(people.Tenant, Driver, default);

        Assert.Equal(ManagerSource.TeamManagers, answer.Source);
        Assert.Equal(PeopleReasons.NoManagerInDirectory, answer.Reason);
        Assert.Equal(new Person(Owner, "Olu Owner"), Assert.Single(answer.Managers));
        Assert.Equal(1, people.Graph.Count("GET", "/manager"));
    }

    [Fact]
    public async Task GetManager_GraphOff_UsesTheTeamsManagersWithoutAskingGraph()
    {
        await using var people = await StartAsync(o => { o.Enabled = false; o.ProactiveInstall = false; });

        var answer = await people.Directory.GetManagerAsync(people.Tenant, Driver, default);

        Assert.Equal(ManagerSource.TeamManagers, answer.Source);
        Assert.Equal(Owner, Assert.Single(answer.Managers).AadObjectId);
        Assert.Empty(people.Graph.Requests);
    }

    [Fact]
    public async Task GetManager_WithinTtl_AnsweredFromTheTableEvenByAnotherInstance()
    {
        await using var people = await StartAsync();
        await people.Directory.GetManagerAsync(people.Tenant, Driver, default);
        people.Time.Advance(TimeSpan.FromHours(11));
        await using var other = people.NewInstance();

        var answer = await other.GetRequiredService<IPeopleDirectory>().GetManagerAsync(people.Tenant, Driver, default);

        Assert.Equal((ManagerSource.Directory, LineManager), (answer.Source, answer.Managers[0].AadObjectId));
        Assert.Equal(1, people.Graph.Count("GET", "/manager"));
    }

    [Fact]
    public async Task GetManager_TtlExpired_AsksGraphAgainAndSeesTheChange()
    {
        await using var people = await StartAsync();
        await people.Directory.GetManagerAsync(people.Tenant, Driver, default);
        people.Graph.AddUser(Driver, "Dee Driver", managerId: Owner);
        people.Graph.AddUser(Owner, "Olu Owner");
        people.Time.Advance(TimeSpan.FromHours(12) + TimeSpan.FromSeconds(1));

        var answer = await people.Directory.GetManagerAsync(people.Tenant, Driver, default);

        Assert.Equal((ManagerSource.Directory, Owner), (answer.Source, answer.Managers[0].AadObjectId));
        Assert.Equal(2, people.Graph.Count("GET", "/manager"));
    }

    [Fact]
    public async Task GetManager_GraphOutageAfterTtl_ReturnsTheLastKnownManager()
    {
        await using var people = await StartAsync();
        await people.Directory.GetManagerAsync(people.Tenant, Driver, default);
        people.Time.Advance(TimeSpan.FromDays(3));
        EnqueueOutage(people.Graph);

        var answer = await people.Directory.GetManagerAsync(people.Tenant, Driver, default);

        Assert.Equal(ManagerSource.DirectoryLastKnown, answer.Source);
        Assert.Equal(LineManager, Assert.Single(answer.Managers).AadObjectId);
    }

    [Fact]
    public async Task GetManager_GraphOutageNothingKnown_FallsBackToTheTeamsManagersSayingWhy()
    {
        await using var people = await StartAsync();
        EnqueueOutage(people.Graph);

        var answer = await people.Directory.GetManagerAsync(people.Tenant, Driver, default);

        Assert.Equal((ManagerSource.TeamManagers, PeopleReasons.GraphUnavailable), (answer.Source, answer.Reason));
        Assert.Equal(Owner, Assert.Single(answer.Managers).AadObjectId);
    }

    [Fact]
    public async Task GetManager_NoManagerAndInNoTeam_NoneWithReason()
    {
        await using var people = await StartAsync();
        const string Stranger = "0d2f4b6a-8c0e-4a2c-9e4a-6c8e0a2c4e6a";
        people.Graph.AddUser(Stranger, "Sam Stranger");

        var answer = await people.Directory.GetManagerAsync(people.Tenant, Stranger, default);

        Assert.False(answer.Found);
        Assert.Equal((ManagerSource.None, PeopleReasons.NotInAnyTeam), (answer.Source, answer.Reason));
    }

    [Fact]
    public async Task GetManager_PersonIsTheTeamsOnlyOwner_DoesNotNameThemselves()
    {
        await using var people = await StartAsync(o => o.Enabled = false);

        var answer = await people.Directory.GetManagerAsync(people.Tenant, Owner, default);

        Assert.Equal((ManagerSource.None, PeopleReasons.NoManagerKnown), (answer.Source, answer.Reason));
    }

    /// <summary>Graph with Driver → LineManager, and a team (bot installed) whose roster has Driver and its owner.</summary>
    private async Task<PeopleHarness> StartAsync(Action<GraphOptions>? configure = null)
    {
        var people = await PeopleHarness.StartAsync(azurite.Server, configure);
        people.Graph.AddUser(LineManager, "Lena Line", "Area manager");
        people.Graph.AddUser(Driver, "Dee Driver", "Driver", "Logistics", "Leeds depot", managerId: LineManager);
        people.Connector.SetRoster(PeopleHarness.TeamId, [FakeConnector.Member("29:driver", Driver, "Dee Driver"), FakeConnector.Member("29:owner", Owner, "Olu Owner", "owner")], pageSize: 2);
        await people.AddTeamReferenceAsync();
        return people;
    }

    /// <summary>More 503s than the client retries.</summary>
    private static void EnqueueOutage(FakeGraph graph)
    {
        for (var i = 0; i < 3; i++)
        {
            graph.Enqueue(503, code: "serviceNotAvailable");
        }
    }
}
