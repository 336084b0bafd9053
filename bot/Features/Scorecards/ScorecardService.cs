using CxBot.Features.Setup;
using CxBot.Hosting;
using Microsoft.Extensions.Options;

namespace CxBot.Features.Scorecards;

/// <summary>A difference between a stored rollup and the recomputation: the team, the figure (a JSON path) and both values.</summary>
internal sealed record RollupDifference(string TeamId, string Path, string Stored, string Recomputed);

/// <summary>
/// The scorecards' operations: roll a week up (idempotent), build a scope's card data from rollups alone, compare rollups
/// with a recomputation from the records, and the CSV of a week's figures.
/// </summary>
internal sealed class ScorecardService(ScorecardSources sources, ScorecardStore store, SetupService setup, IOptions<ScorecardOptions> options, TimeProvider time)
{
    public SetupService Setup => setup;

    public ScorecardStore Store => store;

    public int TrendWeeks => options.Value.TrendWeeks;

    /// <summary>Rolls up every team's week <paramref name="monday"/> of the tenant and stores it; returns the weeks written.</summary>
    public Task<IReadOnlyList<TeamWeek>> RollupAsync(string tenantId, TenantSetup tenantSetup, DateOnly monday, CancellationToken cancellationToken) =>
        RollupAsync(tenantId, tenantSetup, [monday], cancellationToken);

    /// <summary>Rolls up every team's weeks <paramref name="mondays"/> of the tenant (sharing the reads they have in common) and stores them.</summary>
    public async Task<IReadOnlyList<TeamWeek>> RollupAsync(string tenantId, TenantSetup tenantSetup, IReadOnlyList<DateOnly> mondays, CancellationToken cancellationToken)
    {
        var weeks = await sources.RollupAsync(tenantId, tenantSetup, mondays, cancellationToken);
        await store.SaveAsync(tenantId, weeks, time.GetUtcNow(), cancellationToken);
        return weeks;
    }

    /// <summary>The scorecard data of <paramref name="scope"/> for the week, read from the stored rollups only.</summary>
    public async Task<ScorecardData> BuildAsync(string tenantId, TenantSetup tenantSetup, ScorecardScope scope, DateOnly monday, string? asOf, CancellationToken cancellationToken)
    {
        var weeks = await store.ReadAsync(tenantId, monday.AddDays(-7 * TrendWeeks), monday, cancellationToken);
        return ScorecardBuilder.Build(tenantSetup, scope, monday, TrendWeeks, weeks, asOf);
    }

    /// <summary>Every figure where the stored rollup of the week and a recomputation from the records disagree (none: they are equal).</summary>
    public async Task<IReadOnlyList<RollupDifference>> VerifyAsync(string tenantId, DateOnly monday, CancellationToken cancellationToken)
    {
        var tenantSetup = await setup.GetAsync(tenantId, cancellationToken);
        var stored = (await store.ReadAsync(tenantId, monday, monday, cancellationToken)).ToDictionary(w => w.TeamId, StringComparer.Ordinal);
        var recomputed = await sources.RecomputeAsync(tenantId, tenantSetup, [monday], cancellationToken);
        var differences = new List<RollupDifference>();
        foreach (var week in recomputed)
        {
            differences.AddRange(RollupDiff.Compare(week.TeamId, stored.GetValueOrDefault(week.TeamId), week));
        }

        return differences;
    }

    /// <summary>The scopes a caller may see: every team and the organisation for admins and leadership, else the teams they manage.</summary>
    public static IReadOnlyList<ScorecardScope> ScopesFor(TenantSetup tenantSetup, Caller caller, SetupRoles roles, bool leadership)
    {
        if (leadership || roles.IsAdmin(tenantSetup, caller))
        {
            return [Organisation(tenantSetup), .. tenantSetup.Teams.Select(Team)];
        }

        return [.. tenantSetup.Teams.Where(t => roles.CanManage(tenantSetup, t, caller)).Select(Team)];
    }

    /// <summary>What a leadership channel subscribed to: the organisation and every team, or the chosen teams.</summary>
    public static IReadOnlyList<ScorecardScope> ScopesFor(TenantSetup tenantSetup, LeadershipChannel channel) => channel.AllTeams
        ? [Organisation(tenantSetup), .. tenantSetup.Teams.Select(Team)]
        : [.. channel.Teams.Select(tenantSetup.FindTeam).OfType<TeamSetup>().Select(Team)];

    public static ScorecardScope Organisation(TenantSetup tenantSetup) =>
        new(ScorecardScope.Organisation, tenantSetup.Organisation?.Name is { Length: > 0 } name ? name : "Organisation", tenantSetup.Teams);

    public static ScorecardScope Team(TeamSetup team) => new(team.Id, team.Name, [team]);

    /// <summary>The week now, in the organisation's time zone (the current week's Monday).</summary>
    public DateOnly CurrentMonday(TenantSetup tenantSetup) => ScorecardWeek.MondayOf(time.GetUtcNow(), ScorecardWeek.Zone(tenantSetup.Organisation?.TimeZone));
}
