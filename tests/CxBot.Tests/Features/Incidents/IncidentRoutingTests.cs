using CxBot.Features.Incidents;
using CxBot.Features.People;
using CxBot.Features.Setup;

namespace CxBot.Tests.Features.Incidents;

/// <summary>Where an incident goes: the directory's manager first, the team's managers in setup (then admins) behind it.</summary>
public sealed class IncidentRoutingTests
{
    private const string Reporter = "00000000-0000-0000-0000-00000000000a";
    private const string TeamManager = "00000000-0000-0000-0000-00000000000b";
    private const string LineManager = "00000000-0000-0000-0000-00000000000c";
    private const string Admin = "00000000-0000-0000-0000-00000000000d";

    private static readonly TeamSetup Team = new("t1", "Leeds", null, "UTC", new TimeOnly(17, 0), [new(Reporter, "R", TeamRole.FrontLine), new(TeamManager, "M", TeamRole.Manager)], []);
    private static readonly TenantSetup Setup = TenantSetup.Empty with { Organisation = new Organisation("Org", "UTC", "GBP", [Admin]), Teams = [Team] };

    [Fact]
    public async Task Approvers_DirectoryKnowsTheManager_ThatManager()
    {
        var routing = new DirectoryIncidentRouting(new Directory([new Person(LineManager, "L")]), new SetupIncidentRouting(new SetupRoles(Microsoft.Extensions.Options.Options.Create(new CxBot.Features.Setup.AdminOptions()))));

        Assert.Equal([LineManager], await routing.ApproversAsync("tenant", Setup, Team, Reporter, default));
    }

    [Fact]
    public async Task Approvers_DirectoryKnowsNobody_TeamManagersThenAdmins()
    {
        var routing = new DirectoryIncidentRouting(new Directory([]), new SetupIncidentRouting(new SetupRoles(Microsoft.Extensions.Options.Options.Create(new CxBot.Features.Setup.AdminOptions()))));
        var managerless = Team with { Members = [new(Reporter, "R", TeamRole.FrontLine)] };

        Assert.Equal([TeamManager], await routing.ApproversAsync("tenant", Setup, Team, Reporter, default));
        Assert.Equal([Admin], await routing.ApproversAsync("tenant", Setup, managerless, Reporter, default));
    }

    /// <summary>A directory that knows one answer about managers; nothing else is asked of it here.</summary>
    private sealed class Directory(IReadOnlyList<Person> managers) : IPeopleDirectory
    {
        public Task<ManagerAnswer> GetManagerAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken) =>
            Task.FromResult(new ManagerAnswer(managers, managers.Count > 0 ? ManagerSource.Directory : ManagerSource.None));

        public Task<PlacementAnswer> GetPlacementAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ReachAnswer> GetReachAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
