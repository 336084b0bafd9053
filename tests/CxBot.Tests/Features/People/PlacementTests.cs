using CxBot.Features.People;
using CxBot.Graph;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;

namespace CxBot.Tests.Features.People;

/// <summary>"Which team and site is this person in": the team's site, else Graph's office location.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PlacementTests(AzuriteFixture azurite)
{
    private const string Driver = "9e1b3d5f-7a9c-4e2a-8c4e-6a8c0e2a4c6e";

    [Fact]
    public async Task GetPlacement_TeamHasNoSite_UsesTheOfficeLocation()
    {
        await using var people = await StartAsync();

        var answer = await people.Directory.GetPlacementAsync(people.Tenant, Driver, default);

        Assert.Equal(PeopleHarness.TeamId, Assert.Single(answer.Teams).TeamId);
        Assert.Equal(("Leeds depot", SiteSource.OfficeLocation), (answer.Site, answer.SiteSource));
        Assert.Equal(("Dee Driver", "Driver", "Logistics"), (answer.DisplayName, answer.JobTitle, answer.Department));
        Assert.Null(answer.Reason);
    }

    [Fact]
    public async Task GetPlacement_GraphOff_TeamWithoutSiteSaysSo()
    {
        await using var people = await StartAsync(o => o.Enabled = false);

        var answer = await people.Directory.GetPlacementAsync(people.Tenant, Driver, default);

        Assert.Single(answer.Teams);
        Assert.Equal((null, SiteSource.None, PeopleReasons.NoSiteKnown), (answer.Site, answer.SiteSource, answer.Reason));
        Assert.Empty(people.Graph.Requests);
    }

    [Fact]
    public async Task GetPlacement_SetupGaveTheTeamASite_TheTeamsSiteWins()
    {
        await using var people = await StartAsync();
        var setup = new Mock<ITeamDirectorySource>();
        setup.Setup(s => s.GetTeamsOfAsync(people.Tenant, Driver, It.IsAny<CancellationToken>())).ReturnsAsync([new TeamPlacement("team-1", "Night shift", "Leeds – Kirkstall Road", false)]);
        var directory = new PeopleDirectory(setup.Object, people.Get<ProfileCache>(), people.Get<PersonReach>(), people.Get<IOptions<GraphOptions>>());

        var answer = await directory.GetPlacementAsync(people.Tenant, Driver, default);

        Assert.Equal(("Leeds – Kirkstall Road", SiteSource.Team), (answer.Site, answer.SiteSource));
    }

    [Fact]
    public async Task GetPlacement_InNoTeam_ReasonSaysSo()
    {
        await using var people = await StartAsync();
        const string Stranger = "0d2f4b6a-8c0e-4a2c-9e4a-6c8e0a2c4e6a";

        var answer = await people.Directory.GetPlacementAsync(people.Tenant, Stranger, default);

        Assert.Empty(answer.Teams);
        Assert.Equal(PeopleReasons.NotInAnyTeam, answer.Reason);
    }

    private async Task<PeopleHarness> StartAsync(Action<GraphOptions>? configure = null)
    {
        var people = await PeopleHarness.StartAsync(azurite.Server, configure);
        people.Graph.AddUser(Driver, "Dee Driver", "Driver", "Logistics", "Leeds depot");
        people.Connector.SetRoster(PeopleHarness.TeamId, [FakeConnector.Member("29:driver", Driver, "Dee Driver")], pageSize: 2);
        await people.AddTeamReferenceAsync();
        return people;
    }
}
