using CxBot.Features.People;
using CxBot.Features.Setup;
using CxBot.Testing;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Features.People;

/// <summary>The directory over what setup knows: its team managers and members first, Teams rosters for the rest.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SetupSourceTests(AzuriteFixture azurite)
{
    private const string Driver = "9e1b3d5f-7a9c-4e2a-8c4e-6a8c0e2a4c6e";
    private const string Owner = "7f9b1d3e-5a7c-4e9a-8b1d-3e5f7a9b1c3d";
    private const string ShiftLead = "4b6d8f0a-2c4e-4a6c-8e0a-2c4e6a8c0e2c";

    [Fact]
    public async Task GetManager_GraphHasNone_TheManagerSetupNamesForTheTeam()
    {
        await using var people = await StartAsync();
        await SeedAsync(people, new TeamSetup(PeopleHarness.TeamId, "Leeds night shift", PeopleHarness.TeamId, "Europe/London", new TimeOnly(6, 0), [new TeamMember(ShiftLead, "Sky Lead", TeamRole.Manager)], []));

        var answer = await people.Directory.GetManagerAsync(people.Tenant, Driver, default);

        Assert.Equal(ManagerSource.TeamManagers, answer.Source);
        Assert.Equal(new Person(ShiftLead, "Sky Lead"), Assert.Single(answer.Managers));
    }

    [Fact]
    public async Task GetPlacement_InASetupGroupWithoutATeamsTeam_ListsItBesideTheRosterTeam()
    {
        await using var people = await StartAsync();
        await SeedAsync(people, new TeamSetup("hull-depot", "Hull depot", null, "Europe/London", new TimeOnly(18, 0), [new TeamMember(ShiftLead, null, TeamRole.Manager), new TeamMember(Driver, "Dee Driver", TeamRole.FrontLine)], []));

        var answer = await people.Directory.GetPlacementAsync(people.Tenant, Driver, default);

        Assert.Equal(["hull-depot", PeopleHarness.TeamId], answer.Teams.Select(t => t.TeamId));
        var manager = await people.Directory.GetManagerAsync(people.Tenant, Driver, default);
        Assert.Equal([ShiftLead, Owner], manager.Managers.Select(m => m.AadObjectId));
    }

    [Fact]
    public async Task GetManager_PersonManagesTheirSetupTeam_NotTheirOwnManager()
    {
        await using var people = await StartAsync();
        await SeedAsync(people, new TeamSetup(PeopleHarness.TeamId, "Leeds", PeopleHarness.TeamId, "Europe/London", new TimeOnly(18, 0), [new TeamMember(ShiftLead, null, TeamRole.Manager), new TeamMember(Driver, null, TeamRole.Manager)], []));

        var answer = await people.Directory.GetManagerAsync(people.Tenant, Driver, default);

        Assert.Equal((ManagerSource.None, PeopleReasons.NoManagerKnown), (answer.Source, answer.Reason));
    }

    private async Task<PeopleHarness> StartAsync()
    {
        var people = await PeopleHarness.StartAsync(azurite.Server, o => { o.Enabled = false; o.ProactiveInstall = false; });
        people.Connector.SetRoster(PeopleHarness.TeamId, [FakeConnector.Member("29:driver", Driver, "Dee Driver"), FakeConnector.Member("29:owner", Owner, "Olu Owner", "owner")], pageSize: 2);
        await people.AddTeamReferenceAsync();
        return people;
    }

    /// <summary>Writes setup through its service, as its own cards do.</summary>
    private static async Task SeedAsync(PeopleHarness people, TeamSetup team)
    {
        var outcome = await people.Get<SetupService>().ApplyAsync(new Caller(people.Tenant, ShiftLead, "Sky Lead"), "test.seed", (setup, _) => Change.Ok(setup with { Teams = [.. setup.Teams, team] }, "seeded"), default);
        Assert.True(outcome.Applied, outcome.Message);
    }
}
