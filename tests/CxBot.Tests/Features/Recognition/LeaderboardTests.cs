using CxBot.Features.Recognition;
using CxBot.Features.Setup;
using CxBot.Testing;
using CxBot.Tests.Features.Setup;
using CxBot.Tests.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CxBot.Tests.Features.Recognition;

/// <summary>Points and leaderboards with a virtual clock, in a team's time zone far from UTC (Auckland, UTC+13 in summer).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LeaderboardTests(AzuriteFixture azurite)
{
    private const string Zone = "Pacific/Auckland";
    private static readonly PointsRules Rules = new(10, 2, RecognitionOptions.DefaultBadges);
    private readonly string _a = Guid.NewGuid().ToString();
    private readonly string _b = Guid.NewGuid().ToString();
    private readonly string _c = Guid.NewGuid().ToString();

    [Fact]
    public void RangeOf_MondayMorningInAucklandStillSundayInUtc_WeekStartsAtLocalMidnight()
    {
        var now = Local(2026, 11, 23, 9, 0);

        var week = Leaderboards.RangeOf(LeaderboardPeriod.Week, now, TimeZoneInfo.FindSystemTimeZoneById(Zone));

        Assert.Equal(DayOfWeek.Sunday, now.UtcDateTime.DayOfWeek);
        Assert.Equal((new DateOnly(2026, 11, 23), new DateTimeOffset(2026, 11, 22, 11, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 29, 11, 0, 0, TimeSpan.Zero)), (week.FirstDay, week.Start, week.End));
    }

    [Fact]
    public async Task BoardsAsync_AcrossWeekBoundaryInTeamZone_OnlyThisWeeksShoutOutsAndRepeatsInADayCountOnce()
    {
        var (service, clock, caller, store) = await WorldAsync();
        await GiveAsync(store, caller.TenantId, Local(2026, 11, 22, 23, 30), _a, _b);   // Sunday night, local: last week
        await GiveAsync(store, caller.TenantId, Local(2026, 11, 23, 0, 30), _a, _b);    // Monday, local (still Sunday in UTC)
        await GiveAsync(store, caller.TenantId, Local(2026, 11, 23, 15, 0), _a, _b);    // same giver, person and day: once
        await GiveAsync(store, caller.TenantId, Local(2026, 11, 24, 8, 0), _a, _b);     // next day: counts
        await GiveAsync(store, caller.TenantId, Local(2026, 11, 24, 9, 0), _a, _c);     // breadth: another person
        clock.SetUtcNow(Local(2026, 11, 25, 12, 0));

        var boards = await service.BoardsAsync(caller, null, LeaderboardPeriod.Week, default);

        var team = boards[0];
        Assert.Equal(("Store 42", new DateOnly(2026, 11, 23)), (team.Title, team.Range.FirstDay));
        Assert.Equal([(_b, 20, 2, 0, "Bronze"), (_c, 10, 1, 0, null), (_a, 6, 0, 3, null)], team.Standings.Select(s => (s.PersonId, s.Points, s.Received, s.Given, s.Badge?.Name)));
        Assert.Equal([(_b, 20), (_c, 10), (_a, 6)], boards[1].Standings.Select(s => (s.PersonId, s.Points)));
    }

    [Fact]
    public async Task BoardsAsync_AcrossMonthBoundaryInTeamZone_DecemberBeginsAtLocalMidnightWhileUtcIsStillNovember()
    {
        var (service, clock, caller, store) = await WorldAsync();
        await GiveAsync(store, caller.TenantId, Local(2026, 11, 30, 23, 50), _a, _b);   // November, local
        await GiveAsync(store, caller.TenantId, Local(2026, 12, 1, 0, 10), _a, _c);     // December, local; 30 Nov in UTC
        await GiveAsync(store, caller.TenantId, Local(2026, 12, 1, 10, 0), _b, _c);     // another giver to the same person: counts
        clock.SetUtcNow(Local(2026, 12, 1, 18, 0));

        var month = await service.BoardsAsync(caller, null, LeaderboardPeriod.Month, default);
        var quarter = await service.BoardsAsync(caller, null, LeaderboardPeriod.Quarter, default);

        Assert.Equal(new DateOnly(2026, 12, 1), month[0].Range.FirstDay);
        Assert.Equal((_c, 20, 2), (month[0].Standings[0].PersonId, month[0].Standings[0].Points, month[0].Standings[0].Received));
        Assert.Equal([(_a, 2), (_b, 2)], month[0].Standings.Skip(1).Select(s => (s.PersonId, s.Points)).OrderBy(p => p.PersonId == _b));
        Assert.Equal([(_a, 4), (_b, 12), (_c, 20)], quarter[0].Standings.Select(s => (s.PersonId, s.Points)).OrderBy(p => p.Points));
    }

    [Fact]
    public void MonthsOf_PeriodStartingLateInAUtcMonth_IncludesThatPartition()
    {
        var range = Leaderboards.RangeOf(LeaderboardPeriod.Month, Local(2026, 12, 2, 9, 0), TimeZoneInfo.FindSystemTimeZoneById(Zone));

        Assert.Equal(["2026-11", "2026-12"], Leaderboards.MonthsOf(range));
    }

    private static DateTimeOffset Local(int y, int m, int d, int h, int min) => new(y, m, d, h, min, 0, TimeSpan.FromHours(13));

    private static Task GiveAsync(ShoutOutStore store, string tenant, DateTimeOffset at, string giver, string recipient) =>
        store.TryAddAsync(new ShoutOut(Guid.NewGuid().ToString("N"), tenant, giver, "Giver " + giver[..4], [new Recipient(recipient, "Person " + recipient[..4])], new Behaviour("s:x", "X", "⭐"), "Thanks.", at, 0), default);

    /// <summary>A tenant in Auckland whose team "Store 42" has A (its manager, who asks), B and C.</summary>
    private async Task<(LeaderboardService Service, FakeTimeProvider Clock, Caller Caller, ShoutOutStore Store)> WorldAsync()
    {
        var harness = new SetupHarness(azurite.Server);
        var caller = new Caller(SetupHarness.NewTenant(), _a, "Ada");
        await harness.Service.ApplyAsync(caller, "admin.claim", (s, _) => OrganisationChanges.ClaimFirstAdmin(s, caller, harness.Roles, Zone), default);
        await harness.Service.ApplyAsync(caller, "team.ensure", (s, _) => TeamChanges.EnsureTeam(s, caller, "19:store42@thread.tacv2", "Store 42"), default);
        await harness.Service.ApplyAsync(caller, "team.members", (s, _) => TeamChanges.SyncMembers(s, "19:store42@thread.tacv2", [new TeamMember(_b, "B", TeamRole.FrontLine), new TeamMember(_c, "C", TeamRole.FrontLine)], []), default);
        var store = new ShoutOutStore(TestTables.CreateService(azurite.Server.Endpoint));
        return (new LeaderboardService(harness.Service, store, Options.Create(new RecognitionOptions()), harness.Clock), harness.Clock, caller, store);
    }
}
