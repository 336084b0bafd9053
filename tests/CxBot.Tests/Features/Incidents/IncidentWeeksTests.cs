using CxBot.Features.Incidents;
using CxBot.Storage;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Features.Incidents;

/// <summary>
/// What the scorecards read of incidents (<see cref="IIncidentWeeks"/>): a team's incidents around some weeks, each seen as it
/// stood at an instant, and the weeks changed since an instant; against real Azurite.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class IncidentWeeksTests(AzuriteFixture azurite)
{
    private const string Tenant = "3d1c9e0b-7a55-4f2e-8c1d-6b0a9e8f7d6c";
    private const string Team = "19:floor@thread.tacv2";
    private const string OtherTeam = "19:warehouse@thread.tacv2";
    private const string Reporter = "5b0a4c1e-0000-4000-8000-00000000b001";
    private static readonly DateOnly Week47 = new(2026, 11, 16);

    private readonly TableServiceClient _tables = TestTables.CreateService(azurite.Server.Endpoint, TestTables.UniquePrefix());

    [Fact]
    public void At_IncidentAcknowledgedRecoveredThenResolved_EachInstantSeesItAsItStoodThen()
    {
        var logged = new DateTimeOffset(2026, 11, 18, 8, 0, 0, TimeSpan.Zero);
        var incident = Incident(1, Team, logged) with { Severity = Severity.High, RootCause = RootCause.Training, Recovered = true, Cost = 12.5m, Status = IncidentStatus.Resolved };
        var timeline = new IncidentTimeline(new IncidentWithHistory(incident,
        [
            new HistoryEntry(1, "logged", Reporter, logged, IncidentStatus.New, null),
            new HistoryEntry(2, "acknowledge", "mgr", logged.AddHours(1), IncidentStatus.Acknowledged, null),
            new HistoryEntry(3, "recovered", "mgr", logged.AddHours(2), IncidentStatus.Acknowledged, "Free delivery"),
            new HistoryEntry(4, "resolve", "mgr", logged.AddHours(4), IncidentStatus.Resolved, "Fixed"),
        ]));

        var justLogged = timeline.At(logged.AddMinutes(30));
        var acknowledged = timeline.At(logged.AddHours(3));
        var resolved = timeline.At(logged.AddHours(5));

        Assert.Equal((incident.Reference, logged), (timeline.Reference, timeline.LoggedAt));
        Assert.Equal(
            new IncidentAsOf(incident.Reference, incident.OccurredAt, logged, "High", "Training", null, null, 12.5m, false, false, false, incident.AcknowledgeBy, incident.ResolveBy, null, null),
            justLogged);
        Assert.Equal((false, false, true, logged.AddHours(1), (DateTimeOffset?)null), (acknowledged.Resolved, acknowledged.IsClosed, acknowledged.Recovered, acknowledged.FirstTriageAt, acknowledged.ResolvedAt));
        Assert.Equal((true, true, true, logged.AddHours(1), (DateTimeOffset?)logged.AddHours(4)), (resolved.Resolved, resolved.IsClosed, resolved.Recovered, resolved.FirstTriageAt, resolved.ResolvedAt));
    }

    [Fact]
    public void At_RecoveredWhenLoggedAndDeclinedLater_RecoveredThroughoutAndDeclinedOnlyAfter()
    {
        var logged = new DateTimeOffset(2026, 11, 18, 8, 0, 0, TimeSpan.Zero);
        var incident = Incident(2, Team, logged) with { Recovered = true, Status = IncidentStatus.Declined };
        var timeline = new IncidentTimeline(new IncidentWithHistory(incident,
        [
            new HistoryEntry(1, "logged", Reporter, logged, IncidentStatus.New, null),
            new HistoryEntry(2, "decline", "mgr", logged.AddHours(1), IncidentStatus.Declined, "Not ours"),
        ]));

        var before = timeline.At(logged.AddMinutes(1));
        var after = timeline.At(logged.AddHours(2));

        Assert.Equal((true, false, false), (before.Recovered, before.Declined, before.IsClosed));
        Assert.Equal((true, true, true, false), (after.Recovered, after.Declined, after.IsClosed, after.Resolved));
    }

    [Fact]
    public async Task AroundWeeksAsync_IncidentsFiledInAndAroundTheWeeks_TheTeamsOwnFromTheWeekEitherSideOnly()
    {
        var store = new IncidentStore(_tables);
        var weeks = new IncidentWeeks(store);
        var inWeek = await CreateAsync(store, 1, Team, Week47, Week47.AddDays(2));
        var weekBefore = await CreateAsync(store, 2, Team, Week47.AddDays(-7), Week47.AddDays(-1));
        var weekAfter = await CreateAsync(store, 3, Team, Week47.AddDays(7), Week47.AddDays(7));
        await CreateAsync(store, 4, Team, Week47.AddDays(-14), Week47.AddDays(-14));
        await CreateAsync(store, 5, Team, Week47.AddDays(14), Week47.AddDays(14));
        await CreateAsync(store, 6, OtherTeam, Week47, Week47.AddDays(2));

        var read = await weeks.AroundWeeksAsync(Tenant, Team, Week47, Week47, default);

        Assert.Equal(
            new[] { inWeek, weekBefore, weekAfter }.Select(i => i.Reference).Order(StringComparer.Ordinal),
            read.Select(t => t.Reference).Order(StringComparer.Ordinal));
        Assert.Equal(inWeek.LoggedAt, read.Single(t => t.Reference == inWeek.Reference).LoggedAt);
    }

    [Fact]
    public async Task WeeksChangedSinceAsync_OneIncidentTriagedLater_OnlyItsWeek()
    {
        var store = new IncidentStore(_tables);
        var weeks = new IncidentWeeks(store);
        var since = Logged(Week47.AddDays(10));
        await CreateAsync(store, 7, Team, Week47, Week47.AddDays(1));
        var changed = await CreateAsync(store, 8, Team, Week47.AddDays(-7), Week47.AddDays(-5));
        var pk = IncidentKeys.WeekOf(Tenant, Team, Week47.AddDays(-7));
        var stored = (await store.GetAsync(pk, changed.Reference, default))!;
        await store.SaveAsync(stored, stored.Incident with { Status = IncidentStatus.Acknowledged, Revision = 2 }, new HistoryEntry(2, "acknowledge", "mgr", since.AddHours(1), IncidentStatus.Acknowledged, null), default);

        var weeksChanged = await weeks.WeeksChangedSinceAsync(Tenant, Team, Week47.AddDays(-14), Week47.AddDays(7), since, default);

        Assert.Equal(Week47.AddDays(-7), Assert.Single(weeksChanged));
    }

    [Fact]
    public void AddIncidentWeeks_OnItsOwnWithTheTables_ResolvesWithValidationAndTwiceRegistersOnce()
    {
        var services = new ServiceCollection();
        services.AddSingleton(_tables);
        services.AddIncidentWeeks().AddIncidentWeeks();

        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.IsType<IncidentWeeks>(provider.GetRequiredService<IIncidentWeeks>());
        Assert.Single(services, d => d.ServiceType == typeof(IncidentStore));
        Assert.Single(services, d => d.ServiceType == typeof(IIncidentWeeks));
    }

    private static DateTimeOffset Logged(DateOnly day) => new(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);

    private static Incident Incident(int n, string team, DateTimeOffset logged) => new(
        IncidentKeys.Reference(2026, n), Tenant, team, "Team", Reporter, "Reporter", "what", logged.AddHours(-1), null, null,
        Severity.Low, RootCause.Tools, false, null, null, "GBP", IncidentStatus.New, null, logged, logged.AddHours(2), logged.AddDays(1), null, 1, [], []);

    /// <summary>An incident of <paramref name="team"/> logged on <paramref name="day"/>, filed under the week of <paramref name="filedUnder"/>.</summary>
    private static async Task<Incident> CreateAsync(IncidentStore store, int n, string team, DateOnly filedUnder, DateOnly day)
    {
        var incident = Incident(n, team, Logged(day));
        var pk = IncidentKeys.WeekOf(Tenant, team, filedUnder);
        Assert.Null(await store.ClaimAsync(incident, pk, "token" + n, default));
        await store.CreateAsync(incident, pk, new HistoryEntry(1, "logged", Reporter, incident.LoggedAt, IncidentStatus.New, null), default);
        return incident;
    }
}
