using CxBot.Features.Incidents;
using CxBot.Features.Scorecards;
using CxBot.Features.Setup;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.Time.Testing;

namespace CxBot.Tests.Features.Scorecards;

/// <summary>
/// A team's incident weeks read in one PartitionKey range: across the ISO year boundary (2026-W52, 2026-W53, 2027-W01), and
/// never picking up another team whose id starts with the same text.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ScorecardRangeTests(AzuriteFixture azurite)
{
    private static readonly DateOnly W51 = new(2026, 12, 14);
    private static readonly DateOnly W52 = new(2026, 12, 21);
    private static readonly DateOnly W53 = new(2026, 12, 28);
    private static readonly DateOnly W01 = new(2027, 1, 4);
    private static readonly DateOnly W02 = new(2027, 1, 11);

    [Fact]
    public async Task ReadWeeks_AcrossYearBoundary_OnlyTheTeamsOwnWeeksInRange()
    {
        var (h, tenant) = await NewAsync();
        await AddAsync(h, tenant, "t1", [(W51, 1), (W52, 2), (W53, 3), (W01, 4), (W02, 5)]);
        await AddAsync(h, tenant, "t10", [(W52, 7), (W53, 7), (W01, 7)]);
        await AddAsync(h, tenant, "t1|2026-W53", [(W53, 6)]);

        var weeks = await h.Incidents.ReadWeeksAsync(tenant, "t1", W52, W01, default);

        Assert.Equal(
            new[] { (IncidentKeys.WeekOf(tenant, "t1", W52), 2), (IncidentKeys.WeekOf(tenant, "t1", W53), 3), (IncidentKeys.WeekOf(tenant, "t1", W01), 4) },
            weeks.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => (w.Key, w.Value.Incidents.Count)));
        Assert.All(weeks.Values.SelectMany(w => w.Incidents), i => Assert.Equal("t1", i.Incident.TeamId));
        Assert.Equal(new[] { 2, 3, 4 }, weeks.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => w.Value.Counters.Logged));
    }

    [Fact]
    public async Task Rollup_WeeksAcrossYearBoundary_PrefixTeams_CountsOwnIncidents_VerifyFindsNoDifference()
    {
        var (h, tenant) = await NewAsync();
        var setup = Setup();
        await h.SaveSetupAsync(tenant, setup);
        await AddAsync(h, tenant, "t1", [(W51, 1), (W52, 2), (W53, 3), (W01, 4), (W02, 5)]);
        await AddAsync(h, tenant, "t10", [(W52, 7), (W53, 8), (W01, 9)]);

        var weeks = await h.Service.RollupAsync(tenant, setup, [W52, W53, W01], default);

        Assert.Equal(
            new[] { ("t1", W52, 2), ("t1", W53, 3), ("t1", W01, 4), ("t10", W52, 7), ("t10", W53, 8), ("t10", W01, 9) },
            weeks.Where(w => w.TeamId != ScorecardScope.Organisation).Select(w => (w.TeamId, w.Monday, w.Incidents.Logged)));
        foreach (var monday in new[] { W52, W53, W01 })
        {
            Assert.Empty((await h.Service.VerifyAsync(tenant, monday, default)).Differences);
        }
    }

    private async Task<(ScorecardHarness H, string Tenant)> NewAsync()
    {
        var h = new ScorecardHarness(azurite.Server, TestTables.UniquePrefix(), new FakeTimeProvider(new DateTimeOffset(2027, 1, 12, 12, 0, 0, TimeSpan.Zero)), new MemoryCheckinResults(), new RecordingSender());
        return (h, Guid.NewGuid().ToString());
    }

    private static TenantSetup Setup() => new(
        new Organisation("Acme", "Europe/London", "GBP", []),
        [new("tp1", 1, "Delivery", "", "")],
        [],
        [.. new[] { "t1", "t10" }.Select(id => new TeamSetup(id, "Site " + id, null, "Europe/London", new TimeOnly(18, 0), [new TeamMember("mgr-" + id, "Manager", TeamRole.Manager)], []))],
        []);

    /// <summary>Logs <c>count</c> incidents on the Wednesday noon (UTC, London's winter time) of each week, through the incident store.</summary>
    private static async Task AddAsync(ScorecardHarness h, string tenant, string teamId, (DateOnly Monday, int Count)[] weeks)
    {
        foreach (var (monday, count) in weeks)
        {
            for (var n = 0; n < count; n++)
            {
                var occurred = new DateTimeOffset(monday.AddDays(2).ToDateTime(new TimeOnly(12, n)), TimeSpan.Zero);
                var incident = new Incident(
                    await h.Incidents.NextReferenceAsync(tenant, monday.Year, default), tenant, teamId, "Site", "reporter", null, "what", occurred, "tp1", null,
                    Severity.Low, RootCause.Training, false, null, 10m, "GBP", IncidentStatus.New, null, occurred, occurred.AddHours(2), occurred.AddDays(1), null, 1, [], []);
                await h.Incidents.CreateAsync(incident, IncidentKeys.WeekOf(tenant, teamId, monday), new HistoryEntry(1, "logged", "reporter", occurred, IncidentStatus.New, null), default);
            }
        }
    }
}
